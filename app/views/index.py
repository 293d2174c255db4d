"""`/`: the companies, a page of at most 100 at a time by name, with their snapshot years
and languages, and a filter on names, tickers and slugs."""

from __future__ import annotations

import sqlite3
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from app.db import queries
from app.http.rules import READER, page
from app.views import urls
from app.views.canvas_model import canvas_href
from app.views.i18n import Interface, interface
from app.views.responses import cached_html, is_htmx, render

router = APIRouter(include_in_schema=False)  # pages, not API operations


PAGE_SIZE = 100
Cursor = Annotated[str | None, Query(max_length=200)]
Filter = Annotated[str, Query(max_length=200)]


@router.api_route("/", methods=["GET", "HEAD"])
@page(READER, fragment=True)
def index(
    request: Request, q: Filter = "", after: Cursor = None, before: Cursor = None
) -> Response:
    fragment = is_htmx(request)

    def build(conn: sqlite3.Connection) -> bytes:
        ui = interface(request)  # Accept-Language's choice, or `?hl=`
        page = queries.company_page(conn, q, after, before, PAGE_SIZE)
        found = page.companies
        rows = [
            {
                "company": c,
                "href": ui.href(canvas_href(c.slug, c.latest_year)) if c.latest_year else None,
                "years": [
                    {
                        "year": s.year,
                        "href": ui.href(canvas_href(c.slug, s.year)),
                        "langs": ui.join([ui.language(lang) for lang in s.langs]),
                    }
                    for s in c.snapshots
                ],
            }
            for c in found
        ]
        template = "partials/company_list.html" if fragment else "index.html"
        return render(
            request,
            template,
            ui,
            rows=rows,
            q=q,
            total=page.total,
            next_href=_href(ui, q, after=page.after) if page.after else None,
            previous_href=_href(ui, q, before=page.before) if page.before else None,
            search_href=ui.href(urls.search([("q", q)])) if q.strip() else None,
        )

    return cached_html(request, build)


def _href(ui: Interface, q: str, **cursor: str) -> str:
    pairs = ([("q", q)] if q else []) + list(cursor.items())
    return ui.href(urls.index(pairs))
