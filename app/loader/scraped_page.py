"""Parser for scraped "business model canvas" pages (see FORMATS.md, family 2).

Pure: text in, `ParsedDocument` out. A page may hold several snapshots (an Arabic canvas
and later English sections); each language is one `Part` with its own year.
"""

from __future__ import annotations

import re
from collections import Counter

from app.domain import ClaimKind, Lang, lang_of, split_lines
from app.loader.block_names import block_kind
from app.loader.company import company_slug, display_name
from app.loader.document import (
    CompanyRef,
    DocumentError,
    Dropped,
    Notice,
    ParsedBlock,
    ParsedClaim,
    ParsedDocument,
    Part,
    check_label,
    check_statements,
)
from app.loader.lines import looks_like_subheading, match_bullet
from app.loader.noise import is_disclaimer, noise_reason, preamble_reason, strip_task_suffix
from app.loader.pipe_tables import is_separator, is_table_line, table_claims
from app.loader.years import snapshot_year, year_counts

_TICKER = r"[A-Z0-9][A-Z0-9.\-]{0,9}"
# Up to 80 characters before `(`, from the first to the last non-space one. Written so that
# no part can be retried against a run of spaces: the leading spaces are possessive, and the
# name backtracks at most 80 characters, skipping any end that follows a space, before one
# possessive run of spaces and `(`. A lazy `{1,80}?` name between two `\s*` retried the
# whole run for every start and every length: quadratic, and cubic with the title's tail.
_COMPANY = r"\s*+(?P<company>[^\s()|][^()|]{0,79}(?<!\s))\s*+\("
_ARABIC_LABEL = r"نموذج (?:الأعمال|العمل)(?: التجارية| التجاري)?"
_ENGLISH_LABEL = r"(?:Canvas Business Model|Business Model Canvas|Business Model)"

#: `شركة Cigna (CI) - نموذج الأعمال: الشراكات الرئيسية`,
#: `Cigna Corporation (CI) - Canvas Business Model: Value Propositions`
HEADING = re.compile(
    rf"^{_COMPANY}(?P<ticker>{_TICKER})\)\s*+[-–—]\s*+"
    rf"(?P<label>{_ARABIC_LABEL}|{_ENGLISH_LABEL})\s*+[:：]\s*+"
    r"(?P<block>[^\s.!?؟|][^.!?؟|]{0,79}(?<!\s))\s*+$",
    re.IGNORECASE,
)
#: `شركة Cigna (CI): نموذج الأعمال التجارية |`; the title words are the line itself (see
#: `_read_preamble`), so the pattern stops at the colon and anything after it.
TITLE = re.compile(rf"^{_COMPANY}(?P<ticker>{_TICKER})\)\s*+:.")
#: `Cigna Corporation (CI) Bundle`
BUNDLE = re.compile(rf"^{_COMPANY}(?P<ticker>{_TICKER})\)\s*+Bundle\s*+$")


def match_heading(line: str) -> re.Match[str] | None:
    """A block heading; the substring test first, since this runs on every line."""
    if "(" not in line or ":" not in line:
        return None
    return HEADING.match(line)


def is_scraped_page(lines: list[str]) -> bool:
    return any(match_heading(line) for line in lines)


def parse_scraped_page(text: str) -> ParsedDocument:
    lines = split_lines(text)
    first = next((i for i, line in enumerate(lines) if match_heading(line)), None)
    if first is None:
        raise DocumentError(
            "no block heading found (expected '<Company> (<TICKER>) - ...: <Block>')"
        )

    dropped: list[Dropped] = []
    structure: dict[int, str] = {}
    names: list[str] = []
    tickers: Counter[str] = Counter()
    title, summary = _read_preamble(lines[:first], dropped, names, tickers)

    parser = _ContentParser(lines, first, dropped, structure)
    parser.run()
    for match in parser.headings:
        names.append(match.group("company"))
        tickers[match.group("ticker").upper()] += 1

    parts = parser.finish_parts()
    if parts:
        parts[0].noise_lines += len(dropped) - sum(p.noise_lines for p in parts)
    company = _company(names, tickers)
    return ParsedDocument(
        kind="scraped-page",
        company=company,
        title=title or f"{company.name} ({company.ticker})",
        summary=summary,
        parts=parts,
        dropped=dropped,
        structure=structure,
        warnings=parser.warnings,
    )


