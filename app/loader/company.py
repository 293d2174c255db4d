"""Company identity: `cigna`, `Cigna`, `Cigna Corporation (CI)` and `شركة Cigna (CI)` are one."""

from __future__ import annotations

import re
import unicodedata

_LEGAL_SUFFIXES = re.compile(
    r"(?:[\s,]+(?:corporation|corp|incorporated|inc|company|co|ltd|limited|plc|llc|group|"
    r"holdings?|s\.?a|a\.?g|n\.?v|se|the))+\.?$",
    re.IGNORECASE,
)
_AMP_CO = re.compile(r"\s*&\s*co\.?$", re.IGNORECASE)
_ARABIC_COMPANY = re.compile(r"^\s*(?:شركة|مجموعة)\s+")
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_TICKER_SUFFIX = re.compile(r"\s*\([A-Z0-9][A-Z0-9.\-]{0,9}\)\s*$")


def display_name(name: str) -> str:
    """The name as a reader would write it: no Arabic `شركة` prefix, spaces folded."""
    return " ".join(_TICKER_SUFFIX.sub("", _ARABIC_COMPANY.sub("", name)).split())


def base_name(name: str) -> str:
    """The name without legal suffixes: `Cigna Corporation` -> `Cigna`."""
    text = display_name(name)
    text = _AMP_CO.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _LEGAL_SUFFIXES.sub("", text).strip(" ,.")
    return _THE.sub("", text) or display_name(name)


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
