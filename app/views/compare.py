"""`/c/{slug}/compare/{a}...{b}`: two snapshots of a company, block by block, side by side.

The page speaks the language both snapshots share, or the second's when they differ (the
year compared to, as a reader reads "2015 → 2025"); `?hl=` chooses another, as everywhere.
A year the company lacks is a 404 that lists its years and the comparisons it offers.
"""

from __future__ import annotations

import re
import sqlite3

from babel.numbers import format_decimal
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from app.compare.changes import Change
from app.db import queries
from app.http.rules import SNAPSHOT, page
from app.views.canvas import year_number
from app.views.canvas_model import canvas_href, compare_href
from app.views.compare_model import COMPARE_SHOWN, comparison
from app.views.figures_chart import period_label
from app.views.figures_model import Paired, metric_name
from app.views.i18n import N_, Interface, interface
from app.views.responses import NotFound, cached_html, database, html, render
from app.views.responses import company as find_company

router = APIRouter(include_in_schema=False)

_YEARS = re.compile(r"([0-9]{4})\.\.\.([0-9]{4})")


def years_of(text: str) -> tuple[int, int]:
    """`2015...2025` as two years, or 404 (the address names no comparison)."""
    found = _YEARS.fullmatch(text)
    if found is None:
        raise NotFound
    return year_number(found.group(1)), year_number(found.group(2))


@router.api_route("/c/{slug}/compare/{years}", methods=["GET", "HEAD"])
@page(SNAPSHOT)
def compare(request: Request, slug: str, years: str) -> Response:
    a, b = years_of(years)
    conn = database(request).connection()
    company = find_company(conn, slug)
    have = [s.year for s in company.snapshots]
    if a not in have or b not in have:
        return missing(request, company, [y for y in (a, b) if y not in have])
    if a == b:  # nothing to compare: the canvas of that year
        return RedirectResponse(interface(request).href(canvas_href(company.slug, a)), 302)

    def build(conn: sqlite3.Connection) -> bytes:
        # read again from the snapshot the page is cached under (a load may have swapped
        # the file since the lookup above)
        found = queries.company(conn, slug)
        if found is None or not {a, b} <= {s.year for s in found.snapshots}:
            raise NotFound
        page = comparison(conn, found, a, b)
        ui = interface(request, page.lang_b)  # the language both share, or the second's
        return render(
            request,
            "compare.html",
            ui,
            page=page,
            delta=lambda c: delta(c, ui),
            metric_name=metric_name,
            period_label=lambda key: period_label(key, ui),
            compare_shown=COMPARE_SHOWN,
        )

    return cached_html(request, build)


def missing(request: Request, company: queries.CompanySummary, years: list[int]) -> Response:
    """The 404 of a comparison naming a year the company has no canvas for: its years, and
    each comparison of two of them."""
    ui = interface(request)
    have = [s.year for s in company.snapshots]
    pairs = [(x, y) for i, x in enumerate(have) for y in have[i + 1 :]]
    body = render(
        request,
        "compare_missing.html",
        ui,
        keep_query=False,
        company=company,
        missing=years,
        years=[(y, ui.href(canvas_href(company.slug, y))) for y in have],
        pairs=[(f"{x} → {y}", ui.href(compare_href(company.slug, x, y))) for x, y in pairs],
    )
    return html(body, status=404)


def delta(change: Change | Paired, ui: Interface) -> str:
    """`+6.7%` of an amount, `−2.5 points` between percentages, in the interface's words."""
    if change.points is not None:
        points = format_decimal(change.points, "+#,##0.#;−#,##0.#", locale=ui.locale)
        return ui.gettext(N_("%(points)s points")) % {"points": points}
    if change.relative is None:
        return ""
    percent = format_decimal(change.relative * 100, "+#,##0.0;−#,##0.0", locale=ui.locale)
    return f"{percent}%"
