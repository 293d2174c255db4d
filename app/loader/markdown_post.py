"""Parser for Jekyll markdown posts (see FORMATS.md, family 1).

A line scanner, not a CommonMark parser, on purpose: these posts must be cut into claims line
by line against CommonMark's own reading (a line right after a bullet is its own statement,
not a lazy continuation; a table needs no `|---|` row), and markdown-it-py's tokens had to be
re-cut line by line anyway, at several times this whole parser's cost (bench/load.py).
What CommonMark structure the posts use is handled here: front matter, ATX headings with up
to three spaces of indent, setext headings, fences, thematic breaks, block quotes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import yaml

from app.domain import SLUG, ClaimKind, Lang, lang_of, split_lines
from app.loader.block_names import block_kind
from app.loader.document import (
    MAX_LABEL_CHARS,
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
from app.loader.lines import match_bullet
from app.loader.noise import noise_reason, strip_task_suffix
from app.loader.pipe_tables import is_separator, is_table_line, table_claims
from app.loader.years import snapshot_year, year_counts

# Every pattern here is linear in the line. The name and the heading text end at their last
# non-space character rather than at a lazy `.*?` followed by trailing spaces, which would
# rescan a run of spaces once per character in it. A heading's text is words separated by
# possessive runs of spaces, so the closing `#`s are tried once per word, not per character.
_TITLE = re.compile(
    r"^\s*Business\s*model(?:\s+canvas)?\s+(?:of|for)\s+(?P<name>\S(?:.*\S)?)\s*$", re.I
)
_ATX = re.compile(
    r"^ {0,3}(?P<level>#{1,6})"
    r"(?:[ \t]++(?P<text>(?:[^ \t\n]++(?:[ \t]++[^ \t\n]++)*?)?))?"
    r"(?:[ \t]++#++)?+[ \t]*+$"
)
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_BREAK = re.compile(r"^ {0,3}(?:(?:\*[ \t]*+){3,}+|(?:-[ \t]*+){3,}+|(?:_[ \t]*+){3,}+)$")
_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
# Front matter is read as the parser's events, and nothing is constructed from them: every
# scalar stays the text it was written as (a YAML 1.1 loader builds a 5,000-digit integer,
# past what `int()` reads, or multiplies out a sexagesimal `1:0:0:...` in quadratic time),
# no node tree is built (memory is one event at a time), and a single pass refuses aliases.
# libyaml's parser when PyYAML was built with it: the pure-Python one is a sizeable share of
# a whole post's parse, for a three-line front matter.
_YAML_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_FRONT_KEYS = frozenset({"title"})  # what the loader reads from front matter
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})  # a plain scalar that means "no value"


def _refuse_aliases(event: yaml.Event) -> None:
    """Front matter may not use YAML aliases (`*name`, `<<: *name`): a few lines of aliases
    of aliases expand exponentially (a "billion laughs"), into a company name the size of a
    database. Checked on each event, so nothing is built before the refusal."""
    if isinstance(event, yaml.AliasEvent):
        raise DocumentError(
            f"front matter uses a YAML alias (*{event.anchor}); aliases are not allowed",
            _line(event),
        )


def _line(event: yaml.Event) -> int:
    """The post's line an event starts on: the front matter starts on line 2. Both parsers
    mark every event; without a mark, line 1 (the `---`), as for a YAML error without one."""
    mark = event.start_mark
    return mark.line + 2 if mark is not None else 1


def _front_values(source: str) -> dict[str, tuple[str | None, int]]:
    """The `_FRONT_KEYS` of the front matter's top-level mapping that hold a scalar: key ->
    (its text, or None for a null; its line). Linear in the source: one pass of events."""
    found: dict[str, tuple[str | None, int]] = {}
    depth = 0  # open collections
    documents = 0
    key: tuple[str, int] | None = None  # a key read, and its line, while its value comes
    expecting_key = True  # inside the top-level mapping: a key next, or its value
    root_is_mapping = False
    for event in yaml.parse(source, Loader=_YAML_LOADER):
        _refuse_aliases(event)
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:  # as `yaml.load` would: front matter is one document
                raise DocumentError("front matter is not valid YAML", _line(event))
            continue
        if isinstance(event, yaml.CollectionStartEvent):
            if depth == 0:
                root_is_mapping = isinstance(event, yaml.MappingStartEvent)
            depth += 1
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            completes = depth == 1 and root_is_mapping  # a collection key or value: not read
        elif depth == 1 and root_is_mapping and isinstance(event, yaml.ScalarEvent):
            completes = True
            if expecting_key and event.value in _FRONT_KEYS:
                key = (event.value, _line(event))
            elif not expecting_key and key is not None:
                plain_null = event.implicit[0] and event.value in _NULLS
                found[key[0]] = (None if plain_null else event.value, key[1])
        else:
            completes = False  # not a key or value of the top-level mapping
        if completes:
            if not expecting_key:
                key = None
            expecting_key = not expecting_key
    return found


def is_markdown_post(lines: Sequence[str]) -> bool:
    first = next((line for line in lines if line.strip()), "")
    if first.strip() == "---":
        return True
    return any(_ATX.match(line) for line in lines if "#" in line)


def parse_markdown_post(text: str) -> ParsedDocument:
    return _PostParser(split_lines(text)).parse()


class _PostParser:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.dropped: list[Dropped] = []
        self.structure: dict[int, str] = {}
        self.warnings: list[Notice] = []
        self.front: dict[str, str | None] = {}
        self.front_lines: dict[str, int] = {}
        self.title: str | None = None
        self.name: str | None = None
        self.blocks: list[ParsedBlock] = []
        self.block: ParsedBlock | None = None
        self.paragraph: list[tuple[int, str]] = []
        self.table: list[tuple[int, str]] = []
        self.after_bullet = False  # lines after a bullet, until a blank line, stand alone
        self.statements = 0  # so far, against the caps (`check_statements`)

    def parse(self) -> ParsedDocument:
        lines = self.lines
        i = self._front_matter()
        fence: str | None = None
        while i < len(lines):
            number, raw = i + 1, lines[i]
            i += 1
            if fence is not None:
                if raw.strip().startswith(fence):
                    self.structure[number] = "fence"
                    fence = None
                elif raw.strip():
                    self._statement("paragraph", raw.strip(), number)
                continue
            stripped = _QUOTE.sub("", raw).strip() if ">" in raw else raw.strip()
            if not stripped:
                self._end_run()
                self.after_bullet = False
                continue
            if (opened := _FENCE.match(raw)) is not None:
                self._end_run()
                self.structure[number] = "fence"
                fence = opened.group("fence")
                continue
            if "#" in raw and (atx := _ATX.match(raw)):
                self._end_run()
                self._heading(atx.group("text") or "", number, number, len(atx.group("level")))
                self.after_bullet = False
                continue
            if (
                i < len(lines)
                and self._in_plain_line(stripped)
                and not self.paragraph
                and not self.after_bullet
                and _SETEXT.match(lines[i])
            ):
                self._end_run()
                level = 1 if lines[i].strip().startswith("=") else 2
                self._heading(stripped, number, number + 1, level)
                self.after_bullet = False
                i += 1
                continue
            if is_table_line(stripped) or is_separator(stripped):
                self._flush_paragraph()
                self.table.append((number, stripped))
                continue
            if self.table:
                self._flush_table()
            if _BREAK.match(raw):
                self._flush_paragraph()
                self._drop(number, "horizontal rule", stripped)
            elif reason := noise_reason(stripped):
                self._flush_paragraph()
                self._drop(number, reason, stripped)
            elif bullet := match_bullet(stripped):
                self._flush_paragraph()
                item = bullet.group("number")
                kind: ClaimKind = "bullet" if item is None else "numbered"
                self._statement(kind, bullet.group("text"), number, int(item) if item else None)
                self.after_bullet = True
            elif self.after_bullet:
                self._statement("paragraph", stripped, number)
            else:
                self.paragraph.append((number, stripped))
        self._end_run()
        if not self.blocks:
            raise DocumentError("no block heading found (expected '### <Block>')")
        return self._document()

    # -- structure ----------------------------------------------------------------
    def _front_matter(self) -> int:
        """Index of the first line after the front matter (0 when there is none)."""
        lines = self.lines
        if not lines or lines[0].strip() != "---":
            return 0
        end = next((j for j in range(1, len(lines)) if lines[j].strip() in ("---", "...")), None)
        if end is None:
            return 0
        source = "\n".join(lines[1:end])
        try:
            values = _front_values(source)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = (mark.line + 2) if mark is not None else 1
            raise DocumentError("front matter is not valid YAML", line) from None
        self.front = {key: value for key, (value, _) in values.items()}
        self.front_lines = {key: line for key, (_, line) in values.items()}
        for j in range(end + 1):
            if lines[j].strip():
                self.dropped.append(Dropped(j + 1, "front matter", lines[j].strip()))
        return end + 1

    @staticmethod
    def _in_plain_line(stripped: str) -> bool:
        return not (match_bullet(stripped) or is_table_line(stripped))

    def _front_line(self, key: str) -> int | None:
        """The line of a front matter key, for an error message."""
        return self.front_lines.get(key)

    def _heading(self, text: str, first: int, last: int, level: int) -> None:
        text = check_label("heading", text.strip(), first)
        for n in range(first, last + 1):
            self.structure[n] = "heading"
        if self.name is None and (m := _TITLE.match(text)):
            self.title, self.name = text, m.group("name")
            return
        kind = block_kind(text)
        if kind is None and self.title is None and not self.blocks and level <= 2:
            self.title = text  # a plain title such as "# Acme": the front matter names the company
            return
        if kind is None:
            raise DocumentError(f"unknown block heading {text!r}", first)
        existing = next((b for b in self.blocks if b.kind == kind), None)
        if existing is not None:
            self.warnings.append(
                Notice(first, f"second '{kind}' heading; its claims join line {existing.line}")
            )
            self.block = existing
            return
        self.block = ParsedBlock(kind=kind, heading=text, line=first, lang=lang_of(text))
        self.blocks.append(self.block)

    # -- claims -------------------------------------------------------------------
    def _end_run(self) -> None:
        self._flush_paragraph()
        self._flush_table()

    def _flush_paragraph(self) -> None:
        """Consecutive text lines are one paragraph claim (posts rarely wrap, but may)."""
        run, self.paragraph = self.paragraph, []
        if not run:
            return
        if self.block is None:
            self.dropped.extend(Dropped(n, "preamble", s) for n, s in run)
            return
        self._claim("paragraph", "\n".join(s for _, s in run), run[0][0], run[-1][0])

    def _flush_table(self) -> None:
        run, self.table = self.table, []
        if not run:
            return
        if self.block is None:
            self.dropped.extend(Dropped(n, "preamble", s) for n, s in run)
            return
        block = self.block
        rows = table_claims(run, lambda t: lang_of(t, block.lang), None, self.structure)
        block.claims.extend(rows)
        self.statements += len(rows)
        check_statements(self.statements, block.claims)

    def _statement(self, kind: ClaimKind, text: str, number: int, item: int | None = None) -> None:
        if self.block is None:
            self.dropped.append(Dropped(number, "preamble", text))
            return
        self._claim(kind, text, number, number, item)

    def _claim(
        self, kind: ClaimKind, text: str, first: int, last: int, item: int | None = None
    ) -> None:
        assert self.block is not None
        text, removed = strip_task_suffix(text)
        if removed:
            self.warnings.append(Notice(last, "task-line suffix removed"))
        self.block.claims.append(
            ParsedClaim(
                kind=kind,
                text=text,
                line_start=first,
                line_end=last,
                lang=lang_of(text, self.block.lang),
                number=item,
            )
        )
        self.statements += 1
        check_statements(self.statements, self.block.claims)

    def _drop(self, number: int, reason: str, text: str) -> None:
        self.dropped.append(Dropped(number, reason, text))

    # -- result -------------------------------------------------------------------
    def _document(self) -> ParsedDocument:
        counts = year_counts(c.text for b in self.blocks for c in b.claims)
        langs = [b.lang for b in self.blocks]
        lang: Lang = "ar" if langs.count("ar") > langs.count("en") else "en"
        for block in self.blocks:
            if not block.claims:
                self.warnings.append(Notice(block.line, f"block '{block.kind}' has no claims"))
        part = Part(
            lang=lang,
            year=snapshot_year(counts),
            year_counts=dict(counts),
            blocks=self.blocks,
            noise_lines=sum(1 for d in self.dropped if d.reason != "front matter"),
        )
        front_title = self.front.get("title")
        name = self.name or (str(front_title) if front_title else None) or self.title
        if not name:
            raise DocumentError(
                "no company name: no 'Businessmodel of <Company>' heading and no front matter title"
            )
        name = name.strip()
        if len(name) > MAX_LABEL_CHARS:  # from the front matter: headings are capped already
            check_label("company name", name, self._front_line("title"))
        summary = next((d.text for d in self.dropped if d.reason == "preamble"), None)
        handle = str(front_title).strip().lower() if front_title else None
        return ParsedDocument(
            kind="markdown-post",
            company=CompanyRef(
                name=name, handle=handle if handle and SLUG.fullmatch(handle) else None
            ),
            title=self.title or name,
            summary=summary,
            parts=[part],
            dropped=self.dropped,
            structure=self.structure,
            warnings=self.warnings,
        )
