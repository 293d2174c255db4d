"""The search engine over the statements' FTS5 index: one MATCH expression under filters,
its hits by relevance (bm25 across every hit of a specific query, so a strong hit of an
older snapshot is never buried under weak ones of a newer), and the facet counts, read from
the index's keys (app/search/keys.py) without touching the claims until the page's hits.

The site's reading side, as app.db.queries: read-only, rows read by column name.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from app.db.rows import named
from app.domain import BLOCK_KINDS, BlockKind, ClaimKind, Lang
from app.search.keys import (
    COMPANY_SHIFT,
    KIND_MASK,
    KIND_SHIFT,
    LANG_CODES,
    LANG_MASK,
    MAX_COMPANY_ID,
    MAX_POSITION,
    POSITION_BITS,
    SEARCH_INDEX,
    YEAR_BASE,
    YEAR_SHIFT,
    block_filter_bits,
    block_of,
    year_range,
)

#: Counts stop here ("10,000+"): past it, facets are counted over the newest CAP hits.
SEARCH_CAP = 10_000
#: A query with at most RANK_ALL hits is ranked by bm25 across all of them (best first; ties
#: newest first): a specific query, where relevance is what a reader wants. bm25 costs a
#: few microseconds a hit, so a vaguer query (a word thousands of statements hold) comes
#: newest year first, ranked by bm25 within windows of RANK_WINDOW hits of a year, which
#: keeps search's p95 where it was (bench/search.py).
RANK_ALL = 5_000
RANK_WINDOW = 1_000


_YEAR_OF_BLOCK = YEAR_SHIFT - POSITION_BITS
_COMPANY_OF_BLOCK = COMPANY_SHIFT - POSITION_BITS
_KIND_OF_BLOCK = KIND_SHIFT - POSITION_BITS
#: A facet lists the companies with the most hits, not every one of thousands.
FACET_COMPANIES = 12


@dataclass(frozen=True, slots=True)
class SearchFilters:
    company_id: int | None = None
    year: int | None = None
    kind: BlockKind | None = None
    lang: Lang | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    anchor: str
    kind: ClaimKind
    topic: str | None
    text: str
    lang: Lang  # the statement's own language
    block_kind: BlockKind
    block_lang: Lang
    year: int
    company_slug: str
    company_name: str
    source_key: str
    line_start: int
    line_end: int
    place: int  # among its block's statements on the canvas, from 1 (app.views.urls.statement)
    cells: tuple[str, ...] | None = None  # a table row's cells, as written
    header: tuple[str, ...] | None = None  # and its table's header row, where it has one


@dataclass(frozen=True, slots=True)
class CompanyCount:
    id: int
    slug: str
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class SearchResult:
    hits: list[SearchHit]
    total: int  # at most SEARCH_CAP + 1
    capped: bool  # more than SEARCH_CAP hits
    years: list[tuple[int, int]]  # (year, hits), newest first; each count capped
    companies: list[CompanyCount]  # most hits first
    kinds: list[tuple[BlockKind, int]]  # (block kind, hits), most first
    langs: list[tuple[Lang, int]]
    sampled: bool  # companies, kinds and langs were counted over the newest SEARCH_CAP hits


_MATCH = f"SELECT {{what}} FROM {SEARCH_INDEX} WHERE {SEARCH_INDEX} MATCH ?"
_HIT_SQL = (
    "SELECT c.anchor, c.kind, c.topic, c.text, c.lang, c.cells, c.header, b.kind AS block_kind,"
    " b.lang AS block_lang, b.year, co.slug AS company_slug, co.name AS company_name,"
    " s.key AS source_key, c.line_start, c.line_end,"
    # its place in the block's panel, from 1: after the statements of the snapshot's earlier
    # blocks of the kind (another language's), as the canvas orders them
    " c.position + 1 + (SELECT count(*) FROM blocks e JOIN claims ec ON ec.block_id = e.id"
    "  WHERE e.company_id = b.company_id AND e.year = b.year AND e.kind = b.kind"
    "  AND e.id < b.id) AS place"
    " FROM blocks b JOIN claims c ON c.block_id = b.id JOIN sources s ON s.id = c.source_id"
    " JOIN companies co ON co.id = b.company_id"
    " WHERE b.company_id = ? AND b.year = ? AND b.lang = ? AND b.kind = ? AND c.position = ?"
)


class _Matcher:
    """One MATCH expression under the filters: counts, facets and ranked keys, read from the
    index's keys alone (app/search/keys.py)."""

    def __init__(self, conn: sqlite3.Connection, match: str, filters: SearchFilters) -> None:
        self.conn = conn
        self.match = match
        self.filters = filters
        mask, value = block_filter_bits(filters.kind, filters.lang, filters.company_id)
        self.bits = f" AND (rowid >> {POSITION_BITS}) & {mask} = {value}" if mask else ""

    def blocks(self) -> tuple[list[tuple[int, int]], bool]:
        """(key >> POSITION_BITS, hits) over the newest SEARCH_CAP hits, and whether there
        are more: one pass over at most SEARCH_CAP + 1 keys, reading nothing but them.
        (Counting each facet in SQL instead, over a materialised list of the keys, took
        three times as long as this and the few thousand rows it gives Python.)"""
        sql = (
            f"SELECT b, count(*) FROM (SELECT rowid >> {POSITION_BITS} AS b FROM {SEARCH_INDEX}"
            f" WHERE {SEARCH_INDEX} MATCH ?{self.bits}{self._where()}"
            " ORDER BY rowid DESC LIMIT ?) GROUP BY b ORDER BY b DESC"
        )
        rows = self.conn.execute(sql, (self.match, *self._range(), SEARCH_CAP + 1)).fetchall()
        if sum(n for _, n in rows) <= SEARCH_CAP:
            return rows, False
        last, hits = rows[-1]  # the SEARCH_CAP + 1st key is the smallest: in the last block
        return ([*rows[:-1], (last, hits - 1)] if hits > 1 else rows[:-1]), True

    def count(self, year: int) -> int:
        """The year's hits, up to SEARCH_CAP + 1."""
        sql = (
            f"SELECT count(*) FROM ({_MATCH.format(what='1')}{self.bits}"
            " AND rowid BETWEEN ? AND ? LIMIT ?)"
        )
        low, high = year_range(year, self.filters.company_id)
        return int(self.conn.execute(sql, (self.match, low, high, SEARCH_CAP + 1)).fetchone()[0])

    def _where(self) -> str:
        return " AND rowid BETWEEN ? AND ?" if self.filters.year is not None else ""

    def _range(self) -> tuple[int, ...]:
        if self.filters.year is None:
            return ()
        return year_range(self.filters.year, self.filters.company_id)

    def best(self, start: int, count: int) -> list[int]:
        """Keys of the hits at ranks start..start+count-1 by bm25 across every hit (best
        first; ties newest first)."""
        sql = (
            f"SELECT rowid FROM {SEARCH_INDEX} WHERE {SEARCH_INDEX} MATCH ?{self.bits}"
            f"{self._where()} ORDER BY bm25({SEARCH_INDEX}), rowid DESC LIMIT ? OFFSET ?"
        )
        rows = self.conn.execute(sql, (self.match, *self._range(), count, start)).fetchall()
        return [key for (key,) in rows]

    def ranked(self, year: int, start: int, count: int) -> list[int]:
        """Keys of the year's hits at ranks start..start+count-1: windows of RANK_WINDOW hits
        in key order, each in bm25 order (best first; ties newest first)."""
        low, high = year_range(year, self.filters.company_id)
        sql = (
            f"SELECT rowid, bm25({SEARCH_INDEX}) FROM {SEARCH_INDEX}"
            f" WHERE {SEARCH_INDEX} MATCH ?{self.bits} AND rowid BETWEEN ? AND ?"
            " ORDER BY rowid DESC LIMIT ? OFFSET ?"
        )
        keys: list[int] = []
        window = start // RANK_WINDOW
        while len(keys) < count:
            rows = self.conn.execute(
                sql, (self.match, low, high, RANK_WINDOW, window * RANK_WINDOW)
            ).fetchall()
            if not rows:
                break
            rows.sort(key=lambda r: (r[1], -r[0]))
            skip = max(start - window * RANK_WINDOW, 0)
            keys.extend(r[0] for r in rows[skip : skip + count - len(keys)])
            window += 1
        return keys


