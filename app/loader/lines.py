"""Line-level shapes shared by both parsers: bullets, sub-headings, splitting text into lines."""

from __future__ import annotations

import re

from app.domain import LIST_MARKER
from app.loader.pipe_tables import is_table_line

#: The item's text is `\S(?:.*\S)?`, its first to its last non-space character, found by one
#: backtrack from the end of the line; a lazy `.*?` before `\s*$` would rescan the rest of a
#: run of spaces at each of its characters, quadratic in the run.
BULLET = re.compile(rf"^\s{{0,3}}{LIST_MARKER}\s+(?P<text>\S(?:.*\S)?)\s*$")
_BULLET_STARTS = frozenset("-*+•‣◦▪0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")


def match_bullet(stripped: str) -> re.Match[str] | None:
    """A list item (`- `, `* `, `1. `) on a stripped line; first-character test first. An
    ordered list's item has its `number` group (any digits: `٣.` is 3)."""
    if not stripped or stripped[0] not in _BULLET_STARTS:
        return None
    return BULLET.match(stripped)


_SENTENCE_END = tuple(".:!?؟…;,،؛")
_SUBHEADING_MAX_CHARS = 120
_SUBHEADING_MAX_WORDS = 16


def looks_like_subheading(stripped: str) -> bool:
    """A short label line: no final punctuation, not a bullet or a table row, no figures
    such as `$` or `%` that mark a statement rather than a title."""
    return (
        len(stripped) <= _SUBHEADING_MAX_CHARS
        and not stripped.endswith(_SENTENCE_END)
        and len(stripped.split()) <= _SUBHEADING_MAX_WORDS
        and "$" not in stripped
        and "%" not in stripped
        and match_bullet(stripped) is None
        and not is_table_line(stripped)
    )
