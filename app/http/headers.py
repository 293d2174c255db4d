"""The one rule for every response's headers.

Whatever builds a response (a view through Starlette, the page cache, a 304, a refusal),
it says only what describes its own body: content type, length, encoding, and the few
headers that belong to one kind of response (Location, Allow, CORS, a static file's own
validators). Everything else (security and framing, ETag, Cache-Control, Vary) is decided
here, from the path, the status and the ETag, in one order. So a page rendered now and the
same page sent from memory later carry the same headers, and so do their 304s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from starlette.types import Message, Scope, Send

from app.http.security import EMBED_PREFIX, headers_for, is_embed
from app.settings import ANY_ORIGIN

Header = tuple[bytes, bytes]

#: Pages, fragments, embeds, API responses, 404s: a CDN may serve them a minute, and a
#: stale copy for ten more while it revalidates.
PUBLIC = b"public, max-age=60, stale-while-revalidate=600"
IMMUTABLE = b"public, max-age=31536000, immutable"  # htmx-2.0.11.min.js, fonts, axe
NO_STORE = b"no-store"  # errors and refusals: never cached
_VERSIONED = re.compile(r"-\d+\.\d+\.\d+[.-]")
_CACHEABLE = {200, 301, 302, 307, 308, 404}
_FIRST = {b"content-type": 0, b"content-length": 1, b"content-encoding": 2}
_VALIDATORS = frozenset({b"etag", b"last-modified"})  # all a 304 repeats of a static file's


def is_static(path: str) -> bool:
    return path.startswith("/static/")


def cache_control(path: str, status: int) -> bytes:
    if is_static(path) and status in (200, 304):
        return IMMUTABLE if _VERSIONED.search(path) else PUBLIC
    return PUBLIC if status in _CACHEABLE or status == 304 else NO_STORE


def varies_on_hx(path: str) -> bool:
    """The index, the search and a canvas (`/c/{slug}/{year}`) serve a page, or the fragment
    htmx asks for; a block's page, a source, an embed are the same whoever asks."""
    return path in _HX_PAGES or (path.startswith("/c/") and path.count("/") == 3)


_HX_PAGES = frozenset({"/", "/search", "/search/preview"})


def speaks_reader_language(path: str) -> bool:
    """The index, the search, a source and the API's reference page speak the language the
    reader's Accept-Language prefers (unless `?hl=` names one); a canvas, block or embed
    speaks its snapshot's; the API and oEmbed answer JSON."""
    return path in _READER_PAGES or path.startswith("/sources/")


_READER_PAGES = frozenset({"/", "/docs", "/search", "/search/preview"})


def vary(path: str, status: int = 200) -> bytes:
    """Gzip may apply to any response, so every cacheable one varies on Accept-Encoding; the
    pages that speak the reader's language, and every 404 page, on Accept-Language too."""
    names = [b"HX-Request"] if varies_on_hx(path) else []
    if status == 404 or speaks_reader_language(path):
        names.append(b"Accept-Language")
    names.append(b"Accept-Encoding")
    return b", ".join(names)


class ResponseHeaders:
    """The rule, for one site's embed origins (who may frame `/embed/` pages)."""

    def __init__(self, embed_origins: tuple[str, ...] = (ANY_ORIGIN,)) -> None:
        # a malformed origin raises ValueError here, at start-up
        self._security = {
            False: headers_for("/", embed_origins),
            True: headers_for(EMBED_PREFIX, embed_origins),
        }
        self._decided = frozenset(
            {b"cache-control", b"vary"}
            | {name for name, _ in self._security[False]}
            | {name for name, _ in self._security[True]}
        )

    def decide(
        self, path: str, status: int, own: Iterable[Header], etag: bytes | None
    ) -> list[Header]:
        """The complete header list of a response at `path` with `status`.

        `own` is what the response says of itself; any header decided here that it carries
        is replaced. A 304 carries the validators and caching headers only (RFC 9110 15.4.5);
        a static file keeps Starlette's ETag and Last-Modified, every other cacheable
        response but a 404 gets `etag`, the site's. (A 404 speaks the reader's language
        at any address, also where `etag` is a canvas's, which no language changes: so it
        carries no tag rather than a tag that would be the same for two languages.)"""
        static = is_static(path)
        kept = [
            (name.lower(), value)
            for name, value in own
            if name.lower() not in self._decided and (static or name.lower() != b"etag")
        ]
        if status == 304:
            kept = [header for header in kept if header[0] in _VALIDATORS]
        kept.sort(key=lambda header: _FIRST.get(header[0], 3))  # stable: the rest keep order
        control = cache_control(path, status)
        if etag is not None and not static and control == PUBLIC and status != 404:
            kept.append((b"etag", etag))
        kept.append((b"cache-control", control))
        if control != NO_STORE:
            kept.append((b"vary", vary(path, status)))
        if status != 304:
            kept.extend(self._security[is_embed(path)])
        return kept

    def applied(self, scope: Scope, etag: bytes | None, send: Send, exists_check: bool) -> Send:
        """`send`, with the rule applied to the response the app starts. With `exists_check`
        (`If-None-Match: *`), a 200 becomes a 304 without its body: the resource exists; a
        404 stays a 404."""
        path = scope["path"]
        quiet = False  # the body of a response turned into a 304 is not sent

        async def send_decided(message: Message) -> None:
            nonlocal quiet
            if message["type"] == "http.response.body" and quiet:
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b""})
                return
            if message["type"] == "http.response.start":
                status = message["status"]
                if exists_check and status == 200 and etag is not None:
                    quiet = True
                    status = message["status"] = 304
                message["headers"] = self.decide(path, status, message.get("headers", []), etag)
            await send(message)

        return send_decided

    async def send_text(
        self, send: Send, path: str, status: int, text: bytes, *own: Header
    ) -> None:
        """A short plain-text response built outside the app (a refusal), by the same rule."""
        body_headers = [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(text)).encode()),
            *own,
        ]
        headers = self.decide(path, status, body_headers, None)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": text})
