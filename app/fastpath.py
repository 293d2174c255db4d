"""Cached pages answered before anything else runs.

A page depends only on the database file's version and the request's path, query and
HX-Request header, so once rendered it is sent again straight from the renderer's cache:
no middleware, no routing, no dependency solving, no Response object, no header merging.
The cached `Page` carries its complete headers (security headers included) and its gzip
body. app.web.Site asks `answer` first on every request; misses go on to the app, which
renders and fills the cache under the same key (app.views.responses.page_key) and answers
with the same bytes and headers.
"""

from __future__ import annotations

from starlette.types import Scope, Send

from app.compression import wants_gzip
from app.queries import Database, NoDatabase
from app.rendering import Renderer
from app.views.responses import page_key


class CachedPages:
    def __init__(self, database: Database, renderer: Renderer) -> None:
        self.database = database
        self.renderer = renderer

    async def answer(
        self, scope: Scope, send: Send, extra: list[tuple[bytes, bytes]] | None = None
    ) -> bool:
        """Send the cached page for this request, if there is one, with `extra` headers
        (its ETag and Cache-Control); whether it was sent."""
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or not self.renderer.cache_enabled
        ):
            return False
        try:
            page = self.renderer.lookup(page_key(self.database.version(), scope))
        except NoDatabase:
            return False
        if page is None:
            return False
        body, headers = page.encoded(wants_gzip(scope))
        if extra:
            headers = headers + extra
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
        )
        return True
