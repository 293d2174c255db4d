"""`/c/{slug}/figures`: a company's figures over time, per metric, each value cited; and the
same data as CSV (`/c/{slug}/figures.csv`) and each chart as SVG (`/c/{slug}/figures/{id}.svg`).
The JSON is the API's (`/api/companies/{slug}/figures`).

A company page, not a snapshot's: it speaks the reader's language. Series and what the site
derives from the figures are app.views.figures_model's; the drawing is app.views.figures_chart's.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.db import queries
from app.domain import ENGLISH_TITLES
from app.http.rules import NONE, READER, page
from app.views import urls
from app.views.canvas_html import labels
from app.views.figures_chart import NARROW, WIDE, Chart, draw, period_label
from app.views.figures_model import FIGURES_READ, Point, Series, metric_name, series
from app.views.i18n import N_, Interface, interface
from app.views.responses import NotFound, cached_html, render
from app.views.responses import company as find_company

router = APIRouter(include_in_schema=False)  # pages, not API operations

CSV = b"text/csv; charset=utf-8"
SVG = b"image/svg+xml"
#: A spreadsheet opens a UTF-8 file as such when it starts with the byte order mark.
BOM = "\ufeff"


@dataclass(slots=True)
class SeriesView:
    """One series as the page shows it: its heading, its chart (two periods or more) and its
    rows, one per statement."""

    series: Series
    id: str
    heading: str  # the metric's name
    scope: str | None  # as first written; None: the company as a whole
    scope_lang: str  # the language it is written in
    detail: str  # its period kind, reading, unit or currency, in words
    chart: Chart | None
    narrow: Chart | None  # the same at a phone's width
    rows: list[PointRow] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PointRow:
    period: str  # as a reader reads it
    written: str  # the figure as its statement writes it
    label: str  # what it measures, in the document's words
    notes: str  # projected, at least, earlier, the documents differ, no period written
    year: int
    statement_href: str
    lines_href: str
    lines: str  # "lines 12–15"
    conflict: bool
    projected: bool
    lang: str  # the statement's: the value and label are its words


@dataclass(slots=True)
class FiguresPage:
    company: queries.CompanySummary
    charted: list[SeriesView]
    once: list[SeriesView]  # series stated for one period only: a table, no chart
    truncated: bool


_KIND_WORDS = {
    "year": N_("by year"),
    "fiscal": N_("by fiscal year"),
    "quarter": N_("by quarter"),
    "date": N_("as of a date"),
    "range": N_("over a range of years"),
}
_QUALIFIER_WORDS = {
    "projected": N_("projected"),
    "at least": N_("at least"),
    "at most": N_("at most"),
    "about": N_("about"),
    "earlier": N_("an earlier value, written beside a later one"),
    "adjusted": N_("adjusted"),
}


def company_figures(
    conn: sqlite3.Connection, company: queries.CompanySummary, ui: Interface
) -> FiguresPage:
    stated = queries.stated_figures(conn, company.id, limit=FIGURES_READ + 1)
    truncated = len(stated) > FIGURES_READ
    found = series(stated[:FIGURES_READ])
    charted: list[SeriesView] = []
    once: list[SeriesView] = []
    for one in found:
        view = series_view(company, one, ui)
        (charted if view.chart else once).append(view)
    return FiguresPage(company, charted, once, truncated)


def series_view(company: queries.CompanySummary, one: Series, ui: Interface) -> SeriesView:
    key = one.key
    heading = metric_name(key.metric, ui.lang)
    title = f"{heading} — {one.label}" if one.label else heading
    words = [ui.gettext(_KIND_WORDS[key.kind])]
    if key.reading:
        words.append(ui.gettext(_QUALIFIER_WORDS[key.reading]))
    if key.currency:
        words.append(key.currency)
    detail = " · ".join(words)
    rows: list[PointRow] = []
    hrefs: dict[int, str] = {}
    for period in one.periods:
        label = period_label(period.key, ui)
        for value in period.values:
            for point in value.points:
                row = point_row(company, point, label, period.conflict, ui)
                hrefs[id(point)] = row.lines_href
                rows.append(row)
    chart = narrow = None
    if len(one.periods) > 1:
        description = ui.gettext(
            N_("%(count)s values over %(periods)s periods, %(first)s to %(last)s")
        ) % {
            "count": len(rows),
            "periods": len(one.periods),
            "first": period_label(one.periods[0].key, ui),
            "last": period_label(one.periods[-1].key, ui),
        }
        chart = draw(one, title, description, ui, hrefs, WIDE)
        narrow = draw(one, title, description, ui, hrefs, NARROW)
    scope_lang = one.points[0].stated.lang
    return SeriesView(one, key.id, heading, one.label, scope_lang, detail, chart, narrow, rows)


def point_row(
    company: queries.CompanySummary, point: Point, period: str, conflict: bool, ui: Interface
) -> PointRow:
    s = point.stated
    notes = [ui.gettext(_QUALIFIER_WORDS[q]) for q in point.qualifiers if q in _QUALIFIER_WORDS]
    notes = [n for n in notes if n != ui.gettext(_QUALIFIER_WORDS["adjusted"])]  # the heading
    if point.assumed:
        notes.append(ui.gettext(N_("the snapshot's year: the document writes no period")))
    if conflict:
        notes.append(ui.gettext(N_("the documents differ for this period")))
    return PointRow(
        period=period,
        written=s.figure.text,
        label=s.figure.label or "",
        notes=ui.join(notes) if notes else "",
        year=s.year,
        statement_href=ui.href(urls.statement(company.slug, s.year, s.kind, s.place, s.anchor)),
        lines_href=ui.href(urls.source_lines(s.source_key, s.line_start, s.line_end)),
        lines=labels(ui).lines_label(s.line_start, s.line_end),
        conflict=conflict,
        projected=point.projected,
        lang=s.lang,
    )


# -- routes --------------------------------------------------------------------------------


@router.api_route("/c/{slug}/figures", methods=["GET", "HEAD"])
@page(READER)
def figures(request: Request, slug: str) -> Response:
    def build(conn: sqlite3.Connection) -> bytes:
        company = find_company(conn, slug)
        ui = interface(request)
        found = company_figures(conn, company, ui)
        return render(request, "figures.html", ui, page=found, limit=FIGURES_READ)

    return cached_html(request, build)


@router.api_route("/c/{slug}/figures.csv", methods=["GET", "HEAD"])
@page(NONE)
def figures_csv(request: Request, slug: str) -> Response:
    """Every value of every series, one row a statement, with its citation (RFC 4180)."""
    base = str(request.base_url).rstrip("/")

    def build(conn: sqlite3.Connection) -> bytes:
        company = find_company(conn, slug)
        stated = queries.stated_figures(conn, company.id, limit=FIGURES_READ)
        return "".join(csv_lines(company, series(stated), base)).encode("utf-8")

    return cached_html(request, build, CSV, _attachment(f"{slug}-figures.csv"))


@router.api_route("/c/{slug}/figures/{chart}.svg", methods=["GET", "HEAD"])
@page(READER)  # its words (period labels, title) are in the reader's language
def figures_svg(request: Request, slug: str, chart: str) -> Response:
    def build(conn: sqlite3.Connection) -> bytes:
        company = find_company(conn, slug)
        ui = interface(request)
        stated = queries.stated_figures(conn, company.id, limit=FIGURES_READ)
        one = next((s for s in series(stated) if s.key.id == chart), None)
        view = series_view(company, one, ui) if one else None
        if view is None or view.chart is None:
            raise NotFound
        base = str(request.base_url).rstrip("/")
        return render(request, "figures_chart.svg", ui, chart=view.chart, base=base)

    return cached_html(request, build, SVG)


def _attachment(name: str) -> tuple[tuple[bytes, bytes], ...]:
    return ((b"content-disposition", f'attachment; filename="{name}"'.encode("ascii", "replace")),)


CSV_COLUMNS = (
    "company", "metric", "metric_name", "scope", "reading", "period", "period_kind",
    "period_as_written", "period_from", "value", "unit", "currency", "as_written", "label",
    "qualifiers", "conflict", "snapshot", "block", "statement_url", "source", "line_start",
    "line_end", "lines_url",
)  # fmt: skip


def csv_lines(company: queries.CompanySummary, found: list[Series], base: str) -> Iterator[str]:
    """The CSV, a line at a time: a header, then a row per statement of each value."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    yield BOM + out.getvalue()
    for one in found:
        for period in one.periods:
            for value in period.values:
                for point in value.points:
                    out.seek(0)
                    out.truncate()
                    writer.writerow(_csv_row(company, one, point, period.conflict, base))
                    yield out.getvalue()


