"""The canvas page as plain data: panels in layout order, claims grouped, citations numbered.

Built from query rows: each panel with its count and phrases (for the map), its sections and
groups (for the text), and every citation (for the markers, the popovers and the reference
list); app.views.canvas_html draws them. Pure, so it is tested
without a server. The per-claim classes are plain slotted dataclasses (not frozen: a frozen
init pays a setattr call per field, per claim).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from app.db.queries import BlockRow, CitedSource, ClaimRow, CompanySummary, snapshot_lang
from app.domain import BLOCK_KINDS, ENGLISH_TITLES, lang_of
from app.views import excerpt, phrases, urls
from app.views.bidi import direction
from app.views.figures_model import Point


@dataclass(slots=True)
class CitationMark:
    """One marker in the text. Markers citing the same lines of the same document share a
    number (Wikipedia's named references): `use` tells them apart (1 for the first)."""

    number: int
    source_key: str  # app.views.urls builds /sources/{key}#L{a}-L{b} and its /lines
    line_start: int
    line_end: int
    claim_anchor: str  # the statement it stands after
    use: int = 1

    @property
    def marker_id(self) -> str:
        """The marker's element id, where the reference list links back to."""
        return f"cite-{self.number}" if self.use == 1 else f"cite-{self.number}-{self.use}"


@dataclass(slots=True)
class ClaimView:
    anchor: str
    kind: str
    lang: str
    dir: str
    text: str  # as written; canvas_html escapes it and isolates runs of the other script
    citation: CitationMark
    number: int | None = None  # a numbered item's number, as written
    left_out: int = 0  # characters of a statement too long to show whole (app.views.excerpt)


@dataclass(slots=True)
class RowView:
    anchor: str
    lang: str
    dir: str
    cells: tuple[str, ...]  # each cell too long to show whole ends in "…"
    citation: CitationMark


@dataclass(slots=True)
class Item:
    """A run of claims drawn together: paragraphs, one list, or one table."""

    kind: str  # "paragraph" | "list" | "numbered" (an ordered list) | "table"
    claims: list[ClaimView] = field(default_factory=list)
    header: tuple[str, ...] = ()
    header_lang: str = "en"
    rows: list[RowView] = field(default_factory=list)
    table_line: int | None = None  # the source line of the table's header


@dataclass(slots=True)
class Group:
    topic: str | None  # as written; claims that share it share a group
    lang: str
    dir: str
    items: list[Item] = field(default_factory=list)


@dataclass(slots=True)
class Section:
    """One block as written by one language part (a panel may hold two)."""

    heading: str  # as written
    name: str  # the heading without the company prefix scraped pages repeat
    lang: str
    dir: str
    groups: list[Group] = field(default_factory=list)


@dataclass(slots=True)
class Panel:
    kind: str  # also the element id: `#key-partners`
    title: str  # the English block name
    sections: list[Section] = field(default_factory=list)
    nearest_year: int | None = None  # when empty: the closest year that has this block
    nearest_href: str | None = None
    count: int = 0  # statements: claims and table rows, shown or not
    shown: tuple[int, int] = (0, 0)  # the first and last statement shown (from 1; 0, 0: none)
    next_anchor: str | None = None  # the first statement after those shown, if any
    phrases: list[str] = field(default_factory=list)  # for the map (app.views.phrases)
    phrases_lang: str = "en"

    @property
    def empty(self) -> bool:
        return not any(g.items for s in self.sections for g in s.groups)

    @property
    def phrases_dir(self) -> str:
        return direction(self.phrases_lang)

    @property
    def whole(self) -> bool:
        """Every statement of the block is shown."""
        return self.shown[1] - self.shown[0] + 1 >= self.count


@dataclass(frozen=True, slots=True)
class Lead:
    """A snapshot's intro as its document wrote it (a scraped page's opening paragraph,
    which is never a claim), with the line it stands on."""

    text: str
    lang: str
    dir: str
    source_key: str
    line: int


@dataclass(frozen=True, slots=True)
class YearLink:
    year: int
    href: str
    current: bool
    langs: tuple[str, ...]
    lang: str  # the snapshot's language: its page's interface language by default


@dataclass(slots=True)
class CanvasPage:
    company: CompanySummary
    year: int
    lang: str
    dir: str
    panels: list[Panel]
    years: list[YearLink]
    references: list[CitationMark]  # every marker, in reading order
    sources: dict[str, CitedSource]  # by source key
    headings: dict[str, str] = field(default_factory=dict)  # a block heading each source wrote
    lead: Lead | None = None
    key_figures: list[Point] = field(default_factory=list)  # app.views.figures_model
    key_conflicts: set[str] = field(default_factory=set)  # metrics stated twice for one period

    @property
    def statements(self) -> int:
        return sum(p.count for p in self.panels)

    @property
    def blocks_written(self) -> int:
        return sum(1 for p in self.panels if p.count)

    @property
    def href(self) -> str:
        return canvas_href(self.company.slug, self.year)

    def panel(self, kind: str) -> Panel:
        return next(p for p in self.panels if p.kind == kind)

    def block_href(self, kind: str) -> str:
        """The block's own page (`/c/{slug}/{year}/{kind}`)."""
        return urls.block(self.company.slug, self.year, kind)

    def anchor_href(self, kind: str) -> str:
        """The block inside the canvas (`/c/{slug}/{year}#{kind}`): what "Copy link" copies."""
        return urls.block_in_canvas(self.company.slug, self.year, kind)

    def compare_href(self, other: int) -> str:
        """This year compared with another, the earlier year first."""
        return compare_href(self.company.slug, min(self.year, other), max(self.year, other))

    def source_of(self, citation: CitationMark) -> CitedSource:
        found = self.sources.get(citation.source_key)
        return found or CitedSource(citation.source_key, None, None, (), [])

    def title_of(self, source_key: str) -> str:
        """The document's title as this page names it (`part_title`)."""
        source = self.sources.get(source_key)
        if source is None:
            return source_key
        return part_title(source.title, self.headings.get(source_key), self.lang, self.company)

    def marker_of(self, anchor: str) -> CitationMark | None:
        """The first marker of the statement `anchor`, where the page shows it."""
        return next((c for c in self.references if c.claim_anchor == anchor), None)

    def quoted(self, citation: CitationMark) -> list[str]:
        """The lines a citation quotes."""
        return self.source_of(citation).lines[citation.line_start - 1 : citation.line_end]


canvas_href = urls.canvas  # the names the views and page models have always called
compare_href = urls.compare  # two snapshots side by side, `a` on the first side


def build_canvas(
    company: CompanySummary,
    year: int,
    blocks: list[BlockRow],
    nearest: dict[str, int | None],
    sources: dict[str, CitedSource],
    lang: str | None = None,
    first: int | None = None,
) -> CanvasPage:
    """Panels in reading order, citations numbered in reading order; `lang` is the
    snapshot's language when `blocks` are only some of its blocks. Each panel shows its first
    `urls.PANEL_STATEMENTS` statements, or with `first` (a block's page) the window of
    `urls.BLOCK_WINDOW` from statement `first`; statements too long for the page are cut
    (app.views.excerpt)."""
    by_kind: dict[str, list[BlockRow]] = {}
    for block in blocks:
        by_kind.setdefault(block.kind, []).append(block)
    if lang is None:
        langs = Counter(b.lang for b in blocks)
        lang = snapshot_lang(langs["ar"], langs["en"])
    start, stop = 1, urls.PANEL_STATEMENTS
    if first is not None:  # the window that holds `first`, or the block's last
        most = max((sum(len(b.claims) for b in rows) for rows in by_kind.values()), default=1)
        start = urls.block_window(min(first, max(most, 1)))
        stop = start + urls.BLOCK_WINDOW - 1
    windows = {kind: _window(rows, start, stop) for kind, rows in by_kind.items()}
    shown = sum(len(b.claims) for found, _, _ in windows.values() for b in found)
    numbering = _Numbering(excerpt.share(shown))
    panels = []
    for kind in BLOCK_KINDS:
        panel = Panel(kind=kind, title=ENGLISH_TITLES[kind])
        found, panel.count, panel.next_anchor = windows.get(kind, ([], 0, None))
        for block in found:
            panel.sections.append(_section(block, numbering, company))
        _summarise(panel, lang, company)
        if panel.count:
            panel.shown = (start, min(stop, panel.count))
        if panel.empty:
            near = nearest.get(kind)
            panel.nearest_year = near
            panel.nearest_href = urls.block_in_canvas(company.slug, near, kind) if near else None
        panels.append(panel)
    years = [
        YearLink(s.year, canvas_href(company.slug, s.year), s.year == year, s.langs, s.lang)
        for s in company.snapshots
    ]
    headings: dict[str, str] = {}
    for block in blocks:  # the snapshot's own language first
        for claim in block.claims if block.lang == lang else ():
            headings.setdefault(claim.source_key, block.heading)
    for block in blocks:
        for claim in block.claims:
            headings.setdefault(claim.source_key, block.heading)
    return CanvasPage(
        company,
        year,
        lang,
        direction(lang),
        panels,
        years,
        numbering.cited,
        sources,
        headings,
        _lead(sources, lang),
    )


def _lead(sources: dict[str, CitedSource], lang: str) -> Lead | None:
    """The intro of the first source (by key) that has one in the snapshot's language, on
    the line where it stands; None where no source has one (the page sums up its facts)."""
    for key in sorted(sources):
        source = sources[key]
        intro = (source.summary or "").strip()
        if not intro or lang_of(intro) != lang:
            continue
        line = next((n for n, text in enumerate(source.lines, 1) if text.strip() == intro), None)
        if line is not None:
            return Lead(intro, lang, direction(lang), key, line)
    return None


def _window(
    blocks: list[BlockRow], start: int, stop: int
) -> tuple[list[BlockRow], int, str | None]:
    """A panel's blocks with only its statements `start` to `stop` (from 1, across its
    blocks in order), how many statements it holds in all, and the anchor of the one after
    `stop` (None when there is none)."""
    kept, seen, after = [], 0, None
    for block in blocks:
        first, seen = seen, seen + len(block.claims)
        claims = block.claims[max(start - 1 - first, 0) : max(stop - first, 0)]
        if claims:
            whole = len(claims) == len(block.claims)
            kept.append(block if whole else replace(block, claims=claims))
        if after is None and first <= stop < seen:
            after = block.claims[stop - first].anchor
    return kept, seen, after


class _Numbering:
    """Citations numbered in reading order, one number per cited span of lines; statement
    texts cut to `limit` characters."""

    def __init__(self, limit: int) -> None:
        self.cited: list[CitationMark] = []
        self._numbers: dict[tuple[str, int, int], list[CitationMark]] = {}
        self.limit = limit

    def cite(self, claim: ClaimRow) -> CitationMark:
        span = (claim.source_key, claim.line_start, claim.line_end)
        uses = self._numbers.setdefault(span, [])
        number = uses[0].number if uses else len(self._numbers)
        citation = CitationMark(number, *span, claim.anchor, len(uses) + 1)
        uses.append(citation)
        self.cited.append(citation)
        return citation


#: How many phrases each map panel shows: the tall panels of the outer columns and the
#: middle hold more than the small ones and the wide bottom row (static/app.css shows fewer
#: on a phone).
PHRASES = {
    "key-partners": 6,
    "value-propositions": 6,
    "customer-segments": 6,
    "cost-structure": 5,
    "revenue-streams": 5,
}
PHRASES_SMALL = 4


def _summarise(panel: Panel, lang: str, company: CompanySummary) -> None:
    """The panel's phrases for the map (app.views.phrases), from its part in the
    snapshot's language where it has one."""
    written = [s for s in panel.sections if any(g.items for g in s.groups)]
    section = next((s for s in written if s.lang == lang), written[0] if written else None)
    if section is None:
        return
    panel.phrases_lang = section.lang
    topics = list(dict.fromkeys(g.topic for g in section.groups if g.topic))
    items, prose = [], []
    for item in (i for g in section.groups for i in g.items):
        if item.kind == "paragraph":
            prose += [c.text for c in item.claims]
        elif item.kind == "table":
            items += [label for r in item.rows if (label := _row_label(r.cells))]
        else:
            items += [c.text for c in item.claims]
    skip = company.name.split()[:1] + ([company.ticker] if company.ticker else [])
    block = phrases.BlockText(topics, items, prose)
    panel.phrases = phrases.phrases(block, PHRASES.get(panel.kind, PHRASES_SMALL), skip)


def _row_label(cells: tuple[str, ...]) -> str | None:
    """A table row's label: its first cell that is not a bare figure."""
    for cell in cells:
        if cell.strip() and any(c.isalpha() for c in cell):
            return cell
    return None


def block_name(heading: str, company: CompanySummary) -> str:
    """The block's own name in a heading such as "Acme Inc (ACM) - Canvas Business Model: Key
    Partners": what follows the last colon, when what precedes it names the company (its
    ticker, or the first word of its name). Any other heading is kept whole."""
    prefix, colon, name = heading.rpartition(":")
    name = name.strip()
    if not colon or not name:
        return heading
    words = prefix.casefold().replace("(", " ").replace(")", " ").split()
    marks = {company.ticker.casefold()} if company.ticker else set()
    first = company.name.split()
    if first:
        marks.add(first[0].casefold())
    return name if marks & set(words) else heading


def part_title(title: str, heading: str | None, lang: str, company: CompanySummary) -> str:
    """A document's title in the language of the part a page reads: its own title when
    written in that language, else what its block heading puts before the block's name
    ("Cigna Corporation (CI) - Canvas Business Model" over an English part of a page titled
    in Arabic), when that names the company; else its own title. Words the document wrote,
    never a translation."""
    if heading is None or lang_of(title) == lang:
        return title
    name = block_name(heading, company)
    if name == heading or lang_of(heading) != lang:
        return title
    return heading.rpartition(":")[0].strip()


#: The item a claim of each kind is drawn in (rows are tables, apart).
_ITEM_KINDS = {"bullet": "list", "numbered": "numbered"}


def _section(block: BlockRow, numbering: _Numbering, company: CompanySummary) -> Section:
    lang, dir_ = block.lang, direction(block.lang)
    section = Section(block.heading, block_name(block.heading, company), lang, dir_)
    cite = numbering.cite
    group: Group | None = None
    last: Item | None = None
    for claim in block.claims:
        if group is None or claim.topic != group.topic:
            group = Group(claim.topic, lang, dir_)
            section.groups.append(group)
            last = None
        citation = cite(claim)
        claim_dir = direction(claim.lang)
        if claim.kind == "row":
            if last is None or last.kind != "table" or last.table_line != claim.table_line:
                header = claim.header or ()
                last = Item("table", header=header, header_lang=lang, table_line=claim.table_line)
                group.items.append(last)
            cells = _cells(claim.cells or (), numbering.limit)
            last.rows.append(RowView(claim.anchor, claim.lang, claim_dir, cells, citation))
            continue
        wanted = _ITEM_KINDS.get(claim.kind, "paragraph")
        if last is None or last.kind != wanted:
            last = Item(wanted)
            group.items.append(last)
        text, left_out = excerpt.cut(claim.text, numbering.limit)
        last.claims.append(
            ClaimView(
                claim.anchor,
                claim.kind,
                claim.lang,
                claim_dir,
                text,
                citation,
                claim.number,
                left_out,
            )
        )
    return section


def _cells(cells: tuple[str, ...], limit: int) -> tuple[str, ...]:
    """A row's cells, each cut to its share of the row's `limit` (with "…")."""
    if sum(len(c) for c in cells) <= limit:
        return cells
    each = max(limit // len(cells), 100)
    return tuple(
        shown if left_out == 0 else f"{shown}…"
        for shown, left_out in (excerpt.cut(c, each) for c in cells)
    )
