"""Company identity: `cigna`, `Cigna`, `Cigna Corporation (CI)` and `شركة Cigna (CI)` are one."""

from __future__ import annotations

import re
import unicodedata

_LEGAL_WORDS = (
    "corporation", "corp", "incorporated", "inc", "company", "co", "ltd", "limited", "plc",
    "llc", "group", "holdings", "holding", "s.a", "sa", "a.g", "ag", "n.v", "nv", "se", "the",
)  # fmt: skip
#: The legal words that end a name (`(?:[\s,]+word)+\.?$`), matched on the name spelled
#: backwards: one anchored attempt. Searched forwards, the pattern walked the words after
#: every position of the name, quadratic in a run of them (`Acme Inc Inc ... Inc x`).
_LEGAL_SUFFIXES_REVERSED = re.compile(
    r"\.?+(?:(?:" + "|".join(re.escape(w[::-1]) for w in _LEGAL_WORDS) + r")[\s,]++)++",
    re.IGNORECASE,
)
_TRIM = " ,."  # trimmed from both ends after the legal words go
# The searched patterns below start only at the first of a run of spaces (the lookbehind),
# so no run is rescanned from each of its characters.
_AMP_CO = re.compile(r"(?<!\s)\s*+&\s*+co\.?$", re.IGNORECASE)
_ARABIC_COMPANY = re.compile(r"^\s*(?:شركة|مجموعة)\s+")
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_TICKER_SUFFIX = re.compile(r"(?<!\s)\s*+\([A-Z0-9][A-Z0-9.\-]{0,9}\)\s*+$")


def display_name(name: str) -> str:
    """The name as a reader would write it: no Arabic `شركة` prefix, spaces folded."""
    return " ".join(_TICKER_SUFFIX.sub("", _ARABIC_COMPANY.sub("", name)).split())


def base_name(name: str) -> str:
    """The name without legal suffixes: `Cigna Corporation` -> `Cigna`."""
    text = _without_legal_suffixes(_AMP_CO.sub("", display_name(name)))
    return _THE.sub("", text) or display_name(name)


def _without_legal_suffixes(text: str) -> str:
    """Drops the trailing legal words, then trims `_TRIM` from both ends, until that changes
    nothing (`Hooli Holdings, Inc.` -> `Hooli`): on the reversed text, where each round
    starts where the last one stopped, so a name is read once however many rounds it takes."""
    backwards = text[::-1]
    start, end = 0, len(backwards)  # what is left: backwards[start:end]
    while True:
        found = _LEGAL_SUFFIXES_REVERSED.match(backwards, start, end)
        new_start = found.end() if found else start
        while new_start < end and backwards[new_start] in _TRIM:
            new_start += 1
        new_end = end
        while new_end > new_start and backwards[new_end - 1] in _TRIM:
            new_end -= 1
        if (new_start, new_end) == (start, end):
            return backwards[start:end][::-1]
        start, end = new_start, new_end


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def company_slug(name: str, ticker: str | None = None) -> str:
    """URL slug from the normalised name; the ticker when the name has no Latin letters."""
    slug = slugify(base_name(name))
    if not slug and ticker:
        slug = slugify(ticker)
    if not slug:
        raise ValueError(f"cannot make a slug from company name {name!r}")
    return slug
