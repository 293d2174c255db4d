"""Which statements of two snapshots of a block say the same thing.

Pure: statements in, pairs out. Within one language the words decide: each statement's stems
(app/search/terms.py, so `الشبكات` and `شبكة`, `partners` and `partnering` are one word), its
numbers left out so a changed figure does not hide a match, compared by rapidfuzz's token
ratios; a table row's label counts for more. Across languages words do not survive translation,
so what does decides: figures with their units and currencies, Latin names and tickers written
inside Arabic text, years; each weighted by how rare it is in the block (a name every
statement repeats, such as the company's, says nothing). Pairs are taken best first, each
statement in one pair at most, and only above a floor measured on pairs whose right answers
are known (tests/test_compare_align.py).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Literal, Protocol, TypeAlias

from rapidfuzz import fuzz

from app.domain import fold_digits
from app.search.terms import index_text

#: Below these, a proposed pair is more often wrong than right (measured in the tests).
TEXT_FLOOR = 0.62
CROSS_FLOOR = 0.34


@dataclass(frozen=True, slots=True)
class FigureKey:
    """What of a figure survives translation: its value, unit and currency."""

    value: float
    unit: str | None
    currency: str | None
    scale: str | None = None

    @classmethod
    def of(cls, figure: Figured) -> FigureKey:
        return cls(figure.value, figure.unit, figure.currency, figure.scale)


class Figured(Protocol):
    """A figure as the parser (app.figures.Figure) or the database (FigureRow) gives it."""

    @property
    def value(self) -> int | float: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def currency(self) -> str | None: ...
    @property
    def scale(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Statement:
    text: str
    lang: str
    topic: str | None = None
    label: str | None = None  # a table row's first cell
    figures: tuple[FigureKey, ...] = ()


@dataclass(frozen=True, slots=True)
class Pair:
    a: int | None  # an index into the first snapshot's statements, or None: only in b
    b: int | None
    score: float = 0.0  # 0 to 1; 0 for a statement without a partner
    basis: str = ""  # "text" (one language) or "figures and names" (across languages)


#: What of a statement survives translation (_features): a figure as
#: ("figure", rounded value, unit, currency), a ("year", "2023"), a ("name", "cvs").
FigureFeature: TypeAlias = tuple[Literal["figure"], float, str | None, str | None]
Feature: TypeAlias = FigureFeature | tuple[Literal["year", "name"], str]

_DIGITS = re.compile(r"\b\w*\d\w*\b")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9&.\-]*[A-Za-z0-9]|[A-Z]")
_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d\d(?![\d.,])")


def align(a: Sequence[Statement], b: Sequence[Statement]) -> list[Pair]:
    """Every statement of `a` and of `b` once: in a pair, or alone. In reading order: a's
    order, each statement only in b placed after the pair its b-neighbour before it is in."""
    both = [*a, *b]
    features = [_features(s) for s in both]  # each statement's, read once for every use
    weights = _weights(features)
    stems = [index_text(None, s.text) for s in both]
    candidates = _text_candidates(a, b, stems, features, weights)
    if any(s.lang != both[0].lang for s in both):
        candidates += _cross_candidates(a, b, features, weights)
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    taken_a: dict[int, tuple[int, float, str]] = {}
    taken_b: set[int] = set()
    for score, i, j, basis in candidates:
        if i not in taken_a and j not in taken_b:
            taken_a[i] = (j, score, basis)
            taken_b.add(j)
    return _in_reading_order(len(a), len(b), taken_a)


def _in_reading_order(n: int, m: int, taken: dict[int, tuple[int, float, str]]) -> list[Pair]:
    rows: list[tuple[float, int, Pair]] = []
    a_of_b = {j: i for i, (j, _, _) in taken.items()}
    for i in range(n):
        if i in taken:
            j, score, basis = taken[i]
            rows.append((i, 0, Pair(i, j, round(score, 3), basis)))
        else:
            rows.append((i, 0, Pair(i, None)))
    place = -0.5  # before everything, until a paired b-neighbour is seen
    for j in range(m):
        if j in a_of_b:
            place = a_of_b[j] + 0.5
        else:
            rows.append((place, j + 1, Pair(None, j)))
    rows.sort(key=lambda r: (r[0], r[1]))
    return [r[2] for r in rows]


# -- one language: the words ------------------------------------------------------------------


def _words(stems: str) -> str:
    """A statement's stems without its numbers."""
    return _DIGITS.sub(" ", stems).strip()


