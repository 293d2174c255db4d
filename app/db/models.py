"""The database schema, as SQLModel tables. Alembic migrations create it; nothing else does.

Public identifiers (in URLs) are `companies.slug`, `sources.key` and `claims.anchor`;
the integer ids are private and may change when a source is re-imported.

The full-text index itself, `claims_search`, is an FTS5 virtual table (migration 0002):
SQLModel cannot describe it, so schema comparisons leave out its tables.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.search.keys import SEARCH_INDEX


def is_search_index_table(name: str | None) -> bool:
    """The FTS5 table or one of the shadow tables SQLite keeps its index in."""
    return name is not None and (name == SEARCH_INDEX or name.startswith(f"{SEARCH_INDEX}_"))


class CompanyTable(SQLModel, table=True):
    __tablename__ = "companies"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True)
    name: str
    ticker: str | None = Field(default=None, unique=True)


class SourceTable(SQLModel, table=True):
    __tablename__ = "sources"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)  # the file name stem
    company_id: int = Field(foreign_key="companies.id", index=True)
    path: str  # relative to the project root when under it
    title: str
    kind: str  # markdown-post | scraped-page
    sha256: str = Field(index=True)  # a file loaded under another name is found by its text
    line_count: int
    text: str  # the full original text, so the site can show cited lines
    url: str | None = None
    summary: str | None = None  # the page's intro, which is never a claim
    fingerprint: str  # sha256 of text + manifest entry + parser version: skip when unchanged


class SourceAliasTable(SQLModel, table=True):
    """A form a source names its company by, as a slug, with its rank (app.loader.company:
    a manifest slug first, then the post's own slug, the name, the full name, the ticker)."""

    __tablename__ = "source_aliases"
    __table_args__ = (
        Index("ix_source_aliases_alias", "alias"),
        {"sqlite_with_rowid": False},
    )

    source_id: int = Field(foreign_key="sources.id", primary_key=True)
    alias: str = Field(primary_key=True)
    rank: int


class CompanyAliasTable(SQLModel, table=True):
    """Another address of a company, which the site redirects to its slug: a form only this
    company's sources give, or a slug it had before (`former`)."""

    __tablename__ = "company_aliases"
    __table_args__ = {"sqlite_with_rowid": False}

    alias: str = Field(primary_key=True)
    company_id: int = Field(foreign_key="companies.id", index=True)
    former: bool


class SourcePartTable(SQLModel, table=True):
    """One snapshot a source feeds: what year was inferred and what was finally used."""

    __tablename__ = "source_parts"

    source_id: int = Field(foreign_key="sources.id", primary_key=True)
    lang: str = Field(primary_key=True)
    year: int
    inferred_year: int | None = None
    line_start: int
    line_end: int
    noise_lines: int = 0


class BlockTable(SQLModel, table=True):
    __tablename__ = "blocks"
    __table_args__ = (
        UniqueConstraint("company_id", "year", "lang", "kind"),
        Index("ix_blocks_company_year", "company_id", "year"),
        Index("ix_blocks_year", "year"),  # the search's list of years (a skip-scan)
    )

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="companies.id")
    year: int
    kind: str
    lang: str
    heading: str  # as written in the (first) document that declared it


class BlockSourceTable(SQLModel, table=True):
    """Which sources declare a block (with its heading line): an empty block still has one."""

    __tablename__ = "block_sources"

    block_id: int = Field(foreign_key="blocks.id", primary_key=True)
    source_id: int = Field(foreign_key="sources.id", primary_key=True, index=True)
    heading_line: int


class ClaimTable(SQLModel, table=True):
    __tablename__ = "claims"
    __table_args__ = (
        Index("ix_claims_block_position", "block_id", "position"),
        UniqueConstraint("block_id", "anchor"),
    )

    id: int | None = Field(default=None, primary_key=True)
    block_id: int = Field(foreign_key="blocks.id")
    source_id: int = Field(foreign_key="sources.id", index=True)
    position: int  # order within the block, across its sources
    kind: str  # paragraph | bullet | row
    topic: str | None = None  # the sub-heading it sits under
    text: str  # readable text; a row's cells joined with " | "
    lang: str  # en | ar
    line_start: int
    line_end: int
    anchor: str  # stable across re-imports of the same text
    cells: str | None = None  # JSON list, rows only
    header: str | None = None  # JSON list: the row's table header
    table_line: int | None = None  # the header's line: rows sharing it form one table
    number: int | None = None  # an ordered list item's number, as the document wrote it


class FigureTable(SQLModel, table=True):
    """A number a claim writes, read as a value (app/figures.py), in the order written."""

    __tablename__ = "figures"
    __table_args__ = {"sqlite_with_rowid": False}

    claim_id: int = Field(foreign_key="claims.id", primary_key=True)
    position: int = Field(primary_key=True)
    value: float  # the plain number: `1.5 million` is 1500000
    unit: str | None = None  # "%", "pp", "quarter"
    currency: str | None = None  # ISO 4217
    scale: str | None = None  # thousand | million | billion | trillion
    bound: str | None = None  # a range's low | high
    text: str  # the span as written
    span_start: int  # the span in the claim's text
    span_end: int
    # what it measures and for when (app/figure_meaning.py), each capped by the loader
    label: str | None = None  # in the document's words
    metric: str | None = None  # a key of app/metrics.toml (read by company: no index)
    scope: str | None = None  # a segment, a region: what the label names beside the metric
    period: str | None = None  # 2015 | 2025Q3 | 2025-06-30 | FY2024 | 2014/2016; NULL: none written
    period_text: str | None = None  # as written
    period_source: str | None = None  # statement | cell | header | topic | lead-in
    qualifiers: str | None = None  # projected, at least, about, earlier, increment, change, …


class SearchStateTable(SQLModel, table=True):
    """Which stemming built `claims_search` (one row): another one means a rebuild."""

    __tablename__ = "search_state"
    __table_args__ = (CheckConstraint("id = 1", name="search_state_one_row"),)

    id: int | None = Field(default=None, primary_key=True)
    analyser: str
