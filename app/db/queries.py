"""The only module that reads the database for the web side, always read-only.

Rows read by column name (app.db.rows) into small dataclasses typed with the domain's words:
the canvas page is the hot path, and ORM objects cost more than the query. Every function
takes a connection from app.db.connection. The search engine is app.db.search.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from app.db.rows import first, named
from app.domain import BlockKind, ClaimKind, Lang, SourceKind, slugify, split_lines

# -- companies ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SnapshotRow:
    year: int
    langs: tuple[Lang, ...]
    lang: Lang  # the language most of its blocks are in (snapshot_lang)


def snapshot_lang(arabic_blocks: int, english_blocks: int) -> Lang:
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
    "SELECT c.id, c.slug, c.name, c.ticker, b.year, group_concat(DISTINCT b.lang) AS langs,"
    " sum(b.lang = 'ar') AS arabic, sum(b.lang = 'en') AS english"
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
        rows = named(conn, _COMPANY_SQL.format(where=""))
    else:
        marks = ",".join("?" * len(ids))
        rows = named(conn, _COMPANY_SQL.format(where=f"WHERE c.id IN ({marks})"), ids)
    by_id = {c.id: c for c in _summaries(rows)}
    return [by_id[i] for i in ids if i in by_id]


def companies(conn: sqlite3.Connection, needle: str = "") -> list[CompanySummary]:
    """Every company (or those whose name, slug or ticker contains `needle`), by name."""
    return company_page(conn, needle, limit=None).companies


def company(conn: sqlite3.Connection, slug: str) -> CompanySummary | None:
    """One company by slug: an indexed lookup, not a scan of every company."""
    found = _summaries(named(conn, _COMPANY_SQL.format(where="WHERE c.slug = ?"), (slug,)))
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


def company_names(conn: sqlite3.Connection) -> frozenset[str]:
    """Every form an address may name a company by, as `company` and `canonical_slug` read
    it: each slug and each alias (already slugified). One row each."""
    rows = conn.execute("SELECT slug FROM companies UNION SELECT alias FROM company_aliases")
    return frozenset(name for (name,) in rows)


def may_name_company(names: frozenset[str], asked: str) -> bool:
    """False only when `asked` names no company of `names` (company_names) by any form that
    `company` or `canonical_slug` would find: then the address is a 404, unread."""
    if asked in names:
        return True
    return len(asked) <= _MAX_ASKED and slugify(asked) in names


def _summaries(rows: list[sqlite3.Row]) -> list[CompanySummary]:
    """One summary per company from _COMPANY_SQL's rows (one per company and year)."""
    found: dict[int, CompanySummary] = {}
    for row in rows:
        langs = tuple(sorted(row["langs"].split(",")))
        snap = SnapshotRow(row["year"], langs, snapshot_lang(row["arabic"], row["english"]))
        prev = found.get(row["id"])
        found[row["id"]] = CompanySummary(
            row["id"],
            row["slug"],
            row["name"],
            row["ticker"],
            ((*prev.snapshots, snap) if prev else (snap,)),
        )
    return list(found.values())


# -- the canvas -------------------------------------------------------------------------------


@dataclass(slots=True)  # not frozen: a frozen init costs a setattr call per field, per claim
class ClaimRow:
    anchor: str
    kind: ClaimKind
    topic: str | None
    text: str
    lang: Lang
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
    label: str | None = None  # what it measures, in the document's words (app/figure_meaning.py)
    metric: str | None = None  # a key of app/metrics.toml
    scope: str | None = None
    period: str | None = None  # None: the document writes none (the snapshot's year applies)
    period_text: str | None = None
    period_source: str | None = None
    qualifiers: tuple[str, ...] = ()


@dataclass(slots=True)
class BlockRow:
    kind: BlockKind
    lang: Lang
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
    " c.table_line, s.key AS source_key, c.line_start, c.line_end, c.number"
    " FROM blocks b JOIN claims c ON c.block_id = b.id JOIN sources s ON s.id = c.source_id"
    " WHERE b.company_id = ? AND b.year = ?"
    " ORDER BY b.id, c.position"
)
FIGURES_SQL = (
    "SELECT f.claim_id, f.position, f.value, f.unit, f.currency, f.scale, f.bound, f.text,"
    " f.span_start, f.span_end, f.label, f.metric, f.scope, f.period, f.period_text,"
    " f.period_source, f.qualifiers FROM blocks b JOIN claims c ON c.block_id = b.id"
    " JOIN figures f ON f.claim_id = c.id"
    " WHERE b.company_id = ? AND b.year = ? ORDER BY b.id, c.position"
)


def block_lang(conn: sqlite3.Connection, company_id: int, year: int, kind: str) -> Lang | None:
    """The language of a snapshot's first block of `kind` (None when it has none)."""
    row = first(
        conn,
        "SELECT lang FROM blocks WHERE company_id = ? AND year = ? AND kind = ?"
        " ORDER BY id LIMIT 1",
        (company_id, year, kind),
    )
    return row["lang"] if row else None


