"""The only module that reads the database for the web side, always read-only.

Plain sqlite3 rows into small dataclasses: the canvas page is the hot path, and ORM objects
cost more than the query. Every function takes a connection from app.db.connection.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from app.domain import BLOCK_KINDS, slugify, split_lines
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
#: The directory's order, which its pages are cut in: name (ASCII case folded), then slug.
_NAME_ORDER = "name COLLATE NOCASE {dir}, slug {dir}"
_AFTER = "(name COLLATE NOCASE > ? OR (name COLLATE NOCASE = ? AND slug > ?))"
_BEFORE = "(name COLLATE NOCASE < ? OR (name COLLATE NOCASE = ? AND slug < ?))"
_NEEDLE = "(name LIKE ? ESCAPE '\\' OR slug LIKE ? ESCAPE '\\' OR ticker LIKE ? ESCAPE '\\')"


@dataclass(frozen=True, slots=True)
class CompanyPage:
    companies: list[CompanySummary]
    total: int  # every company the filter matches
    after: str | None  # the slug the next page starts after, if there is one
    before: str | None  # the slug the previous page ends before, if there is one


def company_page(
    conn: sqlite3.Connection,
    needle: str = "",
    after: str | None = None,
    before: str | None = None,
    limit: int | None = 100,
) -> CompanyPage:
    """One page of the directory, by name: keyset pagination (Datasette's habit), so a
    page costs the same at the millionth company as at the first, and a `next` link names
    where its page starts, not how far down it is. `needle` keeps the companies whose
    name, slug or ticker contains it (case folded for ASCII letters, as SQLite's LIKE)."""
    where: list[str] = []
    args: list[object] = []
    needle = needle.strip()
    if needle:
        pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append(_NEEDLE)
        args += [pattern] * 3
    total = conn.execute(
        "SELECT count(*) FROM companies" + (f" WHERE {where[0]}" if where else ""), args
    ).fetchone()[0]
    backwards = before is not None and after is None
    cursor = after if after is not None else before
    if cursor is not None:
        where.append(_BEFORE if backwards else _AFTER)
        name = _cursor_name(conn, cursor)
        args += [name, name, cursor]
    sql = "SELECT id FROM companies"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY " + _NAME_ORDER.format(dir="DESC" if backwards else "ASC")
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit + 1)
    ids = [i for (i,) in conn.execute(sql, args)]
    more = limit is not None and len(ids) > limit
    ids = ids[:limit] if limit is not None else ids
    if backwards:
        ids.reverse()
    found = _summaries_of(conn, ids)
    first, last = (found[0].slug, found[-1].slug) if found else (None, None)
    has_next = (more and not backwards) or (backwards and bool(found))
    has_previous = (more and backwards) or (not backwards and cursor is not None and bool(found))
    return CompanyPage(
        found, int(total), last if has_next else None, first if has_previous else None
    )


def _cursor_name(conn: sqlite3.Connection, slug: str) -> str:
    """The name a cursor's company sorts by; a company gone since the link was made sorts
    by its slug's words, which is about where it stood."""
    row = conn.execute("SELECT name FROM companies WHERE slug = ?", (slug,)).fetchone()
    return str(row[0]) if row else slug.replace("-", " ")


def _summaries_of(conn: sqlite3.Connection, ids: list[int]) -> list[CompanySummary]:
    """The summaries of these companies, in this order (those with no block left out)."""
    if not ids:
        return []
    if len(ids) > 500:  # past SQLite's bound parameters: one pass over every company
        rows = conn.execute(_COMPANY_SQL.format(where="")).fetchall()
    else:
        marks = ",".join("?" * len(ids))
        rows = conn.execute(_COMPANY_SQL.format(where=f"WHERE c.id IN ({marks})"), ids).fetchall()
    by_id = {c.id: c for c in _summaries(rows)}
    return [by_id[i] for i in ids if i in by_id]


def companies(conn: sqlite3.Connection, needle: str = "") -> list[CompanySummary]:
    """Every company (or those whose name, slug or ticker contains `needle`), by name."""
    return company_page(conn, needle, limit=None).companies


def company(conn: sqlite3.Connection, slug: str) -> CompanySummary | None:
    """One company by slug: an indexed lookup, not a scan of every company."""
    rows = conn.execute(_COMPANY_SQL.format(where="WHERE c.slug = ?"), (slug,)).fetchall()
    found = _summaries(rows)
    return found[0] if found else None


#: An address longer than this names no company (a name is at most 300 characters).
_MAX_ASKED = 300


def canonical_slug(conn: sqlite3.Connection, asked: str) -> str | None:
    """The slug of the company that `asked` names in another form: other letter case or
    spelling (`Cigna`, `Cigna Corporation`), a ticker (`CI`), a post's own name for it, or
    a slug it had before; None when it names no company, or is a slug already."""
    key = slugify(asked) if len(asked) <= _MAX_ASKED else ""
    if not key:
        return None
    row = conn.execute(
        "SELECT slug FROM companies WHERE slug = ?1 UNION ALL SELECT c.slug"
        " FROM company_aliases a JOIN companies c ON c.id = a.company_id WHERE a.alias = ?1"
        " LIMIT 1",
        (key,),
    ).fetchone()
    return str(row[0]) if row is not None and row[0] != asked else None


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
    number: int | None = None  # an ordered list item's number, as written
    figures: list[FigureRow] = field(default_factory=list)  # with_figures=True only


@dataclass(frozen=True, slots=True)
class FigureRow:
    """A number the claim writes, read as a value (app/figures.py)."""

    value: int | float
    unit: str | None
    currency: str | None
    scale: str | None
    bound: str | None
    text: str
    start: int
    end: int


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
    "SELECT c.id, c.block_id, c.anchor, c.kind, c.topic, c.text, c.lang, c.cells, c.header,"
    " c.table_line, s.key, c.line_start, c.line_end, c.number"
    " FROM blocks b JOIN claims c ON c.block_id = b.id JOIN sources s ON s.id = c.source_id"
    " WHERE b.company_id = ? AND b.year = ?"
    " ORDER BY b.id, c.position"
)
FIGURES_SQL = (
    "SELECT f.claim_id, f.position, f.value, f.unit, f.currency, f.scale, f.bound, f.text,"
    " f.span_start, f.span_end FROM blocks b JOIN claims c ON c.block_id = b.id"
    " JOIN figures f ON f.claim_id = c.id"
    " WHERE b.company_id = ? AND b.year = ? ORDER BY b.id, c.position"
)