#: A word in more than this share of a block's statements (the, and, the company's name) is
#: left out of the comparison: two statements sharing only such words are not alike.
COMMON_SHARE = 0.3


def _content_words(texts: list[str]) -> list[str]:
    """Each text without the words that are common in the block."""
    counts: Counter[str] = Counter()
    for t in texts:
        counts.update(set(t.split()))
    limit = max(2, COMMON_SHARE * len(texts))
    return [" ".join(w for w in t.split() if counts[w] <= limit) for t in texts]


def _text_candidates(
    a: Sequence[Statement],
    b: Sequence[Statement],
    stems: list[str],
    features: list[set[Feature]],
    weights: dict[Feature, float],
) -> list[tuple[float, int, int, str]]:
    n = len(a)
    words = _content_words([_words(t) for t in stems])
    a_words, b_words = words[:n], words[n:]
    a_whole, b_whole = stems[:n], stems[n:]  # numbers and all: for word-free texts
    figures = [{f for f in found if f[0] == "figure"} for found in features]
    a_figures, b_figures = figures[:n], figures[n:]
    labels = [_words(index_text(None, s.label)) if s.label else "" for s in [*a, *b]]
    a_labels, b_labels = labels[:n], labels[n:]
    index: dict[str, list[int]] = {}  # a word of b's statements -> those holding it
    word_free: dict[str, list[int]] = {}  # b's statements of numbers and common words alone
    for j, y in enumerate(b_words):
        if y:
            for word in dict.fromkeys(y.split()):
                index.setdefault(word, []).append(j)
        elif b_whole[j]:
            word_free.setdefault(b_whole[j], []).append(j)
    out = []
    for i, x in enumerate(a_words):
        if not x:  # nothing but numbers and the block's common words: only the same text,
            for j in word_free.get(a_whole[i], ()) if a_whole[i] else ():  # number for number
                if a[i].lang == b[j].lang:
                    out.append((1.0, i, j, "text"))
            continue
        for j in _sharing(x, index):
            if a[i].lang != b[j].lang:
                continue
            y = b_words[j]
            # The order-free ratio, tempered by the ordered one: one statement that repeats
            # another's words inside a longer sentence still scores high, a few shared common
            # words do not.
            score = (0.6 * fuzz.token_sort_ratio(x, y) + 0.4 * fuzz.token_set_ratio(x, y)) / 100
            if a_labels[i] and b_labels[j]:  # a label of digits alone says nothing
                score = 0.5 * score + 0.5 * fuzz.ratio(a_labels[i], b_labels[j]) / 100
            shared = _overlap(a_figures[i], b_figures[j], weights)  # names are in the words
            score = min(1.0, score + 0.15 * shared)
            if score >= TEXT_FLOOR:
                out.append((score, i, j, "text"))
    return out


#: Of each statement, only the other snapshot's statements sharing the most of its rarest
#: words are scored: rapidfuzz costs microseconds a pair, and every pair of two blocks of
#: 4,000 statements took a minute and 1.6 GB. A pair above TEXT_FLOOR shares words; the
#: known answers, and the pairs of scoring every pair, hold with these bounds
#: (tests/test_compare_align.py).
CANDIDATES = 24
#: Postings read for one statement, its rarest words first: the index's work per statement
#: is bounded whatever the block, so a comparison grows about linearly with its statements.
POSTINGS_READ = 128


def _sharing(text: str, index: dict[str, list[int]]) -> list[int]:
    """The statements of the index that share the most words with `text` (at most
    CANDIDATES, in index order), reading at most POSTINGS_READ postings, rarest words first."""
    words = sorted(
        (w for w in dict.fromkeys(text.split()) if w in index), key=lambda w: len(index[w])
    )
    counts: Counter[int] = Counter()
    budget = POSTINGS_READ
    for word in words:
        if budget <= 0:
            break
        postings = index[word][:budget]
        budget -= len(postings)
        counts.update(postings)
    best = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:CANDIDATES]
    return sorted(j for j, _ in best)


# -- across languages: figures, names, years ---------------------------------------------------


