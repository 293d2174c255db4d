"""`/c/{slug}` (to the latest year) and `/c/{slug}/{year}`: the nine-panel canvas."""

from __future__ import annotations

import sqlite3

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from app import queries
from app.loader.block_names import BLOCK_KINDS
from app.views.canvas_model import build_canvas, canvas_href
from app.views.responses import NotFound, cached_html, database, is_htmx, renderer

router = APIRouter(include_in_schema=False)  # pages, not API operations


@router.api_route("/c/{slug}", methods=["GET", "HEAD"])
async def latest(request: Request, slug: str) -> Response:
    company = queries.company(database(request).connection(), slug)
    if company is None or company.latest_year is None:
        raise NotFound
    return RedirectResponse(canvas_href(company.slug, company.latest_year), status_code=302)


@router.api_route("/c/{slug}/{year}", methods=["GET", "HEAD"])
async def canvas(request: Request, slug: str, year: str) -> Response:
    if not (year.isascii() and year.isdigit() and len(year) == 4):  # not "²⁰¹⁵" nor "٢٠١٥"
        raise NotFound
    fragment = is_htmx(request)

    def build(conn: sqlite3.Connection) -> bytes:
        company = queries.company(conn, slug)
        if company is None or int(year) not in {s.year for s in company.snapshots}:
            raise NotFound
        page = canvas_page(conn, company, int(year))
        template = "partials/canvas.html" if fragment else "canvas.html"
        return renderer(request).render(template, page=page, fragment=fragment)

    return cached_html(request, "canvas", build, vary=True)


def canvas_page(conn: sqlite3.Connection, company: queries.CompanySummary, year: int):  # type: ignore[no-untyped-def]
    blocks = queries.canvas_blocks(conn, company.id, year)
    present = {b.kind for b in blocks if b.claims}
    nearest = {
        kind: _nearest(queries.years_with_block(conn, company.id, kind), year)
        for kind in BLOCK_KINDS
        if kind not in present
    }
    keys = sorted({c.source_key for b in blocks for c in b.claims})
    cited = queries.cited_sources(conn, keys)
    info = {key: (title, kind) for key, (title, kind, _) in cited.items()}
    texts = {key: lines for key, (_, _, lines) in cited.items()}
    return build_canvas(company, year, blocks, nearest, info, texts)


def _nearest(years: list[int], year: int) -> int | None:
    """The closest other year; a tie goes to the later one."""
    others = [y for y in years if y != year]
    if not others:
        return None
    return min(others, key=lambda y: (abs(y - year), -y))
