"""`/embed/{slug}/{year}[/{kind}]`: a canvas or one block for an iframe in someone's wiki.

No site chrome, every link opens in a new tab, the source list folded away; the page posts
its height to the host (static/embed-frame.js) so static/embed.js can size the iframe.
Framing is allowed by app.http.security for these addresses only (CANVAS_EMBED_ORIGINS).
"""

from __future__ import annotations

import sqlite3

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.domain import BLOCK_KINDS
from app.views.canvas import shared_page, year_number
from app.views.canvas_html import EMBED
from app.views.responses import NotFound, cached_html, render

router = APIRouter(include_in_schema=False)


@router.api_route("/embed/{slug}/{year}", methods=["GET", "HEAD"])
def embed_canvas(request: Request, slug: str, year: str) -> Response:
    return _embed(request, slug, year, None)


@router.api_route("/embed/{slug}/{year}/{kind}", methods=["GET", "HEAD"])
def embed_block(request: Request, slug: str, year: str, kind: str) -> Response:
    if kind not in BLOCK_KINDS:
        raise NotFound
    return _embed(request, slug, year, kind)


THEMES = ("light", "dark")  # ?theme= for hosts that force one; else the reader's system's


def _embed(request: Request, slug: str, year: str, kind: str | None) -> Response:
    number = year_number(year)
    theme = request.query_params.get("theme")
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
            theme=theme,
        )

    return cached_html(request, build)
