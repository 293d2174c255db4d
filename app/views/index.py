"""`/`: every company with its snapshot years and languages, and a filter."""

from __future__ import annotations

import sqlite3

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.db import queries
from app.views.canvas_model import canvas_href
from app.views.i18n import interface
from app.views.responses import cached_html, is_htmx, render

router = APIRouter(include_in_schema=False)  # pages, not API operations


@router.api_route("/", methods=["GET", "HEAD"])
async def index(request: Request, q: str = "") -> Response:
    fragment = is_htmx(request)

    def build(conn: sqlite3.Connection) -> bytes:
        ui = interface(request)  # Accept-Language's choice, or `?hl=`
        found = queries.companies(conn, q)
        rows = [
            {
                "company": c,
                "href": ui.href(canvas_href(c.slug, c.latest_year)) if c.latest_year else None,
                "years": [
                    {
                        "year": s.year,
                        "href": ui.href(canvas_href(c.slug, s.year)),
                        "langs": ui.list([ui.language(lang) for lang in s.langs]),
                    }
                    for s in c.snapshots
                ],
            }
            for c in found
        ]
        template = "partials/company_list.html" if fragment else "index.html"
        return render(request, template, ui, rows=rows, q=q)

    return cached_html(request, build)