def _read_preamble(
    lines: list[str], dropped: list[Dropped], names: list[str], tickers: Counter[str]
) -> tuple[str | None, str | None]:
    """Nothing before the first block heading is a claim; the title and intro are metadata."""
    title: str | None = None
    summary: str | None = None
    for index, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            continue
        reason = preamble_reason(stripped)
        if (m := TITLE.match(stripped)) and title is None:
            title = check_label("title", stripped.rstrip("| ").strip(), index)
            names.append(m.group("company"))
            tickers[m.group("ticker").upper()] += 1
            reason = "title"
        elif m := BUNDLE.match(stripped):
            names.append(m.group("company"))
            reason = "bundle line"
        elif reason == "preamble" and len(stripped) > 80 and stripped.endswith(tuple(".!؟?")):
            summary = stripped if summary is None or len(stripped) > len(summary) else summary
            reason = "intro"
        dropped.append(Dropped(index, reason, stripped))
    return title, summary


def _company(names: list[str], tickers: Counter[str]) -> CompanyRef:
    """The most common company across headings and title, in its longest written form."""
    slugs: Counter[str] = Counter()
    forms: dict[str, str] = {}
    for raw in names:
        name = display_name(raw)
        try:
            slug = company_slug(name)
        except ValueError:
            continue
        slugs[slug] += 1
        if len(name) > len(forms.get(slug, "")):
            forms[slug] = name
    ticker = tickers.most_common(1)[0][0] if tickers else None
    if not slugs:
        return CompanyRef(name=ticker or "Unknown", ticker=ticker)
    slug = slugs.most_common(1)[0][0]
    return CompanyRef(name=forms[slug], ticker=ticker)


