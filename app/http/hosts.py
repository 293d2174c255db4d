"""Which Host a request may name, and the site's public address for the absolute URLs it
writes (canonical, og:url, embed snippets, oEmbed).

A page with absolute URLs is cached and sent to everyone (`Cache-Control: public`), so the
address in it must never be whatever a client put in its Host header. With CANVAS_BASE_URL
set, every request is answered as if it had named that address (the Host it sent is
replaced before anything reads it: one page and one ETag whatever it said). Without it,
only loopback names are taken at their word (`make run`, tests, a proxy on the same
machine); any other Host is refused with 421 Misdirected Request, naming the setting.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from starlette.types import Scope

from app.http.compression import MEMO_VALUE_CHARS

MISDIRECTED = (
    b"421 Misdirected Request: this server answers for loopback names only until\n"
    b"CANVAS_BASE_URL names its public address (for example https://canvas.example.org).\n"
)


def is_loopback(host: bytes) -> bool:
    """`localhost`, `*.localhost`, 127.0.0.0/8 or ::1, with or without a port. (Asked on
    every request: a short Host is decided once; a long one every time.)"""
    if len(host) > MEMO_VALUE_CHARS:
        return _is_loopback.__wrapped__(host)
    return _is_loopback(host)


@lru_cache(maxsize=256)
def _is_loopback(host: bytes) -> bool:
    text = host.decode("latin-1").strip().lower()
    if text.startswith("["):  # [::1]:8000
        name = text[1:].partition("]")[0]
    else:
        name = text.rpartition(":")[0] if text.count(":") == 1 else text
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class PublicAddress:
    """Applies the rule above to an HTTP scope, in place."""

    def __init__(self, base_url: str | None) -> None:
        self.base_url = base_url
        if base_url is not None:
            scheme, _, authority = base_url.partition("://")
            self.scheme, self.host = scheme, authority.encode("latin-1")

    def admit(self, scope: Scope) -> bool:
        """True when the request may go on (its Host now the public one, if configured)."""
        if self.base_url is not None:
            headers = [(n, v) for n, v in scope["headers"] if n != b"host"]
            scope["headers"] = [(b"host", self.host), *headers]
            scope["scheme"] = self.scheme
            return True
        host = next((v for n, v in scope["headers"] if n == b"host"), None)
        return host is not None and is_loopback(host)