def block_lang(conn: sqlite3.Connection, company_id: int, year: int, kind: str) -> str | None:
    """The language of a snapshot's first block of `kind` (None when it has none)."""
    row = conn.execute(
        "SELECT lang FROM blocks WHERE company_id = ? AND year = ? AND kind = ?"
        " ORDER BY id LIMIT 1",
        (company_id, year, kind),
    ).fetchone()
    return row[0] if row else None


def canvas_blocks(
    conn: sqlite3.Connection, company_id: int, year: int, with_figures: bool = False
) -> list[BlockRow]:
    """The blocks of one snapshot with their claims in order; `with_figures`, each claim's
    figures too (the API and the comparison: the canvas page does not show them)."""
    blocks = {
        block_id: BlockRow(kind, lang, heading)
        for block_id, kind, lang, heading in conn.execute(BLOCKS_SQL, (company_id, year))
    }
    rows = conn.execute(CLAIMS_SQL, (company_id, year)).fetchall()
    headers: dict[str, tuple[str, ...]] = {}  # a table's header repeats on each of its rows
    by_id: dict[int, ClaimRow] = {}
    for (
        claim_id,
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
        number,
    ) in rows:
        if header:
            parsed = headers.get(header)
            if parsed is None:
                parsed = headers[header] = tuple(json.loads(header))
        claim = ClaimRow(
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
            number,
        )
        blocks[block_id].claims.append(claim)
        if with_figures:
            by_id[claim_id] = claim
    if with_figures:  # in text order: sorted here, as the index order of claims is kept
        found = sorted(conn.execute(FIGURES_SQL, (company_id, year)), key=lambda r: r[:2])
        for claim_id, _, value, *rest in found:
            plain = int(value) if float(value).is_integer() else value
            by_id[claim_id].figures.append(FigureRow(plain, *rest))
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


