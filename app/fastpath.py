"""304s and cached pages, answered before anything else runs.

A page depends only on the database file's version and the request's scheme, Host, path,
query and HX-Request header, so once rendered it is sent again straight from the
renderer's cache: no middleware, no routing, no dependency solving, no Response object, no
header merging. The cached `Page` carries its complete headers (security headers included)
and its gzip body. `MemoryAnswers.answer` is asked first on every GET and HEAD, by
app.http_protocol under `canvas serve` and by app.web.Site under any other server; misses
go on to the app, which renders and fills the cache under the same key
(`Asked.page_key`) and answers with the same bytes and headers.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.types import Scope

from app.caching import PUBLIC, HttpCache
from app.compression import accepts_gzip
from app.queries import Database, NoDatabase
from app.rendering import Answer, PageKey, Renderer


@dataclass(slots=True)
class Asked:
    """What a GET or HEAD depends on and asks for, read from its headers in one pass."""

    version: tuple[int, int]  # the database file's
    digest: str  # the database content's
    scheme: str  # after a trusted proxy's X-Forwarded-Proto
    hx: bool
    host: bytes
    if_none_match: bytes | None
    gzip: bool

    @classmethod
    def read(cls, scope: Scope, database: Database) -> Asked | None:
        """None when there is no database (the app answers 503)."""
        try:
            version, digest, _ = database.snapshot()
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
        return cls(version, digest, scope["scheme"], hx, host, inm, gzip)

    def page_key(self, scope: Scope) -> PageKey:
        """What a cached page depends on: the one key the fast path looks pages up by and
        app.views.responses fills them under. The scheme and Host are in it because embed
        snippets and preview metadata carry absolute URLs."""
        return (self.version, self.scheme, self.host, scope["path"], scope["query_string"], self.hx)


class MemoryAnswers:
    """What a GET or HEAD can be answered with before the app runs: a 304, or the page
    the renderer cached. One definition for both callers: app.web.Site (inside ASGI) and
    app.http_protocol (inside uvicorn's parser callback, without an ASGI task)."""

    def __init__(self, database: Database, renderer: Renderer, http_cache: HttpCache) -> None:
        self.database = database
        self.renderer = renderer
        self.http_cache = http_cache

    def answer(self, scope: Scope) -> tuple[Answer | None, bytes | None]:
        """(the answer or None, the ETag the app's answer must carry). Static files (their
        own ETag) and a missing database (503) get neither. A HEAD's answer carries the
        body too: the caller leaves it out."""
        if scope["path"].startswith("/static/"):
            return None, None
        asked = Asked.read(scope, self.database)
        if asked is None:
            return None, None
        cache = self.http_cache
        etag = cache.etag(scope, asked)
        if asked.if_none_match is not None:
            answer = cache.not_modified(scope, asked, etag)
            if answer is not None:
                return answer, etag
        page = self.renderer.lookup(asked.page_key(scope))
        if page is None:
            return None, etag
        return page.answer(asked.gzip, etag, PUBLIC), etag
