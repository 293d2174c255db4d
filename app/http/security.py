"""The security headers of a response at a path (app.http.headers sends them).

Framing: embeds (routes declared `framed`, app.http.rules) are meant to sit in other sites'
iframes, so they may be framed by the origins in CANVAS_EMBED_ORIGINS (default any: the data
is public); every other page stays unframeable. Pages may frame the site's own embeds
(`frame-src 'self'`: the canvas page's embed dialog shows a live preview).
"""

from __future__ import annotations

from app.settings import ANY_ORIGIN, parse_embed_origins


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


def headers_for(framed: bool, embed_origins: tuple[str, ...]) -> tuple[tuple[bytes, bytes], ...]:
    """The complete security header set for an answer that may be `framed` or not.

    An embed gets `frame-ancestors 'self' <origins>` (`*` alone for any) and
    `Cross-Origin-Resource-Policy: cross-origin`, so hosts with COEP can load it; no
    X-Frame-Options (it knows only DENY and SAMEORIGIN, and would override the list) and no
    COOP (meaningless in a frame). The origins are checked again (ValueError), as they go
    into a header; none at all means only the site itself may frame its embeds.
    """
    if not framed:
        return HEADERS
    origins = parse_embed_origins(" ".join(embed_origins)) if embed_origins else ()
    ancestors = ANY_ORIGIN if origins == (ANY_ORIGIN,) else " ".join(("'self'", *origins))
    return (
        (b"content-security-policy", csp(ancestors).encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
        (b"cross-origin-resource-policy", b"cross-origin"),
    )
