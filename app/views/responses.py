"""What every view shares: the database, the renderer, page-or-fragment answers."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from fastapi import Request
from fastapi.responses import Response
from starlette.types import Scope

from app.compression import wants_gzip
from app.queries import Database
from app.rendering import PageKey, Renderer


class NotFound(Exception):
    """The company, year or source does not exist; the 404 page lists what does."""


def database(request: Request) -> Database:
    return request.app.state.database  # type: ignore[no-any-return]


def renderer(request: Request) -> Renderer:
    return request.app.state.renderer  # type: ignore[no-any-return]


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def html(body: bytes, status: int = 200, vary: bool = False) -> Response:
    headers = {"vary": "HX-Request"} if vary else None
    return Response(
        body, status_code=status, media_type="text/html; charset=utf-8", headers=headers
    )


def cached_html(
    request: Request,
    name: str,
    build: Callable[[sqlite3.Connection], bytes],
    vary: bool = False,
) -> Response:
    """Render `build` once per database version (when caching is on) and answer it."""
    version, conn = database(request).current()
    key = page_key(version, request.scope)
    page = renderer(request).cached(key, lambda: build(conn), vary)
    body, headers = page.encoded(wants_gzip(request.scope))
    response = Response(body)  # the very bytes and headers app.fastpath sends for a hit
    response.raw_headers = list(headers)
    return response


def page_key(version: tuple[int, int], scope: Scope) -> PageKey:
    """What a cached page depends on; app.fastpath looks pages up by the same key. The Host
    is in it because embed snippets and preview metadata carry absolute URLs."""
    hx, host = False, b""
    for name, value in scope["headers"]:
        if name == b"hx-request":
            hx = value == b"true"
        elif name == b"host":
            host = value
    return (version, host, scope["path"], scope["query_string"], hx)
