"""Company identity: `cigna`, `Cigna`, `Cigna Corporation (CI)`, `شركة Cigna (CI)` and the
ticker `CI` are one company.

A document names its company in several forms; each becomes a slug with a rank, best first:
a manifest's slug, the post's own slug (its front matter `title`), the name without its legal
suffix, the whole name, the ticker. The store joins a document to the company any of its forms
already names, and gives a company the best-ranked form of all its sources as its slug; the
other forms are addresses the site redirects to it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from cleanco import prepare_default_terms

from app.domain import SLUG, slugify

#: A form's rank: lower is a better slug.
PINNED, HANDLE, NAME, FULL_NAME, TICKER = range(5)

#: Legal forms cleanco does not list: the Gulf's joint-stock and limited companies, in Latin
#: and Arabic letters; and `group`/`holding(s)`, which name a parent, not another company.
_MORE_TERMS = (
    "group", "holding", "holdings", "pjsc", "psc", "qpsc", "qsc", "jsc", "kscp", "bsc",
    "ش.م.ع", "ش.م.ع.ق", "ش.م.ع.ع", "ش.م.ك", "ش.م.ك.ع", "ش.م.ك.م", "ش.م.ب", "ش.م.ق", "ش.م.م",
    "ذ.م.م", "ش.ذ.م.م", "ش.م.س",
)  # fmt: skip
_PUNCTUATION = str.maketrans("", "", ".,-")
_ARABIC_COMPANY = re.compile(r"^\s*(?:شركة|مجموعة)\s+")
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_TICKER_SUFFIX = re.compile(r"(?<!\s)\s*+\([A-Z0-9][A-Z0-9.\-]{0,9}\)\s*+$")
_TRIM = " ,.&"  # left at either end once the legal words go (`Chase &`, `Santander,`)


def _fold(word: str) -> str:
    """A word as cleanco's terms are written: case folded, no accents, no `.,-`."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_PUNCTUATION)


#: Every legal form as a tuple of folded words: cleanco's list (about 300 forms of some 80
#: countries, through its public `prepare_default_terms`) and ours.
_TERMS: frozenset[tuple[str, ...]] = frozenset(
    [tuple(words) for _, words in prepare_default_terms()]
    + [tuple(_fold(w) for w in term.split()) for term in _MORE_TERMS]
)
_LONGEST_TERM = max(len(term) for term in _TERMS)


class Form(NamedTuple):
    """One way a document names its company, as a slug."""

    rank: int
    slug: str


def display_name(name: str) -> str:
    """The name as a reader would write it: no Arabic `شركة` prefix, no `(TICKER)`, spaces
    folded."""
    return " ".join(_TICKER_SUFFIX.sub("", _ARABIC_COMPANY.sub("", name)).split())


def base_name(name: str) -> str:
    """The name without legal suffixes: `Cigna Corporation` -> `Cigna`, `Henkel AG & Co.
    KGaA` -> `Henkel`, `Emaar Properties PJSC` -> `Emaar Properties`."""
    text = _without_legal_suffixes(display_name(name))
    return _THE.sub("", text) or display_name(name)


def _without_legal_suffixes(text: str) -> str:
    """Drops legal forms from the end, word by word, as long as one ends the name (the
    first word always stays): each position is looked up at most `_LONGEST_TERM` times, so
    a name is read in linear time however many suffixes it piles up."""
    words = text.split()
    folded = [_fold(w) for w in words]
    end = len(words)
    while end > 1:
        if not folded[end - 1].strip(_TRIM):  # a lone `&` or `,` left by a removed form
            end -= 1
            continue
        for size in range(min(_LONGEST_TERM, end - 1), 0, -1):
            if tuple(folded[end - size : end]) in _TERMS:
                end -= size
                break
        else:
            break
    return " ".join(words[:end]).strip(_TRIM)


def company_forms(
    name: str, ticker: str | None = None, handle: str | None = None, pinned: str | None = None
) -> list[Form]:
    """Every form, best first, each slug once. `handle` is the document's own slug for the
    company (a post's front matter `title`), kept only when its words are words of the
    name: a title such as `business-model` on every post must not make them one company."""
    full = slugify(display_name(name))
    forms = [
        Form(PINNED, pinned or ""),
        Form(HANDLE, handle if handle and _names_part_of(handle, full) else ""),
        Form(NAME, slugify(base_name(name))),
        Form(FULL_NAME, full),
        Form(TICKER, slugify(ticker) if ticker else ""),
    ]
    seen: set[str] = set()
    kept: list[Form] = []
    for form in forms:
        if form.slug and form.slug not in seen:
            seen.add(form.slug)
            kept.append(form)
    return kept


def _names_part_of(handle: str, full: str) -> bool:
    return SLUG.fullmatch(handle) is not None and set(handle.split("-")) <= set(full.split("-"))


def company_slug(name: str, ticker: str | None = None) -> str:
    """URL slug from the name without legal suffixes; the ticker when the name has no Latin
    letters."""
    slug = slugify(base_name(name))
    if not slug and ticker:
        slug = slugify(ticker)
    if not slug:
        raise ValueError(f"cannot make a slug from company name {name!r}")
    return slug
