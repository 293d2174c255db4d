"""`/search`: full-text search over every statement, with facets, pages and live results.

The same route answers the whole page, the results alone (an htmx request from the page's
own box, which swaps `#search-results`) and the header box's short list on every other page
(`/search/preview`). Links to narrow, widen and page are plain links: the page works
without JavaScript.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup

from app.db import search as engine
from app.domain import BlockKind, Lang
from app.http.rules import READER, page
from app.search.syntax import MAX_QUERY_CHARS
from app.search.syntax import Query as SearchQuery
from app.views import urls
from app.views.bidi import direction
from app.views.canvas_html import labels
from app.views.highlight import highlight
from app.views.i18n import Interface, interface
from app.views.responses import cached_html, is_htmx, render
from app.views.search_model import MAX_PAGE, PAGE_SIZE, Narrowing, run

router = APIRouter(include_in_schema=False)  # pages, not API operations

PREVIEW_HITS = 6


@dataclass(slots=True)
class HitView:
    href: str
    text: Markup
    topic: Markup | None
    lang: str
    dir: str
    block: str
    kind: str
    source_href: str
    lines: str
    cells: list[tuple[str, Markup]] | None = None  # a table row: (its column's name, cell)


@dataclass(slots=True)
class GroupView:
    company: str
    company_href: str
    year: int
    canvas_href: str
    hits: list[HitView] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class FacetView:
    label: str
    count: str
    href: str
    active: bool


def _count(ui: Interface, n: int, capped: bool) -> str:
    return f"{ui.number(engine.SEARCH_CAP)}+" if capped or n > engine.SEARCH_CAP else ui.number(n)


def groups(ui: Interface, query: SearchQuery, hits: list[engine.SearchHit]) -> list[GroupView]:
    """Hits grouped by company and snapshot, each group where its best hit ranks."""
    found: dict[tuple[str, int], GroupView] = {}
    for hit in hits:
        group = found.get((hit.company_slug, hit.year))
        if group is None:
            group = found[(hit.company_slug, hit.year)] = GroupView(
                hit.company_name,
                ui.href(urls.company(hit.company_slug)),
                hit.year,
                ui.href(urls.canvas(hit.company_slug, hit.year)),
            )
        lines = labels(ui).lines_label(hit.line_start, hit.line_end)
        cells = None
        if hit.cells and hit.header:  # "350,000" alone says nothing: name its column
            names = (list(hit.header) + [""] * len(hit.cells))[: len(hit.cells)]
            cells = [
                (name, highlight(cell, query)) for name, cell in zip(names, hit.cells, strict=True)
            ]
        group.hits.append(
            HitView(
                href=ui.href(
                    urls.statement(
                        hit.company_slug, hit.year, hit.block_kind, hit.place, hit.anchor
                    )
                ),
                text=highlight(hit.text, query),
                topic=highlight(hit.topic, query) if hit.topic else None,
                lang=hit.lang,
                dir=direction(hit.lang),
                block=ui.block_title(hit.block_kind),
                kind=hit.block_kind,
                source_href=ui.href(
                    urls.source_lines(hit.source_key, hit.line_start, hit.line_end)
                ),
                lines=lines,
                cells=cells,
            )
        )
    return list(found.values())


def facets(
    ui: Interface, asked: Narrowing, result: engine.SearchResult
) -> dict[str, list[FacetView]]:
    """Each facet's values with their counts, each a link that narrows to it (or, when it
    is the narrowing already, widens again). Counted over the newest hits only (`sampled`),
    a count is a lower bound: "+"."""
    more = "+" if result.sampled else ""

    def facet(name: str, value: object, label: str, count: str) -> FacetView:
        active = getattr(asked, name) == value
        return FacetView(label, count, asked.href(ui, **{name: None if active else value}), active)

    return {
        "years": [
            facet("year", y, str(y), _count(ui, n, n > engine.SEARCH_CAP)) for y, n in result.years
        ],
        "companies": [
            facet("company", c.slug, c.name, _count(ui, c.count, False) + more)
            for c in result.companies
        ],
        "blocks": [
            facet("block", k, ui.block_title(k), _count(ui, n, False) + more)
            for k, n in result.kinds
        ],
        "langs": [
            facet("lang", k, ui.language(k), _count(ui, n, False) + more) for k, n in result.langs
        ],
    }


def _context(conn: sqlite3.Connection, ui: Interface, asked: Narrowing) -> dict[str, object]:
    query, result, unknown_company = run(conn, asked)
    context: dict[str, object] = {
        "search_page": True,  # the header's box updates this page's results
        "asked": asked,
        "query": query,
        "result": result,
        "unknown_company": unknown_company,
        "max_chars": MAX_QUERY_CHARS,
        "groups": [],
        "facets": {},
        "total": "",
        "pages": None,
    }
    if result is None:
        return context
    pages = max(1, min(MAX_PAGE, -(-min(result.total, engine.SEARCH_CAP) // PAGE_SIZE)))
    context.update(
        groups=groups(ui, query, result.hits),
        facets=facets(ui, asked, result),
        total=_count(ui, result.total, result.capped),
        pages={
            "current": asked.page,
            "last": pages,
            "previous": asked.href(ui, page=asked.page - 1) if asked.page > 1 else None,
            "next": asked.href(ui, page=asked.page + 1) if asked.page < pages else None,
        },
        narrowed=[
            (name, value, asked.href(ui, **{name: None}))
            for name, value in (
                ("company", asked.company),
                ("year", asked.year),
                ("block", ui.block_title(asked.block) if asked.block else None),
                ("lang", ui.language(asked.lang) if asked.lang else None),
            )
            if value is not None
        ],
    )
    return context


Page = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Year = Annotated[int | None, Query(ge=1800, le=2200)]
Slug = Annotated[str | None, Query(max_length=200)]


@router.api_route("/search", methods=["GET", "HEAD"])
@page(READER, fragment=True)
def search(
    request: Request,
    q: str = "",
    company: Slug = None,
    year: Year = None,
    block: BlockKind | None = None,
    lang: Lang | None = None,
    page: Page = 1,
) -> Response:
    asked = Narrowing(q[:MAX_QUERY_CHARS], company, year, block, lang, page)
    fragment = is_htmx(request)

    def build(conn: sqlite3.Connection) -> bytes:
        ui = interface(request)
        template = "partials/search_results.html" if fragment else "search.html"
        return render(request, template, ui, True, **_context(conn, ui, asked))

    return cached_html(request, build)


@router.api_route("/search/preview", methods=["GET", "HEAD"])
@page(READER, fragment=True)  # the fragment; the page itself redirects
def preview(request: Request, q: str = "") -> Response:
    """The header box's live list: the first few hits and a link to all of them. Asked
    for outside htmx (a bookmark of it), it is the search page."""
    if not is_htmx(request):
        ui = interface(request)
        return RedirectResponse(Narrowing(q[:MAX_QUERY_CHARS]).href(ui), status_code=303)
    asked = Narrowing(q[:MAX_QUERY_CHARS])

    def build(conn: sqlite3.Connection) -> bytes:
        ui = interface(request)
        query, result, _ = run(conn, asked, limit=PREVIEW_HITS, typing=True)
        return render(
            request,
            "partials/search_preview.html",
            ui,
            asked=asked,
            query=query,
            result=result,
            groups=groups(ui, query, result.hits) if result else [],
            total=_count(ui, result.total, result.capped) if result else "",
            all_href=asked.href(ui),
        )

    return cached_html(request, build)
