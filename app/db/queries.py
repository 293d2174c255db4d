"""The only module that reads the database for the web side, always read-only.

Plain sqlite3 rows into small dataclasses: the canvas page is the hot path, and ORM objects
cost more than the query. Every function takes a connection from app.db.connection.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from app.domain import split_lines

# -- companies ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SnapshotRow:
    year: int
    langs: tuple[str, ...]
    lang: str  # the language most of its blocks are in (snapshot_lang)


def snapshot_lang(arabic_blocks: int, english_blocks: int) -> str:
    """A snapshot's language: Arabic when most of its blocks are, else English."""
    return "ar" if arabic_blocks > english_blocks else "en"


@dataclass(frozen=True, slots=True)
class CompanySummary:
    id: int
    slug: str
    name: str
    ticker: str | None
    snapshots: tuple[SnapshotRow, ...]

    @property
    def latest_year(self) -> int | None:
        return max((s.year for s in self.snapshots), default=None)


_COMPANY_SQL = (
    "SELECT c.id, c.slug, c.name, c.ticker, b.year, group_concat(DISTINCT b.lang),"
    " sum(b.lang = 'ar'), sum(b.lang = 'en')"
    " FROM companies c JOIN blocks b ON b.company_id = c.id {where}"
    " GROUP BY c.id, b.year ORDER BY c.name COLLATE NOCASE, c.slug, b.year"
)


def companies(conn: sqlite3.Connection, needle: str = "") -> list[CompanySummary]:
    """Every company (or those whose name, slug or ticker contains `needle`), by name."""
    needle = needle.strip().casefold()
    rows = conn.execute(_COMPANY_SQL.format(where="")).fetchall()
    if needle:
        rows = [row for row in rows if any(needle in (v or "").casefold() for v in row[1:4])]
    return _summaries(rows)


def company(conn: sqlite3.Connection, slug: str) -> CompanySummary | None:
    """One company by slug: an indexed lookup, not a scan of every company."""
    rows = conn.execute(_COMPANY_SQL.format(where="WHERE c.slug = ?"), (slug,)).fetchall()
    found = _summaries(rows)
    return found[0] if found else None


def _summaries(rows: list[tuple[Any, ...]]) -> list[CompanySummary]:
    """One summary per company from (id, slug, name, ticker, year, langs, Arabic blocks,
    English blocks) rows."""
    found: dict[int, CompanySummary] = {}
    for cid, slug, name, ticker, year, langs, arabic, english in rows:
        snap = SnapshotRow(year, tuple(sorted(langs.split(","))), snapshot_lang(arabic, english))
        prev = found.get(cid)
        found[cid] = CompanySummary(
            cid, slug, name, ticker, ((*prev.snapshots, snap) if prev else (snap,))
        )
    return list(found.values())


# -- the canvas -------------------------------------------------------------------------------


@dataclass(slots=True)  # not frozen: a frozen init costs a setattr call per field, per claim
class ClaimRow:
    anchor: str
    kind: str
    topic: str | None
    text: str
    lang: str
    cells: tuple[str, ...] | None
    header: tuple[str, ...] | None
    table_line: int | None
    source_key: str
    line_start: int
    line_end: int


@dataclass(slots=True)
class BlockRow:
    kind: str
    lang: str
    heading: str
    claims: list[ClaimRow] = field(default_factory=list)


#: One snapshot's blocks, then their claims: two indexed queries (a test checks their plans
#: use indexes, not scans). Apart, the block columns are not repeated on every claim row,
#: which halves the fetch of a large canvas; source keys are looked up once per source.
BLOCKS_SQL = (
    "SELECT b.id, b.kind, b.lang, b.heading FROM blocks b"
    " WHERE b.company_id = ? AND b.year = ? ORDER BY b.id"
)
CLAIMS_SQL = (
    "SELECT c.block_id, c.anchor, c.kind, c.topic, c.text, c.lang, c.cells, c.header,"
    " c.table_line, s.key, c.line_start, c.line_end"
    " FROM blocks b JOIN claims c ON c.block_id = b.id JOIN sources s ON s.id = c.source_id"
    " WHERE b.company_id = ? AND b.year = ?"
    " ORDER BY b.id, c.position"
)


def block_lang(conn: sqlite3.Connection, company_id: int, year: int, kind: str) -> str | None:
    """The language of a snapshot's first block of `kind` (None when it has none)."""
    row = conn.execute(
        "SELECT lang FROM blocks WHERE company_id = ? AND year = ? AND kind = ?"
        " ORDER BY id LIMIT 1",
        (company_id, year, kind),
    ).fetchone()
    return row[0] if row else None