def search(
    conn: sqlite3.Connection,
    match: str,
    filters: SearchFilters,
    offset: int = 0,
    limit: int = 20,
    years: list[int] | None = None,
) -> SearchResult:
    """Hits of an FTS5 MATCH expression (app.search.syntax writes it), by relevance (past
    RANK_ALL hits, newest snapshots first), with facet counts; `offset` at most
    SEARCH_CAP - limit.

    One pass over the newest SEARCH_CAP + 1 hits' keys gives every count. Past the cap,
    the years older than those hits (from `years`, every year the database has) and the
    oldest one they reach into are counted one by one, each up to the cap too.
    """
    matcher = _Matcher(conn, match, filters)
    blocks, capped = matcher.blocks()
    per_year: dict[int, int] = {}
    per_company: dict[int, int] = {}
    per_kind: dict[int, int] = {}
    per_lang: dict[int, int] = {}
    for bits, hits in blocks:  # the block bits: year | company | kind | lang (keys.py)
        year = (bits >> _YEAR_OF_BLOCK) + YEAR_BASE
        company = (bits >> _COMPANY_OF_BLOCK) & MAX_COMPANY_ID
        kind = (bits >> _KIND_OF_BLOCK) & KIND_MASK
        per_year[year] = per_year.get(year, 0) + hits
        per_company[company] = per_company.get(company, 0) + hits
        per_kind[kind] = per_kind.get(kind, 0) + hits
        per_lang[bits & LANG_MASK] = per_lang.get(bits & LANG_MASK, 0) + hits
    kinds = {BLOCK_KINDS[k]: n for k, n in per_kind.items()}
    langs: dict[Lang, int] = {LANG_CODES[k]: n for k, n in per_lang.items()}
    if capped and filters.year is None:
        oldest = min(per_year)
        for year in [oldest, *(y for y in years or () if y < oldest)]:
            per_year[year] = matcher.count(year)
    by_year = [(y, n) for y, n in sorted(per_year.items(), reverse=True) if n]
    total = sum(n for _, n in by_year)
    keys: list[int] = []
    if total <= RANK_ALL:
        keys = matcher.best(offset, limit)
    else:  # too many to rank at once: newest year first, bm25 within each (RANK_WINDOW)
        before = 0
        for year, hits in by_year:
            if before + hits > offset and len(keys) < limit:
                keys += matcher.ranked(year, max(offset - before, 0), limit - len(keys))
            before += hits
            if before >= offset + limit:
                break
    return SearchResult(
        hits=[h for h in (_hit(conn, key) for key in keys) if h is not None],
        total=min(total, SEARCH_CAP + 1),
        capped=capped or total > SEARCH_CAP,
        years=by_year,
        companies=_company_counts(conn, per_company),
        kinds=sorted(kinds.items(), key=lambda kv: (-kv[1], BLOCK_KINDS.index(kv[0]))),
        langs=sorted(langs.items(), key=lambda kv: (-kv[1], kv[0])),
        sampled=capped,
    )


