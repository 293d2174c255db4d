"""304s and cached pages, answered before anything else runs.

A page depends only on the database file's version and the request's scheme, Host, path,
query and HX-Request header, so once rendered it is sent again straight from the
renderer's cache: no middleware, no routing, no dependency solving, no Response object. The
cached `Page` keeps its gzip body and its complete headers, decided once by
app.response_headers, the rule the app's own responses follow. `MemoryAnswers.answer` is
asked first on every GET and HEAD, by app.web.Site; misses go on to the app, which renders
and fills the cache under the same key (`Asked.page_key`) and answers with the same bytes
and headers.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.types import Scope

from app.caching import HttpCache, is_wildcard, page_query
from app.compression import accepts_gzip
from app.queries import Database, NoDatabase
from app.rendering import Answer, PageKey, Renderer

_ASKED = frozenset((b"hx-request", b"host", b"if-none-match", b"accept-encoding"))


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
    query: bytes  # what of the query string a page reads (app.caching.page_query)

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
        # the first of repeated headers, as the views read them (Starlette's `headers.get`
        # and base URL): a page must be stored under the key of what it was rendered for
        first: dict[bytes, bytes] = {}
        for name, value in scope["headers"]:
            if name in _ASKED and name not in first:
                first[name] = value
        encoding = first.get(b"accept-encoding")
        return cls(
            version,
            digest,
            scope["scheme"],
            first.get(b"hx-request") == b"true",
            first.get(b"host", b""),
            first.get(b"if-none-match"),
            encoding is not None and accepts_gzip(encoding.decode("latin-1")),
            page_query(scope["path"], scope["query_string"]),
        )

    def page_key(self, scope: Scope) -> PageKey:
        """What a cached page depends on: the one key the fast path looks pages up by and
        app.views.responses fills them under. The scheme and Host are in it because embed
        snippets and preview metadata carry absolute URLs; of the query, only what a page
        reads (`?utm=1`, `?utm=2`... are the one page, not a render and an entry each)."""
        return (self.version, self.scheme, self.host, scope["path"], self.query, self.hx)


class MemoryAnswers:
    """What a GET or HEAD can be answered with before the app runs: a 304, or the page
    the renderer cached (asked by app.web.Site)."""

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
        page = self.renderer.lookup(asked.page_key(scope))
        if asked.if_none_match is not None:
            if is_wildcard(asked.if_none_match):
                if page is not None:  # it exists: `*` matches
                    return cache.not_modified_answer(scope, etag), etag
            else:
                answer = cache.not_modified(scope, asked, etag)
                if answer is not None:
                    return answer, etag
        if page is None:
            return None, etag
        return page.answer(asked.gzip, scope["path"], etag, cache.headers), etag