def _features(s: Statement) -> set[Feature]:
    """What survives translation: distinctive figures, Latin names (in Arabic text, and the
    same words of English text), years."""
    found: set[Feature] = set()
    for f in s.figures:
        if f.unit == "quarter":
            continue
        if f.unit is None and f.currency is None and f.scale is None and abs(f.value) < 100:
            continue  # a bare small count: 3 plans, 12 months, too common to tell apart
        found.add(("figure", _rounded(f.value), f.unit, f.currency))
    found.update(("year", y) for y in _YEAR.findall(fold_digits(s.text)))
    if s.lang == "ar":  # Latin letters in Arabic text are names, tickers, products
        found.update(("name", n.casefold()) for n in _LATIN_NAME.findall(s.text))
    else:
        found.update(("name", n.casefold()) for n in _english_names(s.text))
    if s.label:
        found.update(("name", n.casefold()) for n in _LATIN_NAME.findall(s.label))
    return found


def _english_names(text: str) -> list[str]:
    """Capitalised words (`Express Scripts`, `CI`, and a sentence's first word: an Arabic
    text never quotes `The`, so it never counts)."""
    return [w for w in _LATIN_NAME.findall(text) if w[0].isupper()]


def _telling(feature: FigureFeature) -> bool:
    """A figure that alone tells a statement apart: an amount of money (`$180.6 billion`),
    not a count (`18 million` customers and `18 million` in a region's row are different
    statements often enough), nor `12%`, which many statements could say."""
    _, _, unit, currency = feature
    return unit is None and currency is not None


def _rounded(value: float) -> float:
    """Three significant digits: `$180.6 billion` and `180.6 مليار دولار` are one value, and
    so are a rounded and an exact writing of it."""
    if value == 0:
        return 0.0
    digits = 2 - math.floor(math.log10(abs(value)))
    return round(value, digits)


def _weights(features: list[set[Feature]]) -> dict[Feature, float]:
    """A feature's weight: the rarer in the block, the more it says (inverse document
    frequency); 0 for one that is common in the block (COMMON_SHARE), such as the company's
    name, which says nothing about which statement is which."""
    counts: Counter[Feature] = Counter()
    for found in features:
        counts.update(found)
    n = len(features)
    limit = max(2, COMMON_SHARE * n)
    return {f: math.log(1 + n / c) if c <= limit else 0.0 for f, c in counts.items()}


def _overlap(
    x: AbstractSet[Feature], y: AbstractSet[Feature], weights: dict[Feature, float]
) -> float:
    """Weighted Jaccard overlap of two feature sets, 0 to 1; 0 when what they share is too
    common to say anything."""
    shared = sum(weights.get(f, 0.0) for f in x & y)
    if shared == 0:
        return 0.0
    return shared / sum(weights.get(f, 0.0) for f in x | y)


def _cross_candidates(
    a: Sequence[Statement],
    b: Sequence[Statement],
    features: list[set[Feature]],
    weights: dict[Feature, float],
) -> list[tuple[float, int, int, str]]:
    # A name counts only where the other language writes it too: an English sentence's
    # `Premiums` is no name an Arabic text could share, and must not count against a pair.
    both = [*a, *b]
    names_in: dict[str, set[Feature]] = {}
    for s, found in zip(both, features, strict=True):
        names_in.setdefault(s.lang, set()).update(f for f in found if f[0] == "name")
    elsewhere = {
        lang: set().union(*(v for k, v in names_in.items() if k != lang)) for lang in names_in
    }
    kept = [
        {f for f in found if f[0] != "name" or f in elsewhere[s.lang]}
        for s, found in zip(both, features, strict=True)
    ]
    a_features, b_features = kept[: len(a)], kept[len(a) :]
    holders: dict[Feature, list[int]] = {}
    for j, b_found in enumerate(b_features):
        for f in b_found:
            holders.setdefault(f, []).append(j)
    held_a = Counter(f for a_found in a_features for f in a_found)
    out = []
    for i, a_found in enumerate(a_features):
        seen = {j for f in a_found for j in holders.get(f, ())}
        for j in sorted(seen):
            if a[i].lang == b[j].lang:
                continue  # one language: the words decide
            shared = {f for f in a_found & b_features[j] if weights.get(f)}  # not common
            figures = [f for f in shared if f[0] == "figure"]
            names = [f for f in shared if f[0] == "name"]
            strong = [f for f in figures if _telling(f)]
            # a name only these two statements write, one on each side
            own = [f for f in names if held_a[f] == 1 and len(holders[f]) == 1]
            if not (strong or (figures and names) or len(names) >= 2 or own):
                continue  # a shared name, a year, or a percentage alone is too little
            score = _overlap(a_found, b_features[j], weights)
            if score >= CROSS_FLOOR:
                out.append((score, i, j, "figures and names"))
    return out
