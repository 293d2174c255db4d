"""What every view shares: the database, the renderer, page-or-fragment answers."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from fastapi import Request
from fastapi.responses import Response

from app.caching import varies_on_hx
from app.fastpath import Asked
from app.queries import Database
from app.rendering import Renderer


class NotFound(Exception):
    """The company, year or source does not exist; the 404 page lists what does."""


def database(request: Request) -> Database:
    return request.app.state.database  # type: ignore[no-any-return]


def renderer(request: Request) -> Renderer:
    return request.app.state.renderer  # type: ignore[no-any-return]


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def html(body: bytes, status: int = 200) -> Response:
    return Response(body, status_code=status, media_type="text/html; charset=utf-8")


def cached_html(
    request: Request,
    build: Callable[[sqlite3.Connection], bytes],
) -> Response:
    """Render `build` once per database version (when caching is on) and answer it. Whether
    it varies on HX-Request is the path's (app.caching.varies_on_hx): one rule for the first
    answer, the cached ones and the 304s."""
    version, digest, conn = database(request).snapshot()
    asked = Asked.of(request.scope, version, digest)
    vary = varies_on_hx(request.scope["path"])
    page = renderer(request).cached(asked.page_key(request.scope), lambda: build(conn), vary)
    body, headers = page.encoded(asked.gzip)
    response = Response(body)  # the very bytes and headers app.fastpath sends for a hit
    response.raw_headers = list(headers)
    return response
