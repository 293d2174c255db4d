"""`/oembed`: oEmbed 1.0 (https://oembed.com) for canvas and block pages, so wikis and chat
tools that speak it turn a pasted link into the embed iframe.

Only JSON (`format=xml` is 501, as the spec says for formats a provider lacks). The answer
is `type: rich` with an iframe of the `/embed/...` page, sized within `maxwidth` and
`maxheight`. Only addresses on this site that name an existing canvas or block are
answered; anything else is a 404. Like the API, every answer (errors too) is JSON with
`Access-Control-Allow-Origin: *`, and errors never echo the address.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from urllib.parse import parse_qs, unquote, urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from app.db import queries
from app.db.connection import NoDatabase
from app.domain import BLOCK_KINDS
from app.http.languages import chosen
from app.http.rules import NONE, page
from app.views import urls
from app.views.i18n import N_, choose, page_title
from app.views.responses import database

ENDPOINT = urls.OEMBED_PATH
CORS = {"access-control-allow-origin": "*"}
PROVIDER = N_("Canvas viewer")
CACHE_AGE = 3600  # seconds; a load changes a canvas rarely, and consumers may refetch
#: (width, height) in pixels when the consumer sets no maximum: a canvas's map needs a
#: desktop width (and is under 700 px tall from 1,000 px up); one block reads well in a column.
CANVAS_SIZE = (1200, 820)  # the map with its phrases, at a wiki column of 1,000 px
BLOCK_SIZE = (600, 480)
DEFAULT_PORTS = {"http": "80", "https": "443"}

router = APIRouter(include_in_schema=False)  # a protocol endpoint, not an API operation


def discovery_href(page_path: str) -> str:
    """The `href` of a page's `<link rel="alternate" type="application/json+oembed">`.

    Give the page's absolute URL: the spec wants the full endpoint in the link and the
    page's full URL as `url`, since consumers fetch the link as is. A bare path gives a
    path-relative link (`/oembed?url=%2Fc%2F...&format=json`).
    """
    parts = urlsplit(page_path)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
    return f"{origin}{urls.oembed(page_path)}"


@dataclass(frozen=True, slots=True)
class Target:
    """What a `url` names: a company's canvas for a year, or one block of it."""

    slug: str
    year: int
    kind: str | None
    hl: str | None = None  # the interface language the address asks for (`?hl=`)


def _authority(netloc: str, scheme: str) -> str:
    """host[:port], lower-case, without the scheme's default port."""
    host, sep, port = netloc.lower().rpartition(":")
    if sep and "]" not in port and port == DEFAULT_PORTS.get(scheme):
        return host
    return netloc.lower()


def target(url: str, host: str, scheme: str) -> Target | None:
    """The canvas or block `url` names on this site (at `host`, with port), or None.

    Accepts `/c/{slug}/{year}[/{kind}]` and `/embed/...` of the same, as a path or as an
    http(s) or scheme-less URL on this host; of the query only `hl` is read (chat tools
    add tracking parameters), and the fragment is ignored.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("", "http", "https") or (parts.scheme and not parts.netloc):
        return None
    if parts.netloc:
        mine = _authority(host, scheme)
        if _authority(parts.netloc, parts.scheme or scheme) != mine:
            return None
    elif not parts.path.startswith("/"):
        return None
    segments = unquote(parts.path).split("/")  # decoded first, as the router matches
    if segments[-1] == "" and len(segments) > 2:
        segments.pop()  # a trailing slash: the site redirects it to the page
    if len(segments) not in (4, 5) or segments[0] != "" or segments[1] not in ("c", "embed"):
        return None
    slug, year = segments[2], segments[3]
    kind = segments[4] if len(segments) == 5 else None
    if not (year.isascii() and year.isdigit() and len(year) == 4):
        return None
    if kind is not None and kind not in BLOCK_KINDS:
        return None
    hl = chosen(parse_qs(parts.query, max_num_fields=64).get("hl", [None])[0])
    return Target(slug, int(year), kind, hl)


def _dimension(value: str | None) -> int | None:
    """A `maxwidth`/`maxheight`: absent (or empty, as a form sends it) is no limit; else a
    positive whole number of pixels in ASCII digits, or ValueError."""
    if value is None or value == "":
        return None
    if not (value.isascii() and value.isdigit()) or int(value) == 0:
        raise ValueError(value)
    return int(value)


def _error(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status, headers=CORS)


def iframe(src: str, title: str, width: int, height: int) -> str:
    """The snippet consumers paste: pixel sizes (oEmbed's width and height are pixels),
    lazy, borderless, and no fuller referrer than the site's own policy."""
    return (
        f'<iframe src="{escape(src)}" title="{escape(title)}" width="{width}" '
        f'height="{height}" loading="lazy" style="border:0" '
        'referrerpolicy="strict-origin-when-cross-origin"></iframe>'
    )


@router.api_route(ENDPOINT, methods=["GET", "HEAD"])
@page(NONE)  # JSON; its language is the `url`'s
def oembed(
    request: Request,
    url: str | None = None,
    maxwidth: str | None = None,
    maxheight: str | None = None,
    format: str | None = None,  # the spec's parameter name
) -> JSONResponse:
    if format not in (None, "", "json"):
        return _error(501, "Only format=json is available.")
    try:
        max_width, max_height = _dimension(maxwidth), _dimension(maxheight)
    except ValueError:
        return _error(400, "maxwidth and maxheight must be positive whole numbers of pixels.")
    if not url:
        return _error(400, "The url parameter is required.")
    # The site's own authority as Starlette read it from Host (an invalid Host falls back to
    # the server address): the same one the answer's URLs are built from.
    found = target(url, request.base_url.netloc, request.base_url.scheme)
    try:
        conn = database(request).connection()
    except NoDatabase:
        return _error(503, "No canvases are loaded yet.")
    company = queries.company(conn, found.slug) if found else None
    if found is None or company is None or found.year not in {s.year for s in company.snapshots}:
        return _error(404, "That address is not a canvas or a block on this site.")

    base = str(request.base_url).rstrip("/")
    path = urls.embed(company.slug, found.year, found.kind)
    lang = next(s.lang for s in company.snapshots if s.year == found.year)
    if found.kind is None:
        default = CANVAS_SIZE
    else:
        default = BLOCK_SIZE
        lang = queries.block_lang(conn, company.id, found.year, found.kind) or lang
    # the embed's own language: the address's `hl`, else its statements' (as the page)
    ui = choose(found.hl, lang)
    path = ui.href(path)
    width = min(default[0], max_width or default[0])
    height = min(default[1], max_height or default[1])
    title = page_title(ui, company.name, found.year, found.kind)
    return JSONResponse(
        {
            "type": "rich",
            "version": "1.0",
            "title": title,
            "provider_name": ui.gettext(PROVIDER),
            "provider_url": f"{base}/",
            "cache_age": CACHE_AGE,
            "html": iframe(f"{base}{path}", title, width, height),
            "width": width,
            "height": height,
        },
        headers=CORS,
    )
