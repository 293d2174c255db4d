"""Cached pages answered before anything else runs.

A page depends only on the database file's version and the request's path, query and
HX-Request header, so once rendered it is sent again straight from the renderer's cache:
no middleware, no routing, no dependency solving, no Response object, no header merging.
The cached `Page` carries its complete headers (security headers included) and its gzip
body. app.web.Site asks `answer` first on every request; misses go on to the app, which
renders and fills the cache under the same key (`Asked.page_key`) and answers
with the same bytes and headers.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.types import Scope, Send

from app.compression import accepts_gzip
from app.queries import Database, NoDatabase
from app.rendering import PageKey, Renderer


@dataclass(slots=True)
class Asked:
    """What a GET or HEAD depends on and asks for, read from its headers in one pass."""

    version: tuple[int, int]  # the database file's
    digest: str  # the database content's
    hx: bool
    host: bytes
    if_none_match: bytes | None
    gzip: bool

    @classmethod
    def read(cls, scope: Scope, database: Database) -> Asked | None:
        """None when there is no database (the app answers 503)."""
        try:
            version, digest = database.state()
        except NoDatabase:
            return None
        return cls.of(scope, version, digest)

    @classmethod
    def of(cls, scope: Scope, version: tuple[int, int], digest: str) -> Asked:
        hx, host, inm, gzip = False, b"", None, False
        for name, value in scope["headers"]:
            if name == b"hx-request":
                hx = value == b"true"
            elif name == b"host":
                host = value
            elif name == b"if-none-match":
                inm = value
            elif name == b"accept-encoding":
                gzip = accepts_gzip(value.decode("latin-1"))
        return cls(version, digest, hx, host, inm, gzip)

    def page_key(self, scope: Scope) -> PageKey:
        """What a cached page depends on: the one key the fast path looks pages up by and
        app.views.responses fills them under. The Host is in it because embed snippets and
        preview metadata carry absolute URLs."""
        return (self.version, self.host, scope["path"], scope["query_string"], self.hx)


class CachedPages:
    def __init__(self, database: Database, renderer: Renderer) -> None:
        self.database = database
        self.renderer = renderer

    async def answer(
        self,
        scope: Scope,
        send: Send,
        asked: Asked,
        extra: list[tuple[bytes, bytes]] | None = None,
    ) -> bool:
        """Send the cached page for this request, if there is one, with `extra` headers
        (its ETag and Cache-Control); whether it was sent."""
        if not self.renderer.cache_enabled:
            return False
        page = self.renderer.lookup(asked.page_key(scope))
        if page is None:
            return False
        body, headers = page.encoded(asked.gzip)
        if extra:
            headers = headers + extra
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send(
            {"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body}
        )
        return True