def canvas_blocks(
    conn: sqlite3.Connection, company_id: int, year: int, with_figures: bool = False
) -> list[BlockRow]:
    """The blocks of one snapshot with their claims in order; `with_figures`, each claim's
    figures too (the API and the comparison: the canvas page does not show them)."""
    blocks = {
        row["id"]: BlockRow(row["kind"], row["lang"], row["heading"])
        for row in named(conn, BLOCKS_SQL, (company_id, year))
    }
    headers: dict[str, tuple[str, ...]] = {}  # a table's header repeats on each of its rows
    by_id: dict[int, ClaimRow] = {}
    for row in named(conn, CLAIMS_SQL, (company_id, year)):
        header, cells = row["header"], row["cells"]
        if header:
            parsed = headers.get(header)
            if parsed is None:
                parsed = headers[header] = tuple(json.loads(header))
        claim = ClaimRow(
            anchor=row["anchor"],
            kind=row["kind"],
            topic=row["topic"],
            text=row["text"],
            lang=row["lang"],
            cells=tuple(json.loads(cells)) if cells else None,
            header=parsed if header else None,
            table_line=row["table_line"],
            source_key=row["source_key"],
            line_start=row["line_start"],
            line_end=row["line_end"],
            number=row["number"],
        )
        blocks[row["block_id"]].claims.append(claim)
        if with_figures:
            by_id[row["id"]] = claim
    if with_figures:  # in text order: sorted here, as the index order of claims is kept
        found = named(conn, FIGURES_SQL, (company_id, year))
        found.sort(key=lambda r: (r["claim_id"], r["position"]))
        for row in found:
            by_id[row["claim_id"]].figures.append(_figure(row))
    return list(blocks.values())


@dataclass(frozen=True, slots=True)
class StatedFigure:
    """A figure that names a metric, with where it is written: the figures page's points,
    the canvas's key figures and the comparison's side by side."""

    figure: FigureRow
    year: int  # the snapshot's
    kind: BlockKind  # its block's
    anchor: str  # its statement's
    place: int  # its statement's, among its block's on the canvas, from 1 (urls.statement)
    lang: Lang  # its statement's
    source_key: str
    line_start: int
    line_end: int


#: A company's figures that name a metric, in reading order (snapshot, block, statement,
#: figure): the blocks by their company-and-year index, then each block's claims and their
#: figures by key. `place` counts the statements of the snapshot's earlier blocks of the kind.
_PLACE = (
    "c.position + 1 + (SELECT count(*) FROM blocks e JOIN claims ec ON ec.block_id = e.id"
    " WHERE e.company_id = b.company_id AND e.year = b.year AND e.kind = b.kind"
    " AND e.id < b.id)"
)
_STATED_SQL = (
    "SELECT b.year, b.kind AS block_kind, c.anchor, c.lang, s.key AS source_key,"
    " c.line_start, c.line_end, f.value, f.unit, f.currency, f.scale, f.bound, f.text,"
    " f.span_start, f.span_end, f.label, f.metric, f.scope, f.period, f.period_text,"
    " f.period_source, f.qualifiers, {place} AS place"
    " FROM blocks b JOIN claims c ON c.block_id = b.id JOIN figures f ON f.claim_id = c.id"
    " JOIN sources s ON s.id = c.source_id"
    " WHERE b.company_id = ? AND f.metric IS NOT NULL {year}"
    " ORDER BY b.year, b.id, c.position, f.position LIMIT ?"
)


def stated_figures(
    conn: sqlite3.Connection,
    company_id: int,
    year: int | None = None,
    limit: int = 5000,
    with_place: bool = True,
) -> list[StatedFigure]:
    """The company's figures that name a metric (of one snapshot with `year`), at most
    `limit` of them, in reading order; without `with_place`, each `place` is 0 (a canvas
    cites its key figures by their statements' markers, not by address)."""
    args: list[object] = [company_id]
    where = ""
    if year is not None:
        where, args = "AND b.year = ?", [company_id, year]
    sql = _STATED_SQL.format(year=where, place=_PLACE if with_place else "0")
    rows = named(conn, sql, (*args, limit))
    return [
        StatedFigure(
            _figure(row), row["year"], row["block_kind"], row["anchor"], row["place"],
            row["lang"], row["source_key"], row["line_start"], row["line_end"],
        )
        for row in rows
    ]  # fmt: skip


def _figure(row: sqlite3.Row) -> FigureRow:
    value = row["value"]
    return FigureRow(
        value=int(value) if float(value).is_integer() else value,
        unit=row["unit"],
        currency=row["currency"],
        scale=row["scale"],
        bound=row["bound"],
        text=row["text"],
        start=row["span_start"],
        end=row["span_end"],
        label=row["label"],
        metric=row["metric"],
        scope=row["scope"],
        period=row["period"],
        period_text=row["period_text"],
        period_source=row["period_source"],
        qualifiers=tuple(row["qualifiers"].split(",")) if row["qualifiers"] else (),
    )


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
    kind: SourceKind
    path: str
    sha256: str
    line_count: int
    url: str | None
    company_slug: str
    company_name: str
    years: tuple[int, ...]
    text: str