#: A skip-scan down ix_blocks_year: one index seek per year, where DISTINCT reads every block.
_YEARS_SQL = (
    "WITH RECURSIVE y(year) AS (SELECT max(year) FROM blocks"
    " UNION ALL SELECT (SELECT max(year) FROM blocks WHERE year < y.year) FROM y"
    " WHERE y.year IS NOT NULL) SELECT year FROM y WHERE year IS NOT NULL"
)


def snapshot_years(conn: sqlite3.Connection) -> list[int]:
    """Every year any company has a snapshot for, newest first."""
    return [y for (y,) in conn.execute(_YEARS_SQL)]


def _company_counts(conn: sqlite3.Connection, counts: dict[int, int]) -> list[CompanyCount]:
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_COMPANIES]
    if not top:
        return []
    marks = ",".join("?" * len(top))
    sql = f"SELECT id, slug, name FROM companies WHERE id IN ({marks})"
    names = {row["id"]: row for row in named(conn, sql, [i for i, _ in top])}
    return [CompanyCount(i, names[i]["slug"], names[i]["name"], n) for i, n in top if i in names]


def _hit(conn: sqlite3.Connection, key: int) -> SearchHit | None:
    block = block_of(key >> POSITION_BITS)
    position = key & MAX_POSITION
    rows = named(conn, _HIT_SQL, (block.company_id, block.year, block.lang, block.kind, position))
    if not rows:
        return None
    found = dict(zip(rows[0].keys(), rows[0], strict=True))
    for name in ("cells", "header"):  # stored as JSON lists
        found[name] = tuple(json.loads(found[name])) if found[name] else None
    return SearchHit(**found)
