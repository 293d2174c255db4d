"""Response headers every page carries, and the methods the site answers.

A pure ASGI middleware (not BaseHTTPMiddleware, which costs a task per request on the hot
path). The site is read-only: anything but GET and HEAD is 405.

Framing: pages under `/embed/` are meant to sit in other sites' iframes, so they may be
framed by the origins in CANVAS_EMBED_ORIGINS (default any: the data is public); every other
page stays unframeable. Pages may frame the site's own embeds (`frame-src 'self'`: the
canvas page's embed dialog shows a live preview).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.settings import ANY_ORIGIN, parse_embed_origins

EMBED_PREFIX = "/embed/"


def csp(frame_ancestors: str) -> str:
    """The one policy of the site; only who may frame the page differs."""
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "font-src 'self'; connect-src 'self'; frame-src 'self'; base-uri 'none'; "
        f"form-action 'self'; frame-ancestors {frame_ancestors}"
    )


CSP = csp("'none'")
#: The header set of every page that is not an embed.
HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
ALLOWED = {"GET", "HEAD"}


def is_embed(path: str) -> bool:
    return path.startswith(EMBED_PREFIX)


def headers_for(path: str, embed_origins: tuple[str, ...]) -> tuple[tuple[bytes, bytes], ...]:
    """The complete security header set for an answer at `path`.

    An embed gets `frame-ancestors 'self' <origins>` (`*` alone for any) and
    `Cross-Origin-Resource-Policy: cross-origin`, so hosts with COEP can load it; no
    X-Frame-Options (it knows only DENY and SAMEORIGIN, and would override the list) and no
    COOP (meaningless in a frame). The origins are checked again (ValueError), as they go
    into a header; none at all means only the site itself may frame its embeds.
    """
    if not is_embed(path):
        return HEADERS
    origins = parse_embed_origins(" ".join(embed_origins)) if embed_origins else ()
    ancestors = ANY_ORIGIN if origins == (ANY_ORIGIN,) else " ".join(("'self'", *origins))
    return (
        (b"content-security-policy", csp(ancestors).encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
        (b"cross-origin-resource-policy", b"cross-origin"),
    )


class SecurityHeaders:
    """Adds the path's security headers to every answer that does not carry them already
    (a cached page carries its own, see app.rendering.Page)."""

    def __init__(self, app: ASGIApp, embed_origins: tuple[str, ...] = (ANY_ORIGIN,)) -> None:
        self.app = app
        self.page_headers = HEADERS
        self.embed_headers = headers_for(EMBED_PREFIX, embed_origins)  # built once, not per call

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = self.embed_headers if is_embed(scope["path"]) else self.page_headers
        if scope["method"] not in ALLOWED:
            await send(
                {
                    "type": "http.response.start",
                    "status": 405,
                    "headers": [
                        (b"allow", b"GET, HEAD"),
                        (b"content-type", b"text/plain; charset=utf-8"),
                        *headers,
                    ],
                }
            )
            await send({"type": "http.response.body", "body": b"405 Method Not Allowed\n"})
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *(h for h in headers if h[0] not in present),
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)
