"""HTTP caching: an ETag on every GET answer, 304 before anything renders, Cache-Control.

Every answer but a static file is a pure function of the database content, the code and
the request's scheme, Host, path, query and HX-Request header (Accept-Encoding only picks
gzip or not, which a weak ETag leaves out, as nginx does). So the ETag is computed from
those before the app runs: a matching If-None-Match gets 304 without a query or a render,
and loading other documents (a new content digest) or deploying other code (a new build
id) changes every ETag at once. A 404 gets one too: it is as pure as a page, so a 304 for
it is true. Static files keep Starlette's own ETag and 304 (size and mtime); they get
Cache-Control here, a year for the vendored files whose names carry their version.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from starlette.types import Message, Scope, Send

if TYPE_CHECKING:
    from app.fastpath import Asked

from app.rendering import Answer
from app.settings import PROJECT_ROOT, project_dir

#: Pages, fragments, embeds, API answers, 404s: a CDN may serve them a minute, and a stale
#: copy for ten more while it revalidates.
PUBLIC = b"public, max-age=60, stale-while-revalidate=600"
IMMUTABLE = b"public, max-age=31536000, immutable"  # htmx-2.0.11.min.js, fonts, axe
NO_STORE = b"no-store"  # errors and refusals: never cached
_VERSIONED = re.compile(r"-\d+\.\d+\.\d+[.-]")
_CACHEABLE = {200, 301, 302, 307, 308, 404}


@cache  # once per process: the code does not change under a running server
def build_id(dirs: tuple[Path, ...] | None = None) -> str:
    """The code's identity: the package version and every file of app/, templates/ and
    static/, hashed (a deploy that changes any of them changes every ETag)."""
    digest = hashlib.sha256()
    with contextlib.suppress(metadata.PackageNotFoundError):
        digest.update(metadata.version("canvas-viewer").encode())
    roots = dirs or (PROJECT_ROOT / "app", project_dir("templates"), project_dir("static"))
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def matches(if_none_match: str, etag: str) -> bool:
    """Weak comparison (RFC 9110 13.1.2): `*`, or any listed tag equal but for `W/`."""
    wanted = etag.removeprefix("W/")
    for item in if_none_match.split(","):
        tag = item.strip()
        if tag == "*" or tag.removeprefix("W/") == wanted:
            return True
    return False


def cache_control(path: str, status: int) -> bytes:
    if path.startswith("/static/") and status in (200, 304):
        return IMMUTABLE if _VERSIONED.search(path) else PUBLIC
    return PUBLIC if status in _CACHEABLE else NO_STORE


def varies_on_hx(path: str) -> bool:
    """The index and canvas addresses serve a page, or the fragment htmx asks for."""
    return path == "/" or path.startswith("/c/")


class HttpCache:
    """ETags and Cache-Control for one app (the content digest comes with each request's
    `Asked`)."""

    def __init__(self, build: str | None = None) -> None:
        self.build = build or build_id()
        self._tags: dict[tuple[str, str, bytes, str, bytes, bool], bytes] = {}
        self._not_modified: dict[bytes, Answer] = {}  # by ETag (the path is in it)

    def etag(self, scope: Scope, asked: Asked | None) -> bytes | None:
        """The ETag this request's answer will carry; None for static files (Starlette's
        own) and when there is no database (503, not cached)."""
        if asked is None:  # a static file, or no database
            return None
        path = scope["path"]
        content = asked.digest
        # scheme and Host are in it: pages carry absolute URLs (embed snippets, previews)
        key = (content, asked.scheme, asked.host, path, scope["query_string"], asked.hx)
        tag = self._tags.get(key)
        if tag is None:
            variant = hashlib.blake2b(repr(key[1:]).encode(), digest_size=6).hexdigest()
            tag = f'W/"{content}-{self.build}-{variant}"'.encode()
            if len(self._tags) > 4096:
                self._tags.clear()
            self._tags[key] = tag
        return tag

    def not_modified(self, scope: Scope, asked: Asked, etag: bytes) -> Answer | None:
        """A 304 when the client's copy is current, else None."""
        inm = asked.if_none_match
        if inm is None or not (inm == etag or matches(inm.decode("latin-1"), etag.decode())):
            return None
        answer = self._not_modified.get(etag)
        if answer is None:
            vary = b"HX-Request, Accept-Encoding"
            if not varies_on_hx(scope["path"]):
                vary = b"Accept-Encoding"
            headers = [(b"etag", etag), (b"cache-control", PUBLIC), (b"vary", vary)]
            if len(self._not_modified) > 4096:
                self._not_modified.clear()
            answer = self._not_modified[etag] = Answer(304, headers, b"")
        return answer

    def wrap(self, scope: Scope, etag: bytes | None, send: Send) -> Send:
        """`send`, adding ETag (when the answer is cacheable) and Cache-Control to the
        answer's headers unless the app set them (Starlette's static files do)."""
        path = scope["path"]
        vary = b"HX-Request, Accept-Encoding" if varies_on_hx(path) else b"Accept-Encoding"

        async def send_with_cache_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                control = cache_control(path, status)
                if etag is not None and control == PUBLIC and b"etag" not in present:
                    headers.append((b"etag", etag))
                if b"cache-control" not in present:
                    headers.append((b"cache-control", control))
                if etag is not None:  # every answer names what it varies on, small or not,
                    # 404s too, so that a 304 can carry the same Vary
                    headers = [(n, v) for n, v in headers if n.lower() != b"vary"]
                    headers.append((b"vary", vary))
                message["headers"] = headers
            await send(message)

        return send_with_cache_headers