class _ContentParser:
    """Walks the lines after the first block heading, one state machine for all parts."""

    def __init__(
        self, lines: list[str], first: int, dropped: list[Dropped], structure: dict[int, str]
    ) -> None:
        self.lines = lines
        self.first = first
        self.dropped = dropped
        self.structure = structure
        self.warnings: list[Notice] = []
        self.headings: list[re.Match[str]] = []
        self.parts: dict[Lang, Part] = {}
        self.part_texts: dict[Lang, list[str]] = {}
        self.block: ParsedBlock | None = None
        self.topic: str | None = None
        self.statements = 0  # so far, against the caps (`check_statements`)

    # -- walking -----------------------------------------------------------------
    def run(self) -> None:
        lines = self.lines
        i = self.first
        previous_was_subheading = False
        while i < len(lines):
            number = i + 1
            stripped = lines[i].strip()
            if not stripped:
                i += 1
                continue
            if is_disclaimer(stripped):
                self._drop_rest(i)
                return
            if heading := match_heading(stripped):
                self._open_block(heading, number, stripped)
                previous_was_subheading = False
                i += 1
                continue
            assert self.block is not None  # the walk starts on a heading
            if reason := noise_reason(stripped):
                self._drop(number, reason, stripped)
                i += 1
                continue
            if is_table_line(stripped) or is_separator(stripped):
                i = self._table(i)
                previous_was_subheading = False
                continue
            if bullet := match_bullet(stripped):
                item = bullet.group("number")
                kind: ClaimKind = "bullet" if item is None else "numbered"
                self._claim(kind, bullet.group("text"), number, int(item) if item else None)
                previous_was_subheading = False
            elif (
                not previous_was_subheading
                and looks_like_subheading(stripped)
                and self._content_follows(i)
            ):
                self.structure[number] = "sub-heading"
                self.topic = stripped
                self.part_texts[self.block.lang].append(stripped)
                previous_was_subheading = True
            else:
                self._claim("paragraph", stripped, number)
                previous_was_subheading = False
            i += 1

    def _content_follows(self, i: int) -> bool:
        """A label needs something to label: the next non-blank line is content. Indexed,
        not sliced: a copy of the rest of the page per label was quadratic in its lines."""
        lines = self.lines
        for j in range(i + 1, len(lines)):
            stripped = lines[j].strip()
            if stripped:
                return not (match_heading(stripped) or is_disclaimer(stripped))
        return False

    def _open_block(self, heading: re.Match[str], number: int, stripped: str) -> None:
        check_label("heading", stripped, number)  # its parts are short, its spaces need not be
        kind = block_kind(heading.group("block"))
        if kind is None:
            raise DocumentError(f"unknown block heading {heading.group('block')!r}", number)
        self.headings.append(heading)
        self.structure[number] = "heading"
        lang: Lang = "ar" if lang_of(heading.group("label")) == "ar" else "en"
        part = self.parts.get(lang)
        if part is None:
            part = self.parts[lang] = Part(lang=lang, year=None, year_counts={})
            self.part_texts[lang] = []
        existing = next((b for b in part.blocks if b.kind == kind), None)
        if existing is not None:
            self.warnings.append(
                Notice(
                    number,
                    f"second '{kind}' heading in the {lang} part; "
                    f"its claims join the block of line {existing.line}",
                )
            )
            self.block = existing
        else:
            self.block = ParsedBlock(kind=kind, heading=stripped, line=number, lang=lang)
            part.blocks.append(self.block)
        self.topic = None

    def _claim(self, kind: ClaimKind, text: str, number: int, item: int | None = None) -> None:
        assert self.block is not None
        text, stripped_suffix = strip_task_suffix(text)
        if stripped_suffix:
            self.warnings.append(Notice(number, "task-line suffix removed"))
        self.block.claims.append(
            ParsedClaim(
                kind=kind,
                text=text,
                line_start=number,
                line_end=number,
                lang=lang_of(text, self.block.lang),
                topic=self.topic,
                number=item,
            )
        )
        self.statements += 1
        check_statements(self.statements, self.block.claims)
        self.part_texts[self.block.lang].append(text)

    def _table(self, i: int) -> int:
        assert self.block is not None
        run: list[tuple[int, str]] = []
        lines = self.lines
        while i < len(lines):
            stripped = lines[i].strip()
            if not stripped or not (is_table_line(stripped) or is_separator(stripped)):
                break
            run.append((i + 1, stripped))
            i += 1
        block = self.block
        claims = table_claims(run, lambda t: lang_of(t, block.lang), self.topic, self.structure)
        widths = {len(c.header or ()) for c in claims} | {len(c.cells or ()) for c in claims}
        if len(widths) > 1:
            self.warnings.append(Notice(run[0][0], f"ragged table (row widths {sorted(widths)})"))
        block.claims.extend(claims)
        self.statements += len(claims)
        check_statements(self.statements, block.claims)
        self.part_texts[block.lang].extend(c.text for c in claims)
        return i

    def _drop(self, number: int, reason: str, text: str) -> None:
        self.dropped.append(Dropped(number, reason, text))
        if self.block is not None:
            self.parts[self.block.lang].noise_lines += 1

    def _drop_rest(self, i: int) -> None:
        for j in range(i, len(self.lines)):
            stripped = self.lines[j].strip()
            if stripped:
                self._drop(j + 1, "disclaimer", stripped)

    # -- results -----------------------------------------------------------------
    def finish_parts(self) -> list[Part]:
        for part in self.parts.values():
            counts = year_counts(self.part_texts[part.lang])
            part.year_counts = dict(counts)
            part.year = snapshot_year(counts)
            for block in part.blocks:
                if not block.claims:
                    self.warnings.append(Notice(block.line, f"block '{block.kind}' has no claims"))
        return list(self.parts.values())
