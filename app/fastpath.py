"""Cached pages answered before routing, and before every other middleware.

A page depends only on the database file's version and the request's path, query and
HX-Request header, so once rendered it is sent again straight from the renderer's cache:
no routing, no dependency solving, no Response object, no header merging; the cached
`Page` carries its complete headers (security headers included) and its gzip body. Misses
go on to the app, which renders and fills the cache under the same key
(app.views.responses.page_key) and answers with the same bytes and headers.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from app.compression import wants_gzip
from app.queries import Database, NoDatabase
from app.rendering import Renderer
from app.views.responses import page_key


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
        body, headers = page.encoded(wants_gzip(scope))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
        )
