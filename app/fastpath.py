"""Cached pages answered before routing.

A page depends only on the database file's version and the request's path, query and
HX-Request header, so once rendered it is sent again straight from the renderer's cache:
no routing, no dependency solving, no Response object. Misses go on to the app, which
renders and fills the cache under the same key (app.views.responses.page_key).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from app.queries import Database, NoDatabase
from app.rendering import Renderer
from app.views.responses import page_key

_HTML = b"text/html; charset=utf-8"


class CachedPages:
    def __init__(self, app: ASGIApp, database: Database, renderer: Renderer) -> None:
        self.app = app
        self.database = database
        self.renderer = renderer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or not self.renderer.cache_enabled
        ):
            await self.app(scope, receive, send)
            return
        try:
            page = self.renderer.lookup(page_key(self.database.version(), scope))
        except NoDatabase:
            page = None
        if page is None:
            await self.app(scope, receive, send)
            return
        body, vary = page
        headers = [(b"content-type", _HTML), (b"content-length", str(len(body)).encode())]
        if vary:
            headers.append((b"vary", b"HX-Request"))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
        )
