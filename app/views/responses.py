"""What every view shares: the database, the renderer, page-or-fragment answers."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from fastapi import Request
from fastapi.responses import Response

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
    """Render `build` once per database version (when caching is on) and answer it: the
    very bytes app.fastpath sends for a hit, described by the same headers (the rest are
    added to both by app.response_headers)."""
    version, digest, conn = database(request).snapshot()
    asked = Asked.of(request.scope, version, digest)
    page = renderer(request).cached(asked.page_key(request.scope), lambda: build(conn))
    body, headers = page.encoded(asked.gzip)
    response = Response(body)
    response.raw_headers = list(headers)
    return response
