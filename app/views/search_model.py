"""A search as the reader asked it, and its results: the page model the search page and the
API's search both read (app.views.search, app.views.api), over app.db.search."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from app.db import queries
from app.db import search as engine
from app.domain import BlockKind, Lang
from app.search.syntax import Query as SearchQuery
from app.search.syntax import parse
from app.views import urls
from app.views.i18n import Interface

PAGE_SIZE = 20
MAX_PAGE = engine.SEARCH_CAP // PAGE_SIZE  # past the cap, counts stop: so do pages


@dataclass(frozen=True, slots=True)
class Narrowing:
    """What the reader searched for and narrowed it to, as read from the address."""

    q: str = ""
    company: str | None = None
    year: int | None = None
    block: BlockKind | None = None
    lang: Lang | None = None
    page: int = 1

    def href(self, ui: Interface, **changes: object) -> str:
        """This search with some parameters changed (None drops one); a new narrowing
        starts again at page 1."""
        values: dict[str, object] = {
            "q": self.q,
            "company": self.company,
            "year": self.year,
            "block": self.block,
            "lang": self.lang,
            "page": None,
        }
        values.update(changes)
        pairs = [(k, str(v)) for k, v in values.items() if v not in (None, "")]
        if values.get("page") in (1, "1"):
            pairs = [(k, v) for k, v in pairs if k != "page"]
        return ui.href(urls.search(pairs))


def run(
    conn: sqlite3.Connection, asked: Narrowing, limit: int = PAGE_SIZE, typing: bool = False
) -> tuple[SearchQuery, engine.SearchResult | None, bool]:
    """The parsed query, its results (None when there is nothing to look for, or the
    company filter names no company), and whether the company filter was unknown."""
    query = parse(asked.q, typing)
    company_id = None
    if asked.company is not None:
        company_id = queries.company_id(conn, asked.company)
        if company_id is None:
            return query, None, True
    if query.empty:
        return query, None, False
    filters = engine.SearchFilters(company_id, asked.year, asked.block, asked.lang)
    result = engine.search(
        conn,
        query.match(),
        filters,
        offset=(asked.page - 1) * PAGE_SIZE,
        limit=limit,
        years=engine.snapshot_years(conn),
    )
    return query, result, False
