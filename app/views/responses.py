"""What every view shares: the database, the renderer, page-or-fragment answers."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Annotated

from fastapi import Query, Request
from fastapi.responses import Response

from app.db import queries
from app.db.connection import Database
from app.http.page_cache import HTML, PageCache
from app.http.request_key import RequestKey
from app.http.rules import scope_rules
from app.views.i18n import Interface
from app.views.templates import Templates

#: `?from=`: the first line or statement of the window a paged page shows (sources, blocks).
First = Annotated[int, Query(alias="from", ge=1)]


class NotFound(Exception):
    """The company, year or source does not exist; the 404 page lists what does."""


class Moved(Exception):
    """The address names a company by another of its forms (`Cigna`, `CI`, an earlier slug):
    answered with a redirect to the same address under the company's slug."""

    def __init__(self, asked: str, slug: str) -> None:
        super().__init__(asked, slug)
        self.asked = asked
        self.slug = slug


def company(conn: sqlite3.Connection, slug: str) -> queries.CompanySummary:
    """The company of `slug`; `Moved` when it names one by another form, else `NotFound`.
    Every route with a company in its address finds it here."""
    found = queries.company(conn, slug)
    if found is not None:
        return found
    canonical = queries.canonical_slug(conn, slug)
    if canonical is not None:
        raise Moved(slug, canonical)
    raise NotFound


def database(request: Request) -> Database:
    found: Database = request.app.state.database  # set by app.web.create_app
    return found


def renderer(request: Request) -> Templates:
    found: Templates = request.app.state.templates
    return found


def render(
    request: Request, template: str, ui: Interface, keep_query: bool = True, **context: object
) -> bytes:
    """A template in the interface language `ui`, with the switch to this page in the
    others (an error page's keeps none of the query: it echoes nothing it was sent)."""
    switch = ui.switch(request, keep_query)
    return renderer(request).render(template, ui, switch=switch, **context)


def pages(request: Request) -> PageCache:
    found: PageCache = request.app.state.pages
    return found


def is_htmx(request: Request) -> bool:
    """An htmx request for a fragment; restoring a page from history wants the whole page
    (the request key reads it the same way)."""
    headers = request.headers
    return headers.get("hx-request") == "true" and "hx-history-restore-request" not in headers


def html(body: bytes, status: int = 200) -> Response:
    return Response(body, status_code=status, media_type="text/html; charset=utf-8")


def cached_html(
    request: Request,
    build: Callable[[sqlite3.Connection], bytes],
    media_type: bytes = HTML,
    extra: tuple[tuple[bytes, bytes], ...] = (),
) -> Response:
    """Render `build` once per database version (when caching is on) and answer it: the
    very bytes app.http.front_door sends for a hit, described by the same headers (the rest are
    added to both by app.http.headers). JSON too, with `media_type` (the API)."""
    version, digest, conn = database(request).snapshot()
    asked = RequestKey.of(request.scope, scope_rules(request.scope), version, digest)
    key = asked.page_key(request.scope)
    page = pages(request).cached(key, lambda: build(conn), media_type, extra)
    body, headers = page.encoded(asked.gzip)
    response = Response(body)
    response.raw_headers = list(headers)
    return response
