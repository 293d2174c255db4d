"""The comparison page as plain data: per block, the statements of two snapshots side by side,
paired where they say the same thing (app.compare), each with its citation; and the counts.

Built from query rows, pure (tested without a server); templates/compare.html draws it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from app.compare.align import FigureKey, Statement, align
from app.compare.changes import Change, changes
from app.db import queries
from app.db.queries import BlockRow, ClaimRow, CompanySummary
from app.domain import BLOCK_KINDS, ENGLISH_TITLES
from app.views import excerpt, urls
from app.views.bidi import direction
from app.views.canvas_model import canvas_href, compare_href
from app.views.figures_model import SNAPSHOT_FIGURES_READ, Paired, Point, side_by_side

#: Statements the page shows of each of a block's lists (the pairs, and each year's own):
#: the summary counts every one, and each year's block page has them all. Real blocks hold
#: a few dozen; a comparison of two 5,000-statement blocks was a page of megabytes.
COMPARE_SHOWN = 50

#: A pair's status, as the summary counts it and the page marks it.
MATCHED, CHANGED, ONLY_A, ONLY_B = "matched", "changed", "only-a", "only-b"


@dataclass(frozen=True, slots=True)
class Cited:
    """One statement on one side: the claim as read, its year, what of it to mark."""

    claim: ClaimRow
    year: int
    kind: str  # its block's
    place: int  # among its block's statements, from 1
    marks: tuple[tuple[int, int], ...] = ()  # spans of the text to mark: changed figures

    @property
    def anchor(self) -> str:
        return self.claim.anchor

    @property
    def lang(self) -> str:
        return self.claim.lang

    @property
    def dir(self) -> str:
        return direction(self.claim.lang)

    @property
    def text(self) -> str:
        return self.claim.text  # as written (a row: its cells joined by " | ")

    @property
    def topic(self) -> str | None:
        return self.claim.topic

    @property
    def header(self) -> tuple[str, ...] | None:
        return self.claim.header

    @property
    def line_start(self) -> int:
        return self.claim.line_start

    @property
    def line_end(self) -> int:
        return self.claim.line_end

    @property
    def shown(self) -> str:
        """The text as the page shows it: a row's cells apart by a dot, not a bar (the same
        length, so the marks' spans still fit)."""
        return self.text.replace(" | ", " · ") if self.claim.cells else self.text

    @property
    def source_href(self) -> str:
        c = self.claim
        return urls.source_lines(c.source_key, c.line_start, c.line_end)


@dataclass(frozen=True, slots=True)
class Row:
    status: str  # MATCHED, CHANGED, ONLY_A or ONLY_B
    a: Cited | None
    b: Cited | None
    changes: tuple[Change, ...] = ()
    basis: str = ""  # "text" or "figures and names": how the pair was found


@dataclass(frozen=True, slots=True)
class Counts:
    matched: int = 0
    changed: int = 0
    only_a: int = 0
    only_b: int = 0


@dataclass(slots=True)
class BlockComparison:
    kind: str  # also the element id: `#key-partners`
    title: str  # the English block name
    in_a: bool  # a document declares the block for the first year
    in_b: bool
    lang_a: str
    lang_b: str
    rows: list[Row] = field(default_factory=list)
    counts: Counts = Counts()

    @property
    def pairs(self) -> list[Row]:
        """The statements that say the same thing, side by side, in reading order."""
        return [r for r in self.rows if r.a is not None and r.b is not None]

    @property
    def shown_pairs(self) -> list[Row]:
        """Those the page shows: the first COMPARE_SHOWN (the summary counts them all)."""
        return self.pairs[:COMPARE_SHOWN]

    @property
    def shown_only_a(self) -> list[Cited]:
        return self.only_a[:COMPARE_SHOWN]

    @property
    def shown_only_b(self) -> list[Cited]:
        return self.only_b[:COMPARE_SHOWN]

    @property
    def whole(self) -> bool:
        """Every statement of the block is shown."""
        c = self.counts
        return max(c.matched + c.changed, c.only_a, c.only_b) <= COMPARE_SHOWN

    @property
    def only_a(self) -> list[Cited]:
        return [r.a for r in self.rows if r.status == ONLY_A and r.a is not None]

    @property
    def only_b(self) -> list[Cited]:
        return [r.b for r in self.rows if r.status == ONLY_B and r.b is not None]

    @property
    def dir_a(self) -> str:
        return direction(self.lang_a)

    @property
    def dir_b(self) -> str:
        return direction(self.lang_b)