#: What a spreadsheet takes a cell to be a formula by (OWASP's CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(text: str) -> str:
    """A document's words as a cell no spreadsheet runs: one that would start a formula
    ("=HYPERLINK(…)", and "-$0.4 billion" too) starts with an apostrophe, which spreadsheets
    show as text and hide."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_row(
    company: queries.CompanySummary, one: Series, point: Point, conflict: bool, base: str
) -> list[object]:
    s, f = point.stated, point.stated.figure
    value = f.value
    return [
        company.slug, one.key.metric, metric_name(one.key.metric, "en"), inert(f.scope or ""),
        one.key.reading, point.period, point.placed.kind,
        "" if point.assumed else inert(f.period_text or ""),
        "snapshot" if point.assumed else (f.period_source or ""),
        repr(value) if isinstance(value, float) else value, f.unit or "", f.currency or "",
        inert(f.text), inert(f.label or ""), " ".join(q.replace(" ", "-") for q in f.qualifiers),
        "yes" if conflict else "", s.year, ENGLISH_TITLES[s.kind],
        base + urls.statement(company.slug, s.year, s.kind, s.place, s.anchor), s.source_key,
        s.line_start, s.line_end, base + urls.source_lines(s.source_key, s.line_start, s.line_end),
    ]  # fmt: skip
