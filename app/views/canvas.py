"""`/c/{slug}` (to the latest year) and `/c/{slug}/{year}`: the nine-panel canvas."""

from __future__ import annotations

import sqlite3

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from app.db import queries
from app.domain import BLOCK_KINDS
from app.http.rules import SNAPSHOT, page
from app.views import sharing
from app.views.canvas_html import BLOCK_PAGE
from app.views.canvas_model import CanvasPage, build_canvas, canvas_href
from app.views.figures_model import SNAPSHOT_FIGURES_READ, conflicted, key_figures
from app.views.i18n import Interface, interface
from app.views.responses import First, NotFound, cached_html, database, is_htmx, render
from app.views.responses import company as find_company

router = APIRouter(include_in_schema=False)  # pages, not API operations


@router.api_route("/c/{slug}", methods=["GET", "HEAD"])
@page(SNAPSHOT)  # a redirect that keeps `hl`
def latest(request: Request, slug: str) -> Response:
    company = find_company(database(request).connection(), slug)
    if company.latest_year is None:
        raise NotFound
    href = interface(request).href(canvas_href(company.slug, company.latest_year))  # keeps `hl`
    return RedirectResponse(href, status_code=302)


@router.api_route("/c/{slug}/{year}", methods=["GET", "HEAD"])
@page(SNAPSHOT, fragment=True)  # the fragment: a year switch
def canvas(request: Request, slug: str, year: str) -> Response:
    number = year_number(year)
    fragment = is_htmx(request)

    def build(conn: sqlite3.Connection) -> bytes:
        page, share, ui = shared_page(request, conn, slug, number)
        stated = queries.stated_figures(
            conn, page.company.id, number, SNAPSHOT_FIGURES_READ, with_place=False
        )
        page.key_figures = key_figures(stated, number)
        page.key_conflicts = conflicted(stated, number, page.key_figures)
        template = "partials/canvas.html" if fragment else "canvas.html"
        return render(request, template, ui, page=page, fragment=fragment, share=share)

    return cached_html(request, build)


@router.api_route("/c/{slug}/{year}/{kind}", methods=["GET", "HEAD"])
@page(SNAPSHOT)
def block(request: Request, slug: str, year: str, kind: str, first: First = 1) -> Response:
    """One block on a page of its own, with the metadata chat tools show as a preview; a
    long block a window of `urls.BLOCK_WINDOW` statements at a time (`?from=`)."""
    number = year_number(year)
    if kind not in BLOCK_KINDS:
        raise NotFound

    def build(conn: sqlite3.Connection) -> bytes:
        page, share, ui = shared_page(request, conn, slug, number, kind, first)
        return render(
            request,
            "block.html",
            ui,
            links=BLOCK_PAGE,
            page=page,
            kind=kind,
            panel=page.panel(kind),
            share=share,
        )

    return cached_html(request, build)


def year_number(year: str) -> int:
    """The year in the address, or 404: four ASCII digits only."""
    if not (year.isascii() and year.isdigit() and len(year) == 4):  # not "²⁰¹⁵" nor "٢٠١٥"
        raise NotFound
    return int(year)


def shared_page(
    request: Request,
    conn: sqlite3.Connection,
    slug: str,
    year: int,
    kind: str | None = None,
    first: int | None = None,
) -> tuple[CanvasPage, sharing.Share, Interface]:
    """The canvas (or one block of it), what it offers for sharing, and the language it
    speaks (its statements', unless `?hl=` says otherwise); 404 when the company has no
    canvas that year. The canvas, block and embed pages all start here."""
    company = find_company(conn, slug)
    if year not in {s.year for s in company.snapshots}:
        raise NotFound
    page = canvas_page(conn, company, year, kind, first)
    ui = interface(request, sharing.statements_lang(page, kind))
    return page, sharing.share(str(request.base_url), page, ui, kind), ui


def canvas_page(
    conn: sqlite3.Connection,
    company: queries.CompanySummary,
    year: int,
    kind: str | None = None,
    first: int | None = None,
) -> CanvasPage:
    """The canvas of one year; with `kind`, only that block's claims (numbered from 1), the
    window of them that holds statement `first`."""
    blocks = queries.canvas_blocks(conn, company.id, year)
    lang = next(s.lang for s in company.snapshots if s.year == year)
    if kind is not None:
        blocks = [b for b in blocks if b.kind == kind]
    present = {b.kind for b in blocks if b.claims}
    nearest = {
        k: _nearest(queries.years_with_block(conn, company.id, k), year)
        for k in ([kind] if kind else BLOCK_KINDS)
        if k not in present
    }
    keys = sorted({c.source_key for b in blocks for c in b.claims})
    sources = queries.cited_sources(conn, keys)
    return build_canvas(company, year, blocks, nearest, sources, lang, first if kind else None)


def _nearest(years: list[int], year: int) -> int | None:
    """The closest other year; a tie goes to the later one."""
    others = [y for y in years if y != year]
    if not others:
        return None
    return min(others, key=lambda y: (abs(y - year), -y))
