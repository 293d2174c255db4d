"""Plain data that the parsers hand to the store: no database, no I/O.

Line numbers are 1-based and inclusive everywhere, as a reader would cite them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain import ClaimKind, Lang, SourceKind


@dataclass(slots=True)
class ParsedClaim:
    """One statement a reader would cite. Not `frozen`: a frozen dataclass's __init__ goes
    through object.__setattr__ per field, a large part of building a claim when profiled."""

    kind: ClaimKind
    text: str
    line_start: int
    line_end: int
    lang: Lang
    topic: str | None = None
    cells: tuple[str, ...] | None = None
    header: tuple[str, ...] | None = None
    table_line: int | None = None  # line of the table's header row, shared by its rows
    number: int | None = None  # an ordered list item's number, as written (`3.` -> 3)


@dataclass(slots=True)
class ParsedBlock:
    """One of the nine canvas panels as one document part wrote it."""

    kind: str
    heading: str
    line: int
    lang: Lang
    claims: list[ParsedClaim] = field(default_factory=list)


@dataclass(slots=True)
class Part:
    """One snapshot inside a document: its blocks share a language and a year."""

    lang: Lang
    year: int | None
    year_counts: dict[int, int]
    blocks: list[ParsedBlock] = field(default_factory=list)
    noise_lines: int = 0


@dataclass(frozen=True, slots=True)
class Dropped:
    """A non-blank line that holds no claim, and why."""

    line: int
    reason: str
    text: str


@dataclass(frozen=True, slots=True)
class Notice:
    """Something a reader of the load should know about a line that was kept: a block
    declared twice, a task suffix cut, a ragged table. Printed as `line 12: message`."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class CompanyRef:
    """Who a document is about, as written in it."""

    name: str
    ticker: str | None = None
    handle: str | None = None  # the document's own slug for it (a post's front matter title)


@dataclass(slots=True)
class ParsedDocument:
    """Everything one parser found in one document."""

    kind: SourceKind
    company: CompanyRef
    title: str
    summary: str | None
    parts: list[Part]
    dropped: list[Dropped]
    structure: dict[int, str]  # line -> "heading" | "sub-heading" | "table-header" | "separator"
    warnings: list[Notice] = field(default_factory=list)

    @property
    def claim_count(self) -> int:
        return sum(len(b.claims) for p in self.parts for b in p.blocks)


class DocumentError(Exception):
    """A document the loader refuses, with the line that shows why (when there is one)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message, line)  # both in args, so it survives pickling from workers
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return self.message

    def located(self, path: str) -> str:
        where = f"{path}:{self.line}" if self.line else path
        return f"{where}: {self.message}"


#: The longest company name, title, slug, ticker, heading or table header a document may
#: give (topics are shorter still: see `looks_like_subheading`). These are labels, stored
#: with every company, source, block or table row; one longer than this is a broken or
#: hostile document, not a long label.
MAX_LABEL_CHARS = 300


def check_label(what: str, text: str, line: int | None = None) -> str:
    """`text` when it is short enough to be a label; otherwise a `DocumentError`."""
    if len(text) > MAX_LABEL_CHARS:
        raise DocumentError(
            f"{what} is {len(text):,} characters, over the {MAX_LABEL_CHARS}-character limit",
            line,
        )
    return text


#: Caps on what one document may hold: far above what real documents reach, far below what
#: would exhaust the loader's memory. The seeds have 80 and 424 lines, 34 and 280 statements,
#: at most 25 in a block and 6 cells in a table row; a long annual report has a few thousand
#: statements. A statement costs the loader about 1.5 KB besides its text (its claim, row,
#: anchor, search text and figures, then the store's rows), so before these caps a million
#: one-letter bullets (a 4 MB file) took 755 MB; at them that cost is some 15 MB at most,
#: and lines and cells are bounded the same way (bench/loader_memory.py measures it).
MAX_LINES = 100_000
MAX_STATEMENTS = 10_000
MAX_BLOCK_STATEMENTS = 5_000
MAX_ROW_CELLS = 100  # a table header is at most 300 characters: about as many cells


def check_statements(document: int, block: list[ParsedClaim]) -> None:
    """Just after statements joined `block` (its list of them), `document` the document's
    count with them: a `DocumentError` at the first statement past a cap. The parsers call
    this as they add statements, so a refused document has built no more than a cap's worth;
    `document` 0 checks the block alone (a table, which must fit in its block)."""
    if len(block) <= MAX_BLOCK_STATEMENTS and document <= MAX_STATEMENTS:
        return
    past_block = MAX_BLOCK_STATEMENTS if len(block) > MAX_BLOCK_STATEMENTS else len(block)
    past_document = len(block) - (document - MAX_STATEMENTS)
    if past_block <= past_document:
        raise DocumentError(
            f"over {MAX_BLOCK_STATEMENTS:,} statements in one block: the limit for a block",
            block[past_block].line_start,
        )
    raise DocumentError(
        f"over {MAX_STATEMENTS:,} statements: the limit for a document",
        block[past_document].line_start,
    )
