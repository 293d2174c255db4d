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
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from starlette.types import Scope

if TYPE_CHECKING:
    from app.http.request_key import RequestKey

from app.http.headers import ResponseHeaders
from app.http.page_cache import MAX_KEY_BYTES, PageKey, StoredResponse, key_weight
from app.http.rules import scope_rules
from app.settings import PROJECT_ROOT, project_dir


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


#: Entries of each memo (ETags by request key, 304 answers by ETag), each entry at most
#: MAX_KEY_BYTES of key plus its overhead: at most a few megabytes whatever clients send.
MEMO_ENTRIES = 4096


def matches(if_none_match: str, etag: str) -> bool:
    """Weak comparison (RFC 9110 13.1.2): any listed tag equal but for `W/`. (`*` is not a
    tag: it asks whether the resource exists at all; see `is_wildcard`.)"""
    wanted = etag.removeprefix("W/")
    return any(item.strip().removeprefix("W/") == wanted for item in if_none_match.split(","))


def is_wildcard(if_none_match: bytes) -> bool:
    """`If-None-Match: *`: a 304 only if the resource has a current representation."""
    return if_none_match.strip() == b"*"


class HttpCache:
    """ETags and Cache-Control for one app (the content digest comes with each request's
    `RequestKey`)."""

    def __init__(self, headers: ResponseHeaders, build: str | None = None) -> None:
        self.headers = headers
        self.build = build or build_id()
        self._tags: dict[tuple[str, PageKey], bytes] = {}
        self._not_modified: dict[bytes, StoredResponse] = {}  # by ETag (the path is in it)

    def etag(self, digest: str, page: PageKey) -> bytes:
        """The ETag of the response to the request `page` names, over content `digest`:
        the content, the code, and the request's variant (scheme and Host are in it: pages
        carry absolute URLs). The file version in `page` is not in the tag: the same
        documents loaded again keep their ETags."""
        key = (digest, page)
        tag = self._tags.get(key)
        if tag is None:
            variant = (page.scheme, page.host, page.path, page.query, page.hx, page.lang)
            hashed = hashlib.blake2b(repr(variant).encode(), digest_size=6).hexdigest()
            tag = f'W/"{digest}-{self.build}-{hashed}"'.encode()
            if key_weight(page) <= MAX_KEY_BYTES:  # a longer key is hashed each time
                if len(self._tags) >= MEMO_ENTRIES:
                    self._tags.clear()
                self._tags[key] = tag
        return tag

    def not_modified(self, scope: Scope, asked: RequestKey, etag: bytes) -> StoredResponse | None:
        """A 304 when the client's copy is current, else None."""
        inm = asked.if_none_match
        if inm is None or not (inm == etag or matches(inm.decode("latin-1"), etag.decode())):
            return None  # (`*` included: whether the resource exists is not known yet)
        return self.not_modified_answer(scope, etag)

    def not_modified_answer(self, scope: Scope, etag: bytes) -> StoredResponse:
        """The 304 for this ETag (one per ETag, kept)."""
        answer = self._not_modified.get(etag)
        if answer is None:
            headers = self.headers.decide(scope_rules(scope), scope["path"], 304, (), etag)
            if len(self._not_modified) >= MEMO_ENTRIES:
                self._not_modified.clear()
            answer = self._not_modified[etag] = StoredResponse(304, headers, b"")
        return answer
