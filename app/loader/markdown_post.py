"""Parser for Jekyll markdown posts (see FORMATS.md, family 1).

markdown-it-py finds the block structure (front matter, setext and indented ATX headings,
lists, fences, tables) with exact line maps; claims are then cut line by line, because in
these posts a line right after a bullet is its own statement, not a CommonMark lazy
continuation of the bullet.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from app.loader.block_names import block_kind
from app.loader.document import (
    Block,
    Claim,
    CompanyRef,
    DocumentError,
    Dropped,
    Lang,
    ParsedDocument,
    Part,
)
from app.loader.lines import BULLET, split_lines
from app.loader.noise import noise_reason, strip_task_suffix
from app.loader.pipe_tables import is_separator, is_table_line, table_claims
from app.loader.script import lang_of
from app.loader.years import snapshot_year, year_counts

_TITLE = re.compile(r"^\s*Business\s*model(?:\s+canvas)?\s+(?:of|for)\s+(?P<name>.+?)\s*$", re.I)
_BLOCKQUOTE = re.compile(r"^\s{0,3}>\s?")


@cache
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table").use(front_matter_plugin)
    md.disable(["inline", "text_join"])  # block structure only: we never render here
    return md


def is_markdown_post(lines: Sequence[str]) -> bool:
    first = next((line for line in lines if line.strip()), "")
    if first.strip() == "---":
        return True
    return any(re.match(r"^\s{0,3}#{1,6}\s", line) for line in lines)


def parse_markdown_post(text: str) -> ParsedDocument:
    return _PostParser(text).parse()


class _PostParser:
    def __init__(self, text: str) -> None:
        self.lines = split_lines(text)
        self.tokens = _markdown().parse(text)
        self.dropped: list[Dropped] = []
        self.structure: dict[int, str] = {}
        self.warnings: list[str] = []
        self.front: dict[str, object] = {}
        self.title: str | None = None
        self.name: str | None = None
        self.blocks: list[Block] = []
        self.block: Block | None = None
        self.noise = 0
        self.index = 0

    def parse(self) -> ParsedDocument:
        covered = 0  # tokens inside a container already cut line by line are skipped
        for index, token in enumerate(self.tokens):
            if token.map is None or token.map[0] < covered:
                continue
            self.index = index
            start, end = token.map
            handler = {
                "front_matter": self._front_matter,
                "heading_open": self._heading,
                "paragraph_open": self._paragraph,
                "bullet_list_open": self._lines,
                "ordered_list_open": self._lines,
                "blockquote_open": self._lines,
                "table_open": self._lines,
                "fence": self._lines,
                "code_block": self._lines,
                "hr": self._hr,
            }.get(token.type)
            if handler is None:
                continue
            handler(token, start, end)
            covered = max(covered, end)
        if not self.blocks:
            raise DocumentError("no block heading found (expected '### <Block>')")
        return self._document()

    # -- token handlers ------------------------------------------------------------
    def _front_matter(self, token: Token, start: int, end: int) -> None:
        try:
            data = yaml.safe_load(token.content)
        except yaml.YAMLError as exc:
            line = getattr(getattr(exc, "problem_mark", None), "line", 0) + 2
            raise DocumentError(
                f"front matter is not valid YAML ({exc.__class__.__name__})", line
            ) from None
        self.front = data if isinstance(data, dict) else {}
        for n in range(start + 1, end + 1):
            if self.lines[n - 1].strip():
                self.dropped.append(Dropped(n, "front matter", self.lines[n - 1].strip()))

    def _heading(self, token: Token, start: int, end: int) -> None:
        text = self._inline_after(token).strip().rstrip("#").strip()
        for n in range(start + 1, end + 1):
            self.structure[n] = "heading"
        if self.name is None and (m := _TITLE.match(text)):
            self.title, self.name = text, m.group("name")
            return
        kind = block_kind(text)
        if kind is None and self.title is None and not self.blocks and token.tag in ("h1", "h2"):
            self.title = text  # a plain title such as "# Acme": the front matter names the company
            return
        if kind is None:
            raise DocumentError(f"unknown block heading {text!r}", start + 1)
        existing = next((b for b in self.blocks if b.kind == kind), None)
        if existing is not None:
            self.warnings.append(
                f"line {start + 1}: second '{kind}' heading; its claims join line {existing.line}"
            )
            self.block = existing
            return
        self.block = Block(kind=kind, heading=text, line=start + 1, lang=lang_of(text))
        self.blocks.append(self.block)

    def _paragraph(self, token: Token, start: int, end: int) -> None:
        numbered = [(n, self.lines[n - 1].strip()) for n in range(start + 1, end + 1)]
        numbered = [(n, s) for n, s in numbered if s]
        if self.block is None:
            for n, s in numbered:
                self.dropped.append(Dropped(n, "preamble", s))
            return
        # A lead-in line may run straight into a table with no blank line (and no `|---|`
        # row, so CommonMark keeps it all one paragraph): cut it into text and table runs.
        text: list[tuple[int, str]] = []
        table: list[tuple[int, str]] = []
        for n, s in numbered:
            if is_table_line(s) or is_separator(s):
                self._flush_text(text)
                table.append((n, s))
                continue
            if table:
                self._table(table)
                table = []
            if reason := noise_reason(s):
                self._flush_text(text)
                self._drop(n, reason, s)
            else:
                text.append((n, s))
        self._flush_text(text)
        if table:
            self._table(table)

    def _flush_text(self, text: list[tuple[int, str]]) -> None:
        """One paragraph claim for consecutive text lines; empties the list."""
        if text:
            self._claim("paragraph", "\n".join(s for _, s in text), text[0][0], text[-1][0])
            text.clear()

    def _lines(self, token: Token, start: int, end: int) -> None:
        """Containers are cut into one claim per line: bullets, stray statements, tables."""
        run: list[tuple[int, str]] = []
        for n in range(start + 1, end + 1):
            stripped = _BLOCKQUOTE.sub("", self.lines[n - 1]).strip()
            if token.type in ("fence", "code_block") and stripped.startswith(("```", "~~~")):
                self.structure[n] = "fence"
                continue
            if is_table_line(stripped) or is_separator(stripped):
                run.append((n, stripped))
                continue
            if run:
                self._table(run)
                run = []
            if not stripped:
                continue
            if self.block is None:
                self.dropped.append(Dropped(n, "preamble", stripped))
            elif reason := noise_reason(stripped):
                self._drop(n, reason, stripped)
            elif bullet := BULLET.match(stripped):
                self._claim("bullet", bullet.group("text"), n, n)
            else:
                self._claim("paragraph", stripped, n, n)
        if run:
            self._table(run)

    def _hr(self, token: Token, start: int, end: int) -> None:
        for n in range(start + 1, end + 1):
            if self.lines[n - 1].strip():
                self._drop(n, "horizontal rule", self.lines[n - 1].strip())

    # -- helpers --------------------------------------------------------------------
    def _inline_after(self, token: Token) -> str:
        return self.tokens[self.index + 1].content

    def _claim(self, kind: str, text: str, first: int, last: int) -> None:
        if self.block is None:
            return
        text, removed = strip_task_suffix(text)
        if removed:
            self.warnings.append(f"line {last}: task-line suffix removed")
        self.block.claims.append(
            Claim(
                kind=kind,
                text=text,
                line_start=first,
                line_end=last,  # type: ignore[arg-type]
                lang=lang_of(text, self.block.lang),
            )
        )

    def _table(self, run: list[tuple[int, str]]) -> None:
        if self.block is None:
            self.dropped.extend(Dropped(n, "preamble", s) for n, s in run)
            return
        block = self.block
        block.claims.extend(
            table_claims(run, lambda t: lang_of(t, block.lang), None, self.structure)
        )

    def _drop(self, number: int, reason: str, text: str) -> None:
        self.dropped.append(Dropped(number, reason, text))
        self.noise += 1

    def _document(self) -> ParsedDocument:
        texts = [c.text for b in self.blocks for c in b.claims]
        counts = year_counts(texts)
        langs = [b.lang for b in self.blocks]
        lang: Lang = "ar" if langs.count("ar") > langs.count("en") else "en"
        for block in self.blocks:
            if not block.claims:
                self.warnings.append(f"line {block.line}: block '{block.kind}' has no claims")
        part = Part(
            lang=lang,
            year=snapshot_year(counts),
            year_counts=dict(counts),
            blocks=self.blocks,
            noise_lines=len(self.dropped),
        )
        front_title = self.front.get("title")
        name = self.name or (str(front_title) if front_title else None) or self.title
        if not name:
            raise DocumentError(
                "no company name: no 'Businessmodel of <Company>' heading and no front matter title"
            )
        summary = next((d.text for d in self.dropped if d.reason == "preamble"), None)
        return ParsedDocument(
            kind="markdown-post",
            company=CompanyRef(name=name.strip()),
            title=self.title or name,
            summary=summary,
            parts=[part],
            dropped=self.dropped,
            structure=self.structure,
            warnings=self.warnings,
        )
