"""The snapshot year of a document part: the year it mentions most often."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

# A four-digit year standing alone: not part of a longer number (`2,300`, `20.000`,
# `12025`), not a percentage, not a dollar amount.
_YEAR = re.compile(r"(?<![\d$.,])((?:19|20)\d{2})(?![\d%]|[.,]\d)")


def year_counts(texts: Iterable[str]) -> Counter[int]:
    counts: Counter[int] = Counter()
    for text in texts:
        counts.update(int(y) for y in _YEAR.findall(text))
    return counts


def snapshot_year(counts: Counter[int]) -> int | None:
    """Most frequent year; ties go to the later year."""
    if not counts:
        return None
    return max(counts.items(), key=lambda item: (item[1], item[0]))[0]
