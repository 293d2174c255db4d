"""Rows read by column name (app.db.rows), whatever the connection's own row factory."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.db import queries
from app.db import search as engine
from app.db.rows import first, named
from app.search.syntax import parse


def test_rows_are_read_by_name_on_any_connection() -> None:
    conn = sqlite3.connect(":memory:")
    conn.row_factory = lambda cursor, row: ("not", "a", "row")  # someone else's factory
    rows = named(conn, "SELECT 2 AS b, 1 AS a")
    assert (rows[0]["a"], rows[0]["b"]) == (1, 2)
    found = first(conn, "SELECT 'x' AS name WHERE 0")
    assert found is None
    assert conn.execute("SELECT 1").fetchone() == ("not", "a", "row")  # left as it was


def test_the_site_s_queries_fill_fields_by_name(seeded_db: Path) -> None:
    """Every field where its column is, on a connection whose rows are plain tuples: a
    SELECT reordered or widened cannot shift a value into another field."""
    conn = sqlite3.connect(f"file:{seeded_db}?mode=ro", uri=True)
    company = queries.company(conn, "cigna")
    assert company is not None and company.slug == "cigna" and company.name.startswith("Cigna")
    assert [s.year for s in company.snapshots] == [2015, 2023, 2025]
    assert {s.lang for s in company.snapshots} <= {"en", "ar"}
    blocks = queries.canvas_blocks(conn, company.id, 2023, with_figures=True)
    claim = next(c for b in blocks for c in b.claims if c.figures)
    assert claim.kind in ("paragraph", "bullet", "numbered", "row")
    assert claim.source_key in {"000_47e352ee965e9675", "001_ead442415cccde68"}
    assert 1 <= claim.line_start <= claim.line_end
    figure = claim.figures[0]
    assert claim.text[figure.start : figure.end] == figure.text
    source = queries.source(conn, claim.source_key)
    assert source is not None and source.key == claim.source_key and 2023 in source.years
    assert source.kind in ("markdown-post", "scraped-page")
    hits = engine.search(conn, parse("revenue").match(), engine.SearchFilters()).hits
    assert hits and all(h.company_slug == "cigna" and h.block_lang in ("en", "ar") for h in hits)
    assert all(h.line_start <= h.line_end and h.year in (2015, 2023, 2025) for h in hits)
    totals = queries.totals(conn)
    assert (totals.companies, totals.sources, totals.snapshots) == (1, 2, 3)