def source(conn: sqlite3.Connection, key: str) -> SourceRow | None:
    row = first(
        conn,
        "SELECT s.id, s.key, s.title, s.kind, s.path, s.sha256, s.line_count, s.url,"
        " c.slug AS company_slug, c.name AS company_name, s.text"
        " FROM sources s JOIN companies c ON c.id = s.company_id WHERE s.key = ?",
        (key,),
    )
    if row is None:
        return None
    years = named(
        conn,
        "SELECT DISTINCT year FROM source_parts WHERE source_id = ? ORDER BY year",
        (row["id"],),
    )
    return SourceRow(
        key=row["key"],
        title=row["title"],
        kind=row["kind"],
        path=row["path"],
        sha256=row["sha256"],
        line_count=row["line_count"],
        url=row["url"],
        company_slug=row["company_slug"],
        company_name=row["company_name"],
        years=tuple(y["year"] for y in years),
        text=row["text"],
    )


@dataclass(frozen=True, slots=True)
class CitedSource:
    """A source a page cites: the reference list names it, the popovers quote its lines."""

    title: str
    kind: SourceKind | None  # None: a source the database no longer holds (the page says so)
    url: str | None  # where it came from, when the manifest says
    years: tuple[int, ...]  # the snapshot years it feeds
    lines: list[str]
    summary: str | None = None  # a scraped page's intro, as written (never a claim)


def cited_sources(conn: sqlite3.Connection, keys: list[str]) -> dict[str, CitedSource]:
    """The sources a page cites, by key, in one query."""
    if not keys:
        return {}
    marks = ",".join("?" * len(keys))
    rows = named(
        conn,
        "SELECT s.key, s.title, s.kind, s.url, s.text, s.summary,"
        " (SELECT group_concat(DISTINCT p.year) FROM source_parts p WHERE p.source_id = s.id)"
        f" AS years FROM sources s WHERE s.key IN ({marks})",
        keys,
    )
    return {
        row["key"]: CitedSource(
            title=row["title"],
            kind=row["kind"],
            url=row["url"],
            years=tuple(sorted({int(y) for y in (row["years"] or "").split(",") if y})),
            lines=split_lines(row["text"]),
            summary=row["summary"],
        )
        for row in rows
    }


@dataclass(frozen=True, slots=True)
class QuotedSource:
    """What a citation's quote names: the document's title, the company it is about, and
    the line number of the block heading the quoted line stands under (None: above every
    heading)."""

    title: str
    company_slug: str
    heading_line: int | None


def quoted_source(conn: sqlite3.Connection, key: str, line: int) -> QuotedSource | None:
    row = first(
        conn,
        "SELECT s.title, c.slug,"
        " (SELECT max(bs.heading_line) FROM block_sources bs"
        "  WHERE bs.source_id = s.id AND bs.heading_line <= ?) AS heading_line"
        " FROM sources s JOIN companies c ON c.id = s.company_id WHERE s.key = ?",
        (line, key),
    )
    if row is None:
        return None
    return QuotedSource(row["title"], row["slug"], row["heading_line"])


def source_lines(conn: sqlite3.Connection, key: str, start: int, end: int) -> list[str] | None:
    """Lines start..end (1-based, inclusive) of a source, or None for an unknown source."""
    row = first(conn, "SELECT text FROM sources WHERE key = ?", (key,))
    if row is None:
        return None
    return split_lines(row["text"])[max(start, 1) - 1 : end]


def source_keys(conn: sqlite3.Connection, limit: int = -1) -> list[tuple[str, str]]:
    """(key, title) of the sources by key: the first `limit` of them (all, when -1)."""
    rows = named(conn, "SELECT key, title FROM sources ORDER BY key LIMIT ?", (limit,))
    return [(row["key"], row["title"]) for row in rows]


def source_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM sources").fetchone()[0])


@dataclass(frozen=True, slots=True)
class Totals:
    companies: int
    sources: int
    snapshots: int
    claims: int


def totals(conn: sqlite3.Connection) -> Totals:
    row = first(
        conn,
        "SELECT (SELECT COUNT(*) FROM companies) AS companies,"
        " (SELECT COUNT(*) FROM sources) AS sources,"
        " (SELECT COUNT(*) FROM (SELECT DISTINCT company_id, year FROM blocks)) AS snapshots,"
        " (SELECT COUNT(*) FROM claims) AS claims",
    )
    assert row is not None  # an aggregate always has its one row
    return Totals(
        companies=row["companies"],
        sources=row["sources"],
        snapshots=row["snapshots"],
        claims=row["claims"],
    )


def company_id(conn: sqlite3.Connection, slug: str) -> int | None:
    row = conn.execute("SELECT id FROM companies WHERE slug = ?", (slug,)).fetchone()
    return None if row is None else int(row[0])
