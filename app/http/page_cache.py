"""Rendered pages kept while the database file stays the same, and sent from memory.

The database is read-only to the site and changes only when the loader swaps in a new
file, so a page rendered for one file version can be served again until the next swap.
"""

from __future__ import annotations

import contextlib
import gzip
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import NamedTuple

from app.http.compression import CACHED_LEVEL, MIN_SIZE, PER_REQUEST_LEVEL
from app.http.headers import Header, ResponseHeaders
from app.http.rules import PageRules


class PageKey(NamedTuple):
    """What a page depends on: the one key the front door looks pages up by and the views
    fill them under (app.http.request_key.RequestKey.page_key)."""

    version: tuple[int, int]  # the database file's
    scheme: str
    host: bytes
    path: str
    query: bytes  # what of the query string a page reads
    hx: bool  # HX-Request: the htmx fragment
    lang: str = ""  # the interface language Accept-Language chose, where a page speaks it


#: A page whose key (Host, path, the query it reads) is longer than this is served but never
#: kept: real addresses are far shorter, and a client sending 8 KB queries must not fill the
#: cache with its keys.
MAX_KEY_BYTES = 2048
#: What a kept key costs beyond its bytes: the tuple, its strings, the dict's entry.
KEY_OVERHEAD = 512
#: A page heavier than this share of the budget is served but not kept (a hostile document's
#: page must not push every other page out, nor be kept whatever its size).
MAX_SHARE = 8


def not_found_key(version: tuple[int, int], lang: str, carried: str | None = None) -> PageKey:
    """Where the 404 page of a language is kept: it echoes nothing of the address and writes
    no absolute one, so one serves every address (app.views.errors renders it; the front
    door sends it for an address no route answers). No request's path is "404"."""
    return PageKey(version, "", b"", "404", b"", False, f"{lang}:{carried or ''}")


def key_weight(key: PageKey) -> int:
    """What keeping `key` costs, in bytes (counted against the cache's budget)."""
    return len(key.host) + len(key.path) + len(key.query) + KEY_OVERHEAD


HTML = b"text/html; charset=utf-8"
JSON = b"application/json"


class StoredResponse:
    """A whole answer, ready to send from memory: its status, headers and body."""

    __slots__ = ("body", "headers", "status")

    def __init__(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body


class Page:
    """A rendered page, in each encoding, and its whole responses.

    Built once per page and database version; the gzip body and the header lists are made
    on first demand and kept, so a cached response costs a lookup and two sends.
    """

    __slots__ = ("_answers", "_encoded", "body", "extra", "level", "media_type")

    def __init__(
        self,
        body: bytes,
        level: int = CACHED_LEVEL,
        media_type: bytes = HTML,
        extra: tuple[Header, ...] = (),
    ) -> None:
        self.body = body
        self.level = level  # gzip level: the best for a page sent many times
        self.media_type = media_type
        self.extra = extra  # headers of this kind of answer (the API's CORS)
        self._encoded: dict[bool, tuple[bytes, list[Header]]] = {}
        self._answers: dict[tuple[bool, bytes, int, PageRules], StoredResponse] = {}

    @property
    def weight(self) -> int:
        """What the page holds once both encodings are made: its body, and a gzip body
        counted at its largest (compression at least halves a page; headers are small)."""
        return len(self.body) + len(self.body) // 2 + 1024

    def encoded(self, gzip_ok: bool) -> tuple[bytes, list[Header]]:
        """(body, the headers describing it) for a client that does or does not accept
        gzip; app.http.headers adds the rest."""
        gzip_ok = gzip_ok and len(self.body) >= MIN_SIZE
        found = self._encoded.get(gzip_ok)
        if found is None:
            body = gzip.compress(self.body, self.level, mtime=0) if gzip_ok else self.body
            headers = [
                (b"content-type", self.media_type),
                (b"content-length", str(len(body)).encode()),
                *([(b"content-encoding", b"gzip")] if gzip_ok else []),
                *self.extra,
            ]
            found = self._encoded[gzip_ok] = (body, headers)
        return found

    def answer(
        self,
        gzip_ok: bool,
        rules: PageRules,
        path: str,
        etag: bytes | None,
        rule: ResponseHeaders,
        status: int = 200,
    ) -> StoredResponse:
        """The page as a whole response, headers by `rule` (one ETag per page in practice:
        the page lives for one database version; the 404 page has none, and answers for
        every route: its headers are kept per route's rules, as many as there are routes)."""
        memo = (gzip_ok, etag or b"", status, rules)
        found = self._answers.get(memo)
        if found is None:
            body, own = self.encoded(gzip_ok)
            headers = rule.decide(rules, path, status, own, etag)
            found = StoredResponse(status, headers, body)
            self._answers[memo] = found
        return found


class PageCache:
    """Recent pages by key, up to `max_bytes` for pages and keys together, the oldest going
    first; with `enabled` off, every page is built for one response and kept by nobody."""

    def __init__(self, enabled: bool, max_bytes: int = 48 << 20) -> None:
        self.enabled = enabled
        self.max_bytes = max_bytes  # what the kept pages may weigh: their bodies, both encodings
        self.cached_bytes = 0
        self._pages: OrderedDict[PageKey, Page] = OrderedDict()
        self._lock = threading.Lock()

    def lookup(self, key: PageKey) -> Page | None:
        """The page kept under `key`, now the last to go (least recently used first: a page
        readers keep asking for stays while one-off pages come and go)."""
        if not self.enabled:
            return None
        page = self._pages.get(key)
        if page is not None:
            with contextlib.suppress(KeyError):  # (another thread may have just let it go)
                self._pages.move_to_end(key)
        return page

    def cached(
        self,
        key: PageKey,
        build: Callable[[], bytes],
        media_type: bytes = HTML,
        extra: tuple[Header, ...] = (),
    ) -> Page:
        """The page `key` names: kept, or built by `build` (an HTML page, or JSON with
        `media_type`; `extra`: headers of its kind, sent with it from memory too)."""
        if not self.enabled:
            return Page(build(), PER_REQUEST_LEVEL, media_type, extra)  # sent once: fast gzip
        page = self._pages.get(key)
        if page is None:
            built = Page(build(), CACHED_LEVEL, media_type, extra)  # outside the lock
            weight = built.weight + key_weight(key)
            if key_weight(key) > MAX_KEY_BYTES or weight > self.max_bytes // MAX_SHARE:
                return built  # served, not kept
            with self._lock:  # handlers run in worker threads: one writer at a time
                page = self._pages.get(key)
                if page is None:  # another thread may have built it meanwhile: keep one
                    page = self._pages[key] = built
                    self.cached_bytes += weight
                    while self.cached_bytes > self.max_bytes:
                        gone, oldest = self._pages.popitem(last=False)
                        self.cached_bytes -= oldest.weight + key_weight(gone)
        return page
