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
class CompanyRef:
    """Who a document is about, as written in it."""

    name: str
    ticker: str | None = None


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
    warnings: list[str] = field(default_factory=list)

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
