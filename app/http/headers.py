"""The one rule for every response's headers.

Whatever builds a response (a view through Starlette, the page cache, a 304, a refusal),
it says only what describes its own body: content type, length, encoding, and the few
headers that belong to one kind of response (Location, Allow, CORS, a static file's own
validators). Everything else (security and framing, ETag, Cache-Control, Vary) is decided
here, from the route's declared rules (app.http.rules), the status and the ETag, in one
order. So a page rendered now and the same page sent from memory later carry the same
headers, and so do their 304s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from starlette.types import Message, Scope, Send

from app.http.rules import READER, PageRules
from app.http.security import headers_for
from app.settings import ANY_ORIGIN

Header = tuple[bytes, bytes]

#: Pages, fragments, embeds, API responses, 404s: by default a CDN may serve them a minute,
#: and a stale copy for ten more while it revalidates.
PUBLIC = b"public, max-age=60, stale-while-revalidate=600"
IMMUTABLE = b"public, max-age=31536000, immutable"  # htmx-2.0.11.min.js, fonts, axe
NO_STORE = b"no-store"  # errors and refusals: never cached
_VERSIONED = re.compile(r"-\d+\.\d+\.\d+[.-]")
_CACHEABLE = {200, 301, 302, 307, 308, 404}
_FIRST = {b"content-type": 0, b"content-length": 1, b"content-encoding": 2}
_VALIDATORS = frozenset({b"etag", b"last-modified"})  # all a 304 repeats of a static file's


def cache_control(rules: PageRules, path: str, status: int) -> bytes:
    """A file whose name carries its version is kept a year; anything else cacheable as
    long as its route says (a stale copy ten times as long while a CDN revalidates)."""
    if rules.files and status in (200, 304) and _VERSIONED.search(path):
        return IMMUTABLE
    if rules.max_age is None or not (status in _CACHEABLE or status == 304):
        return NO_STORE
    if rules.max_age == 60:
        return PUBLIC
    return f"public, max-age={rules.max_age}, stale-while-revalidate={rules.max_age * 10}".encode()


def vary(rules: PageRules, status: int = 200) -> bytes:
    """Gzip may apply to any response, so every cacheable one varies on Accept-Encoding; a
    page with an htmx fragment on HX-Request, and on the header htmx adds when it restores
    a page from its history (then it wants the whole page); the pages that speak the
    reader's language, and every 404 page, on Accept-Language too."""
    names = [b"HX-Request", b"HX-History-Restore-Request"] if rules.fragment else []
    if status == 404 or rules.language == READER:
        names.append(b"Accept-Language")
    names.append(b"Accept-Encoding")
    return b", ".join(names)


class ResponseHeaders:
    """The rule, for one site's embed origins (who may frame `/embed/` pages)."""

    def __init__(self, embed_origins: tuple[str, ...] = (ANY_ORIGIN,)) -> None:
        # a malformed origin raises ValueError here, at start-up
        self._security = {
            False: headers_for(False, embed_origins),
            True: headers_for(True, embed_origins),
        }
        self._decided = frozenset(
            {b"cache-control", b"vary"}
            | {name for name, _ in self._security[False]}
            | {name for name, _ in self._security[True]}
        )

    def decide(
        self, rules: PageRules, path: str, status: int, own: Iterable[Header], etag: bytes | None
    ) -> list[Header]:
        """The complete header list of a response at `path`, under `rules`, with `status`.

        `own` is what the response says of itself; any header decided here that it carries
        is replaced. A 304 carries the validators and caching headers only (RFC 9110 15.4.5);
        a static file keeps Starlette's ETag and Last-Modified, every other cacheable
        response but a 404 gets `etag`, the site's. (A 404 speaks the reader's language
        at any address, also where `etag` is a canvas's, which no language changes: so it
        carries no tag rather than a tag that would be the same for two languages.)"""
        static = rules.files
        kept = [
            (name.lower(), value)
            for name, value in own
            if name.lower() not in self._decided and (static or name.lower() != b"etag")
        ]
        if status == 304:
            kept = [header for header in kept if header[0] in _VALIDATORS]
        kept.sort(key=lambda header: _FIRST.get(header[0], 3))  # stable: the rest keep order
        control = cache_control(rules, path, status)
        if etag is not None and not static and control != NO_STORE and status != 404:
            kept.append((b"etag", etag))
        kept.append((b"cache-control", control))
        if control != NO_STORE:
            kept.append((b"vary", vary(rules, status)))
        if status != 304:
            kept.extend(self._security[rules.framed])
        return kept

    def applied(
        self, scope: Scope, rules: PageRules, etag: bytes | None, send: Send, exists_check: bool
    ) -> Send:
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
                own = message.get("headers", [])
                message["headers"] = self.decide(rules, path, status, own, etag)
            await send(message)

        return send_decided

    async def send_text(
        self, send: Send, rules: PageRules, path: str, status: int, text: bytes, *own: Header
    ) -> None:
        """A short plain-text response built outside the app (a refusal), by the same rule."""
        body_headers = [
            (b"content-type", b"text/plain; charset=utf-8"),
            (b"content-length", str(len(text)).encode()),
            *own,
        ]
        headers = self.decide(rules, path, status, body_headers, None)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": text})
