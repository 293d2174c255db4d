"""Compression: gzip for every text answer a client accepts it for.

Two paths. Pages the renderer caches are compressed once, at the highest level, on the
first request that accepts gzip, and the compressed bytes are sent again from then on
(app.http.front_door); a 190 KB canvas goes out as about 25 KB. Everything else (JSON, CSS, JS,
error pages, and pages when caching is off) is compressed per answer by Starlette's
GZipMiddleware at level 1, which is nginx's default: a tenth of level 9's time for 25%
more bytes, since it is paid on every request.
"""

from __future__ import annotations

from functools import lru_cache

from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

MIN_SIZE = 1024  # below this, gzip's framing saves too little to be worth a round
PER_REQUEST_LEVEL = 1
CACHED_LEVEL = 9


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding value admits gzip (`gzip;q=0` refuses it; `*` admits it).
    Clients send a handful of short values: each is parsed once; a long one every time, so
    the memo stays a few kilobytes whatever is sent."""
    if len(accept_encoding) > MEMO_VALUE_CHARS:
        return _accepts_gzip.__wrapped__(accept_encoding)
    return _accepts_gzip(accept_encoding)


#: The longest header value the request-path memos keep (app.http.hosts, .languages too).
MEMO_VALUE_CHARS = 256


@lru_cache(maxsize=64)
def _accepts_gzip(accept_encoding: str) -> bool:
    verdict: dict[str, bool] = {}
    for item in accept_encoding.lower().split(","):
        coding, _, params = item.partition(";")
        coding = coding.strip()
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        verdict[coding] = q > 0
    return verdict.get("gzip", verdict.get("x-gzip", verdict.get("*", False)))


def wants_gzip(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"accept-encoding":
            return accepts_gzip(value.decode("latin-1"))
    return False


class PerRequestGzip(GZipMiddleware):
    """Starlette's GZipMiddleware at level 1, honouring q-values (on its own it looks for
    the letters "gzip" and so compresses for `gzip;q=0` too)."""

    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app, minimum_size=MIN_SIZE, compresslevel=PER_REQUEST_LEVEL)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not wants_gzip(scope):
            headers = [(n, v) for n, v in scope["headers"] if n != b"accept-encoding"]
            scope = {**scope, "headers": headers}
        await super().__call__(scope, receive, send)