def source_keys(conn: sqlite3.Connection, limit: int = -1) -> list[tuple[str, str]]:
    """(key, title) of the sources by key: the first `limit` of them (all, when -1)."""
    return conn.execute("SELECT key, title FROM sources ORDER BY key LIMIT ?", (limit,)).fetchall()


def source_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM sources").fetchone()[0])


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


# -- search ---------------------------------------------------------------------------------

#: Counts stop here ("10,000+"): past it, facets are counted over the newest CAP hits.
SEARCH_CAP = 10_000
#: Relevance is ranked among at most this many hits at a time, in key order (newest year
#: first): bm25 costs a few microseconds a hit, so ranking all 20,000 hits of a common word
#: in one year would take 70 ms (bench/search.py). Where a year has fewer hits, the order is
#: plain bm25.
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
    kind: str | None = None
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    anchor: str
    kind: str  # paragraph | bullet | row
    topic: str | None
    text: str
    lang: str  # the statement's own language
    block_kind: str
    block_lang: str
    year: int
    company_slug: str
    company_name: str
    source_key: str
    line_start: int
    line_end: int


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
    kinds: list[tuple[str, int]]  # (block kind, hits), most first
    langs: list[tuple[str, int]]
    sampled: bool  # companies, kinds and langs were counted over the newest SEARCH_CAP hits


_MATCH = f"SELECT {{what}} FROM {SEARCH_INDEX} WHERE {SEARCH_INDEX} MATCH ?"
_HIT_SQL = (
    "SELECT c.anchor, c.kind, c.topic, c.text, c.lang, b.kind, b.lang, b.year, co.slug,"
    " co.name, s.key, c.line_start, c.line_end"
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
    """Hits of an FTS5 MATCH expression (app.search.syntax writes it), newest snapshots
    first and then by relevance, with facet counts; `offset` at most SEARCH_CAP - limit.

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
    langs = {LANG_CODES[k]: n for k, n in per_lang.items()}
    if capped and filters.year is None:
        oldest = min(per_year)
        for year in [oldest, *(y for y in years or () if y < oldest)]:
            per_year[year] = matcher.count(year)
    by_year = [(y, n) for y, n in sorted(per_year.items(), reverse=True) if n]
    keys: list[int] = []
    before = 0
    for year, hits in by_year:
        if before + hits > offset and len(keys) < limit:
            keys += matcher.ranked(year, max(offset - before, 0), limit - len(keys))
        before += hits
        if before >= offset + limit:
            break
    total = sum(n for _, n in by_year)
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
    names = {
        row[0]: row[1:]
        for row in conn.execute(
            f"SELECT id, slug, name FROM companies WHERE id IN ({marks})", [i for i, _ in top]
        )
    }
    return [CompanyCount(i, *names[i], n) for i, n in top if i in names]


def _hit(conn: sqlite3.Connection, key: int) -> SearchHit | None:
    block = block_of(key >> POSITION_BITS)
    position = key & MAX_POSITION
    row = conn.execute(
        _HIT_SQL, (block.company_id, block.year, block.lang, block.kind, position)
    ).fetchone()
    return None if row is None else SearchHit(*row)


def company_id(conn: sqlite3.Connection, slug: str) -> int | None:
    row = conn.execute("SELECT id FROM companies WHERE slug = ?", (slug,)).fetchone()
    return None if row is None else int(row[0])
