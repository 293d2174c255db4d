"""Pipe tables as documents write them: with or without a `|---|` row, outer pipes or
not, ragged rows. The first row of every run of pipe lines is its header, unless it reads as
data (`header_is_data`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from app.domain import Lang
from app.figures import figures
from app.loader.document import (
    MAX_BLOCK_STATEMENTS,
    MAX_ROW_CELLS,
    DocumentError,
    ParsedClaim,
    check_label,
)

# Possessive throughout: each part has one way to match, so a line is read once. Backtracking
# `\s*\|?\s*` would try every split of a run of spaces between the two `\s*`.
_SEPARATOR = re.compile(r"^\s*+\|?+\s*+:?+-++:?+\s*+(?:\|\s*+:?+-++:?+\s*+)*+\|?+\s*+$")
_MAX_COLUMNS = 12


def is_separator(line: str) -> bool:
    return "-" in line and "|" in line and _SEPARATOR.match(line) is not None


def split_row(line: str) -> list[str]:
    """Cells of a pipe row, verbatim but trimmed; escaped pipes (`\\|`) stay inside a cell."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells = re.split(r"(?<!\\)\|", body) if "\\|" in body else body.split("|")
    return [c.strip() for c in cells]


def is_table_line(line: str) -> bool:
    """A pipe row: starts with `|`, or has two to a dozen cells split by inner pipes."""
    stripped = line.strip()
    if "|" not in stripped or len(stripped) < 3:
        return False
    if stripped.startswith("|"):
        return True  # at least three characters, so more than a lone pipe
    cells = split_row(stripped)
    return 2 <= len(cells) <= _MAX_COLUMNS and sum(1 for c in cells if c) >= 2


def table_claims(
    lines: Sequence[tuple[int, str]],
    lang_of: Callable[[str], Lang],
    topic: str | None,
    structure: dict[int, str],
) -> list[ParsedClaim]:
    """Claims for the data rows of one run of pipe lines; header and separators go to
    `structure` so that every line stays accounted for.

    The first row is the header, unless it reads as data (`header_is_data`): then every row
    is a data row and the table has no header."""
    header: tuple[str, ...] | None = None
    header_line: int | None = None
    claims: list[ParsedClaim] = []
    headed = not header_is_data(lines, lang_of)
    for number, line in lines:
        if is_separator(line):
            structure[number] = "separator"
            continue
        cells = split_row(line)
        if headed and header is None:  # stored with every row of the table: must be short
            check_label("table header", " | ".join(cells), number)
            header, header_line = tuple(cells), number
            structure[number] = "table-header"
            continue
        if header_line is None:  # no header: the table is known by its first row's line
            header_line = number
        while cells and not cells[-1] and len(cells) > len(header or ()):
            cells.pop()
        if len(cells) > MAX_ROW_CELLS:
            raise DocumentError(
                f"table row has {len(cells):,} cells, over the {MAX_ROW_CELLS}-cell limit", number
            )
        text = " | ".join(cells)
        claims.append(
            ParsedClaim(
                kind="row",
                text=text,
                line_start=number,
                line_end=number,
                lang=lang_of(text),
                topic=topic,
                cells=tuple(cells),
                header=header,
                table_line=header_line,
            )
        )
        if len(claims) > MAX_BLOCK_STATEMENTS:
            break  # no block holds more: the caller's `check_statements` refuses this one
    return claims


def header_is_data(lines: Sequence[tuple[int, str]], lang_of: Callable[[str], Lang]) -> bool:
    """Whether a table's first row is a data row, as when a scraped page drops the header
    (`| Selling costs | 1.9 billion |` right after a lead-in line): no `|---|` row under it,
    and it holds figures (app/figures.py: amounts, counts, percentages; years and quarters,
    which headers name, do not count) in columns where the row after it holds figures too, or
    it is the only row. A header of words, or one naming years, stays a header."""
    rows = [(i, line) for i, (_, line) in enumerate(lines) if not is_separator(line)]
    if not rows:
        return False
    first_index, first = rows[0]
    if first_index + 1 < len(lines) and is_separator(lines[first_index + 1][1]):
        return False  # the document says it is a header
    columns = _figure_columns(first, lang_of)
    if not columns:
        return False
    return len(rows) == 1 or columns <= _figure_columns(rows[1][1], lang_of)


def _figure_columns(line: str, lang_of: Callable[[str], Lang]) -> set[int]:
    return {
        i
        for i, cell in enumerate(split_row(line))
        if any(f.unit != "quarter" for f in figures(cell, lang_of(cell)))
    }
