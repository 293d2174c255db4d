"""Pipe tables as documents write them: with or without a `|---|` row, outer pipes or
not, ragged rows. The first row of every run of pipe lines is its header."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from app.domain import Lang
from app.loader.document import ParsedClaim, check_label

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
    `structure` so that every line stays accounted for."""
    header: tuple[str, ...] | None = None
    header_line: int | None = None
    claims: list[ParsedClaim] = []
    for number, line in lines:
        if is_separator(line):
            structure[number] = "separator"
            continue
        cells = split_row(line)
        if header is None:  # stored with every row of the table, so it must be short
            check_label("table header", " | ".join(cells), number)
            header, header_line = tuple(cells), number
            structure[number] = "table-header"
            continue
        while cells and not cells[-1] and len(cells) > len(header):
            cells.pop()
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
    return claims
