"""`/embed/{slug}/{year}[/{kind}]`: a canvas or one block for an iframe in someone's wiki.

No site chrome, every link opens in a new tab, the source list folded away; the page posts
its height to the host (static/embed-frame.js) so static/embed.js can size the iframe.
Framing is allowed by app.http.security for these addresses only (CANVAS_EMBED_ORIGINS).
"""

from __future__ import annotations

import sqlite3
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app.domain import BLOCK_KINDS
from app.http.rules import SNAPSHOT, page
from app.views.canvas import shared_page, year_number
from app.views.canvas_html import EMBED
from app.views.responses import NotFound, cached_html, render

router = APIRouter(include_in_schema=False)
#: ?theme=: an embed is light unless its snippet says otherwise (a wiki page is light far more
#: often than its reader's system is dark); "auto" follows the reader's system.
THEMES = ("light", "dark", "auto")
Theme = Annotated[str | None, Query()]  # any other value is a 404, as a malformed year


@router.api_route("/embed/{slug}/{year}", methods=["GET", "HEAD"])
@page(SNAPSHOT, framed=True)
def embed_canvas(request: Request, slug: str, year: str, theme: Theme = None) -> Response:
    return _embed(request, slug, year, None, theme)


@router.api_route("/embed/{slug}/{year}/{kind}", methods=["GET", "HEAD"])
@page(SNAPSHOT, framed=True)
def embed_block(request: Request, slug: str, year: str, kind: str, theme: Theme = None) -> Response:
    if kind not in BLOCK_KINDS:
        raise NotFound
    return _embed(request, slug, year, kind, theme)


def _embed(request: Request, slug: str, year: str, kind: str | None, theme: str | None) -> Response:
    number = year_number(year)
    if theme is not None and theme not in THEMES:
        raise NotFound

    def build(conn: sqlite3.Connection) -> bytes:
        page, share, ui = shared_page(request, conn, slug, number, kind)
        return render(
            request,
            "embed.html",
            ui,
            page=page,
            kind=kind,
            share=share,
            links=EMBED,
            embed=True,
            theme=None if theme == "auto" else (theme or "light"),
        )

    return cached_html(request, build)
