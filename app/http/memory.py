"""304s and cached pages, answered before anything else runs.

A page depends only on the database file's version and the request's scheme, Host, path,
query and HX-Request header, so once rendered it is sent again straight from the
page cache: no middleware, no routing, no dependency solving, no Response object. The
cached `Page` keeps its gzip body and its complete headers, decided once by
app.http.headers, the rule the app's own responses follow. `MemoryPath.answer` is
asked first on every GET and HEAD, by app.web.Site; misses go on to the app, which renders
and fills the cache under the same key (`RequestKey.page_key`) and answers with the same bytes
and headers.
"""

from __future__ import annotations

from starlette.types import Scope

from app.db.connection import Database
from app.http.caching import HttpCache, is_wildcard
from app.http.page_cache import PageCache, StoredResponse
from app.http.request_key import RequestKey


class MemoryPath:
    """What a GET or HEAD can be answered with before the app runs: a 304, or the page
    the page cache holds (asked by app.web.Site)."""

    def __init__(self, database: Database, pages: PageCache, http_cache: HttpCache) -> None:
        self.database = database
        self.pages = pages
        self.http_cache = http_cache

    def answer(self, scope: Scope) -> tuple[StoredResponse | None, bytes | None]:
        """(the answer or None, the ETag the app's answer must carry). Static files (their
        own ETag) and a missing database (503) get neither. A HEAD's answer carries the
        body too: the caller leaves it out."""
        if scope["path"].startswith("/static/"):
            return None, None
        asked = RequestKey.read(scope, self.database)
        if asked is None:
            return None, None
        cache = self.http_cache
        key = asked.page_key(scope)
        etag = cache.etag(asked.digest, key)
        page = self.pages.lookup(key)
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