@dataclass(slots=True)
class ComparePage:
    company: CompanySummary
    a: int
    b: int
    lang_a: str  # each snapshot's language (its blocks' majority)
    lang_b: str
    blocks: list[BlockComparison]
    limit: int = excerpt.PAGE_CHARS  # the characters each statement shown may show
    figures: list[Paired] = field(default_factory=list)  # the key figures side by side
    places: dict[tuple[int, str], int] = field(default_factory=dict)  # (year, anchor): place

    @property
    def shares_nothing(self) -> bool:
        """No statement of one snapshot says what one of the other says."""
        t = self.totals
        return t.matched + t.changed == 0

    def figure_href(self, point: Point) -> str:
        s = point.stated
        place = self.places.get((s.year, s.anchor), 1)
        return urls.statement(self.company.slug, s.year, s.kind, place, s.anchor)

    def figure_lines(self, point: Point) -> str:
        s = point.stated
        return urls.source_lines(s.source_key, s.line_start, s.line_end)

    @property
    def href(self) -> str:
        return compare_href(self.company.slug, self.a, self.b)

    def block_href(self, year: int, kind: str) -> str:
        """A block's own page in one year: where all its statements are."""
        return urls.block(self.company.slug, year, kind)

    @property
    def swapped_href(self) -> str:
        return compare_href(self.company.slug, self.b, self.a)

    def canvas_href(self, year: int) -> str:
        return canvas_href(self.company.slug, year)

    def statement_href(self, cited: Cited) -> str:
        return urls.statement(self.company.slug, cited.year, cited.kind, cited.place, cited.anchor)

    @property
    def totals(self) -> Counts:
        return Counts(
            sum(b.counts.matched for b in self.blocks),
            sum(b.counts.changed for b in self.blocks),
            sum(b.counts.only_a for b in self.blocks),
            sum(b.counts.only_b for b in self.blocks),
        )


def build_comparison(
    company: CompanySummary,
    a: int,
    b: int,
    blocks_a: list[BlockRow],
    blocks_b: list[BlockRow],
) -> ComparePage:
    """Both snapshots' blocks (read with their figures), compared block by block."""
    lang_a = _snapshot_lang(company, a)
    lang_b = _snapshot_lang(company, b)
    by_kind_a = _by_kind(blocks_a)
    by_kind_b = _by_kind(blocks_b)
    compared = []
    for kind in BLOCK_KINDS:
        rows_a, rows_b = by_kind_a.get(kind), by_kind_b.get(kind)
        claims_a = [c for row in rows_a or [] for c in row.claims]
        claims_b = [c for row in rows_b or [] for c in row.claims]
        block = BlockComparison(
            kind=kind,
            title=ENGLISH_TITLES[kind],
            in_a=rows_a is not None,
            in_b=rows_b is not None,
            lang_a=rows_a[0].lang if rows_a else lang_a,
            lang_b=rows_b[0].lang if rows_b else lang_b,
        )
        block.rows = _rows(kind, claims_a, claims_b, a, b)
        block.counts = Counts(
            sum(r.status == MATCHED for r in block.rows),
            sum(r.status == CHANGED for r in block.rows),
            sum(r.status == ONLY_A for r in block.rows),
            sum(r.status == ONLY_B for r in block.rows),
        )
        compared.append(block)
    shown = sum(
        2 * len(c.shown_pairs) + len(c.shown_only_a) + len(c.shown_only_b) for c in compared
    )
    return ComparePage(company, a, b, lang_a, lang_b, compared, excerpt.share(shown))


def _snapshot_lang(company: CompanySummary, year: int) -> str:
    return next(s.lang for s in company.snapshots if s.year == year)


def _by_kind(blocks: list[BlockRow]) -> dict[str, list[BlockRow]]:
    found: dict[str, list[BlockRow]] = {}
    for block in blocks:
        found.setdefault(block.kind, []).append(block)
    return found


def _statement(claim: ClaimRow) -> Statement:
    return Statement(
        text=claim.text,
        lang=claim.lang,
        topic=claim.topic,
        label=claim.cells[0] if claim.cells else None,
        figures=tuple(FigureKey.of(f) for f in claim.figures),
    )


def _rows(
    kind: str, claims_a: list[ClaimRow], claims_b: list[ClaimRow], a: int, b: int
) -> list[Row]:
    pairs = align([_statement(c) for c in claims_a], [_statement(c) for c in claims_b])
    rows = []
    for pair in pairs:  # `place`: a statement's place in its block, from 1
        if pair.a is not None and pair.b is not None:
            left, right = claims_a[pair.a], claims_b[pair.b]
            found = tuple(changes(left.figures, right.figures, a, b))
            status = CHANGED if found else MATCHED
            sides = (
                Cited(left, a, kind, pair.a + 1, tuple(c.before_span for c in found)),
                Cited(right, b, kind, pair.b + 1, tuple(c.after_span for c in found)),
            )
            rows.append(Row(status, *sides, found, pair.basis))
        elif pair.a is not None:
            rows.append(Row(ONLY_A, Cited(claims_a[pair.a], a, kind, pair.a + 1), None))
        elif pair.b is not None:
            rows.append(Row(ONLY_B, None, Cited(claims_b[pair.b], b, kind, pair.b + 1)))
    return rows


def comparison(
    conn: sqlite3.Connection, company: queries.CompanySummary, a: int, b: int
) -> ComparePage:
    """Both snapshots read with their figures, compared (the page's and the API's)."""
    blocks_a = queries.canvas_blocks(conn, company.id, a, with_figures=True)
    blocks_b = queries.canvas_blocks(conn, company.id, b, with_figures=True)
    page = build_comparison(company, a, b, blocks_a, blocks_b)
    read = SNAPSHOT_FIGURES_READ
    stated_a = queries.stated_figures(conn, company.id, a, read, with_place=False)
    stated_b = queries.stated_figures(conn, company.id, b, read, with_place=False)
    page.figures = side_by_side(stated_a, a, stated_b, b)
    for year, blocks in ((a, blocks_a), (b, blocks_b)):  # each statement's place in its panel
        counted: dict[str, int] = {}
        for block in blocks:
            for claim in block.claims:
                counted[block.kind] = counted.get(block.kind, 0) + 1
                page.places[(year, claim.anchor)] = counted[block.kind]
    return page