def canvas_blocks(conn: sqlite3.Connection, company_id: int, year: int) -> list[BlockRow]:
    """The blocks of one snapshot with their claims in order."""
    blocks = {
        block_id: BlockRow(kind, lang, heading)
        for block_id, kind, lang, heading in conn.execute(BLOCKS_SQL, (company_id, year))
    }
    rows = conn.execute(CLAIMS_SQL, (company_id, year)).fetchall()
    headers: dict[str, tuple[str, ...]] = {}  # a table's header repeats on each of its rows
    for (
        block_id,
        anchor,
        kind,
        topic,
        text,
        lang,
        cells,
        header,
        table_line,
        source_key,
        line_start,
        line_end,
    ) in rows:
        if header:
            parsed = headers.get(header)
            if parsed is None:
                parsed = headers[header] = tuple(json.loads(header))
        blocks[block_id].claims.append(
            ClaimRow(
                anchor,
                kind,
                topic,
                text,
                lang,
                tuple(json.loads(cells)) if cells else None,
                parsed if header else None,
                table_line,
                source_key,
                line_start,
                line_end,
            )
        )
    return list(blocks.values())


def years_with_block(conn: sqlite3.Connection, company_id: int, kind: str) -> list[int]:
    """Years whose block of this kind has at least one claim (for "see nearest year")."""
    rows = conn.execute(
        "SELECT DISTINCT b.year FROM blocks b WHERE b.company_id = ? AND b.kind = ?"
        " AND EXISTS (SELECT 1 FROM claims c WHERE c.block_id = b.id) ORDER BY b.year",
        (company_id, kind),
    ).fetchall()
    return [year for (year,) in rows]


# -- sources ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SourceRow:
    key: str
    title: str
    kind: str
    path: str
    sha256: str
    line_count: int
    url: str | None
    company_slug: str
    company_name: str
    years: tuple[int, ...]
    text: str


def source(conn: sqlite3.Connection, key: str) -> SourceRow | None:
    row = conn.execute(
        "SELECT s.id, s.key, s.title, s.kind, s.path, s.sha256, s.line_count, s.url,"
        " c.slug, c.name, s.text FROM sources s JOIN companies c ON c.id = s.company_id"
        " WHERE s.key = ?",
        (key,),
    ).fetchone()
    if row is None:
        return None
    source_id, key, title, kind, path, sha256, line_count, url, slug, name, text = row
    years = tuple(
        y
        for (y,) in conn.execute(
            "SELECT DISTINCT year FROM source_parts WHERE source_id = ? ORDER BY year",
            (source_id,),
        )
    )
    return SourceRow(
        key=key, title=title, kind=kind, path=path, sha256=sha256, line_count=line_count,
        url=url, company_slug=slug, company_name=name, years=years, text=text,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class CitedSource:
    """A source a page cites: the reference list names it, the popovers quote its lines."""

    title: str
    kind: str
    url: str | None  # where it came from, when the manifest says
    years: tuple[int, ...]  # the snapshot years it feeds
    lines: list[str]


def cited_sources(conn: sqlite3.Connection, keys: list[str]) -> dict[str, CitedSource]:
    """The sources a page cites, by key, in one query."""
    if not keys:
        return {}
    marks = ",".join("?" * len(keys))
    rows = conn.execute(
        "SELECT s.key, s.title, s.kind, s.url, s.text,"
        " (SELECT group_concat(DISTINCT p.year) FROM source_parts p WHERE p.source_id = s.id)"
        f" FROM sources s WHERE s.key IN ({marks})",
        keys,
    ).fetchall()
    return {
        key: CitedSource(
            title,
            kind,
            url,
            tuple(sorted({int(y) for y in (years or "").split(",") if y})),
            split_lines(text),
        )
        for key, title, kind, url, text, years in rows
    }


def source_title(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT title FROM sources WHERE key = ?", (key,)).fetchone()
    if row is None:
        return None
    (title,) = row
    return title


def source_lines(conn: sqlite3.Connection, key: str, start: int, end: int) -> list[str] | None:
    """Lines start..end (1-based, inclusive) of a source, or None for an unknown source."""
    row = conn.execute("SELECT text FROM sources WHERE key = ?", (key,)).fetchone()
    if row is None:
        return None
    (text,) = row
    return split_lines(text)[max(start, 1) - 1 : end]


def source_keys(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return conn.execute("SELECT key, title FROM sources ORDER BY key").fetchall()


@dataclass(frozen=True, slots=True)
class Totals:
    companies: int
    sources: int
    snapshots: int
    claims: int


def totals(conn: sqlite3.Connection) -> Totals:
    row = conn.execute(
        "SELECT (SELECT COUNT(*) FROM companies), (SELECT COUNT(*) FROM sources),"
        " (SELECT COUNT(*) FROM (SELECT DISTINCT company_id, year FROM blocks)),"
        " (SELECT COUNT(*) FROM claims)"
    ).fetchone()
    companies, sources, snapshots, claims = row
    return Totals(companies=companies, sources=sources, snapshots=snapshots, claims=claims)
