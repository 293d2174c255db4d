"""What a figure measures, for when, and how the document says it: a pure reading of one
statement's figures (app.figures) with the context its document gives.

For each figure: its *label* in the document's own words (a table row's label; the label of
a `label: value` item; the noun phrase that owns the number in a sentence, "total revenue
for the year of $37.88 billion", "إيرادات إجمالية قدرها 180.6 مليار دولار"); its *period*
(a year, a quarter, a fiscal year, a range of years, from the statement itself, else its
table's header, its sub-heading or the lead-in before its list; the snapshot year only when
nothing else is written, and marked so); its *qualifiers* where written (projected, at
least, about, an earlier period's value as in "up from", an increment as in "a further",
a change as in "up 9.5%", adjusted); and a *metric* where the label names one of the
vocabulary's (app/metrics.toml) with nothing else but generic words and a scope.

Precision before recall: a label that is unclear, or that names two metrics, or a value of
the wrong kind (a percentage for a metric of money), keeps no metric. Every pattern is
linear: words are runs of one class, and context is read from bounded windows.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

from app.figures import Figure
from app.figures import figures as read_figures

VOCABULARY = Path(__file__).with_name("metrics.toml")
#: A label longer than this many words is a clause, not the name of what a figure measures.
MAX_LABEL_WORDS = 8
_WINDOW = 160  # characters read before a figure for its label and qualifiers


class Context(NamedTuple):  # a tuple: made for every statement with figures
    """What surrounds a statement in its document."""

    kind: str  # paragraph | bullet | numbered | row
    lang: str
    snapshot_year: int
    cells: Sequence[str] | None = None  # a table row's cells
    header: Sequence[str] | None = None  # and its table's header
    topic: str | None = None  # the sub-heading above it
    lead_in: str | None = None  # the paragraph ending in ":" that introduces its list/table


class Period(NamedTuple):  # a tuple: made for every figure, where a frozen init costs more
    key: str  # "2015", "2025Q3", "FY2024", "2014/2016": the same key, the same period
    text: str  # as written ("" for the snapshot year)
    source: str  # statement | header | cell | topic | lead-in | snapshot


class Meaning(NamedTuple):
    label: str | None
    metric: str | None
    scope: str | None  # what the label names beside the metric: a segment, a region
    period: Period | None
    qualifiers: tuple[str, ...] = ()


# -- the vocabulary ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Metric:
    key: str
    kind: str  # money | count | percent
    names: dict[str, str]  # by language


@dataclass(frozen=True, slots=True)
class Vocabulary:
    metrics: dict[str, Metric]
    wordings: dict[tuple[str, ...], str]  # normalised words -> metric key
    generic: frozenset[str]
    longest: int  # words in the longest wording
    digest: str = ""  # of the file: a load labels a document again when it changes


def load_vocabulary(path: Path = VOCABULARY) -> Vocabulary:
    raw = path.read_bytes()
    data = tomllib.loads(raw.decode("utf-8"))
    metrics: dict[str, Metric] = {}
    wordings: dict[tuple[str, ...], str] = {}
    for key, entry in data["metrics"].items():
        metrics[key] = Metric(key, entry["kind"], dict(entry["name"]))
        for wording in [*entry.get("en", []), *entry.get("ar", [])]:
            words = tuple(_norm(w) for w in _words(wording))
            if words in wordings and wordings[words] != key:
                raise ValueError(f"{path}: {wording!r} names {wordings[words]} and {key}")
            wordings[words] = key
    generic = frozenset(_norm(w) for w in [*data["generic"]["en"], *data["generic"]["ar"]])
    longest = max(len(w) for w in wordings)
    return Vocabulary(metrics, wordings, generic, longest, hashlib.sha256(raw).hexdigest())


@cache
def vocabulary() -> Vocabulary:
    return load_vocabulary()


_WORD = re.compile(r"[^\W_](?:[^\W_]|[\u064b-\u065f\u0670]|['’&\-](?=[^\W_]))*")
_TASHKEEL = re.compile(r"[\u064b-\u065f\u0670\u0640]")


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


#: The caches below are bounded in entries and in the size of what they keep: a key longer
#: than this is computed each time (document text has no cap on a word's or a line's length).
CACHED_CHARS = 200


def _norm(word: str) -> str:
    """A word as the vocabulary is matched: lower case, no tashkeel or tatweel, أ إ آ as ا,
    and without the article ال (or وال) an Arabic word may be written with."""
    return _norm_cached(word) if len(word) <= CACHED_CHARS else _normalised(word)


@lru_cache(maxsize=65536)  # at most 65,536 words of 200 characters
def _norm_cached(word: str) -> str:
    return _normalised(word)


def _normalised(word: str) -> str:
    word = _TASHKEEL.sub("", word.casefold()).replace("’", "'")
    word = word.translate(_ALEF)
    for article in ("وال", "بال", "ال"):
        if word.startswith(article) and len(word) > len(article) + 2:
            return word[len(article) :]
    return word


_ALEF = str.maketrans("أإآ", "ااا")


def metric_of(label: str, figure: Figure, vocab: Vocabulary) -> tuple[str | None, str | None]:
    """The metric a label names, and its scope (the other words it holds, generic ones
    aside); (None, None) where it names none, two, or a metric of another kind of value."""
    if vocab is vocabulary() and len(label) <= CACHED_CHARS:  # labels repeat, row after row
        return _metric_cached(label, _kind_of(figure))
    return _metric_of(label, _kind_of(figure), vocab)


def _kind_of(figure: Figure) -> str:
    if figure.unit == "%":
        return "percent"
    if figure.unit is not None:
        return "other"
    return "money" if figure.currency is not None else "count"


@lru_cache(maxsize=16384)
def _metric_cached(label: str, kind: str) -> tuple[str | None, str | None]:
    return _metric_of(label, kind, vocabulary())


def _metric_of(label: str, kind: str, vocab: Vocabulary) -> tuple[str | None, str | None]:
    words = _words(label)
    folded = [_norm(w) for w in words]
    found: list[tuple[int, int, str]] = []
    i = 0
    while i < len(folded):  # at each word, the longest wording whose kind fits the value
        # ("medical claims" of money are costs; 185 million of them, a count, are claims)
        sizes = range(min(vocab.longest, len(folded) - i), 0, -1)
        named = [
            (size, key)
            for size in sizes
            if (key := vocab.wordings.get(tuple(folded[i : i + size]))) is not None
        ]
        if named:
            fitting = [(size, k) for size, k in named if vocab.metrics[k].kind == kind]
            size, key = fitting[0] if fitting else named[0]
            found.append((i, i + size, key))
            i += size
        else:
            i += 1
    if len({key for _, _, key in found}) != 1:
        return None, None  # none, or two metrics in one label
    metric = vocab.metrics[found[0][2]]
    if metric.kind != kind:
        return None, None
    inside = {j for start, end, _ in found for j in range(start, end)}
    rest = [w for j, w in enumerate(words) if j not in inside and folded[j] not in vocab.generic]
    if any(_norm(w) in _NOT_A_SCOPE or _verb_like(w) for w in rest):
        return None, None  # "revenue per sales rep", "revenues were substantial": unclear
    return metric.key, (" ".join(rest) or None)


def _verb_like(word: str) -> bool:
    """An English word a scope (a segment, a region, a product line) never holds: a verb
    form, written in lower case ("maintaining", "reported")."""
    return word.islower() and word.isascii() and word.endswith(("ing", "ed"))


#: Words that make a label more than a metric and its scope: a rate per unit, an average, a
#: verb, a preposition that starts another clause. A label holding one keeps no metric.
_NOT_A_SCOPE = frozenset(
    _norm(w)
    for w in (
        "per", "average", "avg", "mean", "median", "each", "was", "were", "is", "are", "be",
        "been", "being", "against", "versus", "vs", "than", "substantial", "about", "over",
        "under", "since", "until", "which", "that", "who", "while", "if", "when", "not", "no",
        "share", "growth", "change", "increase", "decrease", "rate", "ratio", "margin",
        "متوسط", "لكل", "كل", "بقيمة", "قدرها", "إلى", "الى", "على", "عن", "من", "التي",
        "الذي", "يحقق", "ويحقق", "تحقق", "نسبة", "معدل", "نمو", "زيادة", "حصة",
    )
)  # fmt: skip


# -- periods --------------------------------------------------------------------------------

_FOLD_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_YEAR = r"(?:19|20)[0-9]{2}"
_MONTH_NUMBERS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12, "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4,
    "مايو": 5, "يونيو": 6, "يوليو": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9, "أكتوبر": 10,
    "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True))
# Periods are found from their years (a cheap scan), then read around each: a date before
# it ("June 30, 2025", "30 يونيو 2025"), a fiscal mark ("FY2024", "fiscal 2024"), a range
# after it ("2014-2016"). A hyphenated quarter ("first-quarter") is looked for only where the
# word is written.
_YEAR_AT = re.compile(rf"(?<![0-9.,$]){_YEAR}(?![0-9%]|,[0-9]|\.[0-9])")
_DATE_BEFORE = re.compile(
    rf"(?:\b(?P<m1>{_MONTH})\.?\s(?P<d1>[0-9]{{1,2}}),?\s|\b(?P<d2>[0-9]{{1,2}})\s(?P<m2>{_MONTH})\.?,?\s)$",
    re.IGNORECASE,
)
_FISCAL_BEFORE = re.compile(r"\b(?:FY|fiscal(?: year)?)\s?'?$", re.IGNORECASE)
_RANGE_AFTER = re.compile(rf"\s?(?:-|–|—|to|إلى|الى)\s?(?P<r2>{_YEAR})\b", re.IGNORECASE)
_FISCAL_SHORT = re.compile(r"\bFY\s?'?(?P<yy>[0-9]{2})\b")
_HYPHEN_QUARTER = re.compile(r"\b(?P<hqo>first|second|third|fourth)-quarter\b", re.IGNORECASE)
_QUARTER_YEAR = re.compile(_YEAR)
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4}


class _Mention(NamedTuple):
    start: int
    end: int
    period: Period


_OTHER_DIGITS = re.compile("[٠-٩۰-۹]")


def _periods(text: str, figures: Sequence[Figure], source: str) -> list[_Mention]:
    """Every period the text names, where it names it."""
    folded = text.translate(_FOLD_DIGITS) if _OTHER_DIGITS.search(text) else text
    quarters = [f for f in figures if f.unit == "quarter"]
    if (  # most statements name no period at all: no year, fiscal mark or quarter
        not quarters
        and "19" not in folded
        and "20" not in folded
        and "FY" not in folded
        and "uarter" not in folded
        and "UARTER" not in folded
    ):
        return []
    found: list[_Mention] = []
    taken = [(f.start, f.end) for f in quarters]
    for f in quarters:
        year = _QUARTER_YEAR.search(folded[f.start : f.end])
        key = f"{year.group()}Q{f.value}" if year else f"Q{f.value}"
        found.append(_Mention(f.start, f.end, Period(key, f.text, source)))

    def add(start: int, end: int, key: str) -> None:
        found.append(_Mention(start, end, Period(key, text[start:end], source)))

    range_ends: set[int] = set()
    for m in _YEAR_AT.finditer(folded):
        start, end = m.span()
        if start in range_ends or any(a <= start < b for a, b in taken):
            continue
        inside = start and folded[start - 1].isalnum() and not folded[start - 1].isdigit()
        if inside and folded[max(0, start - 2) : start].upper() != "FY":
            continue  # inside a word
        near = folded[max(0, start - 24) : start]
        date = _DATE_BEFORE.search(near)
        if date:
            month = _MONTH_NUMBERS[(date.group("m1") or date.group("m2")).lower()]
            day = int(date.group("d1") or date.group("d2"))
            add(start - (len(near) - date.start()), end, f"{m.group()}-{month:02d}-{day:02d}")
            continue
        fiscal = _FISCAL_BEFORE.search(near[-14:])
        if fiscal:
            add(start - (len(near[-14:]) - fiscal.start()), end, f"FY{m.group()}")
            continue
        span = _RANGE_AFTER.match(folded, end)
        if span:
            range_ends.add(span.start("r2"))
            add(start, span.end(), f"{m.group()}/{span.group('r2')}")
            continue
        add(start, end, m.group())
    if "FY" in folded:
        for m in _FISCAL_SHORT.finditer(folded):
            add(m.start(), m.end(), f"FY20{m.group('yy')}")
    if "quarter" in folded.lower():
        for m in _HYPHEN_QUARTER.finditer(folded):
            add(m.start(), m.end(), f"Q{_ORDINAL[m.group('hqo').lower()]}")
    found.sort(key=lambda p: p.start)
    return _with_quarter_years(found, source)


def _with_quarter_years(found: list[_Mention], source: str) -> list[_Mention]:
    """A quarter written without its year ("Q3") takes the year written right after it."""
    out: list[_Mention] = []
    skip = -1
    for i, m in enumerate(found):
        if i == skip:
            continue  # the year a quarter before it took
        if m.period.key.startswith("Q") and i + 1 < len(found):
            nxt = found[i + 1]
            if 0 <= nxt.start - m.end <= 12 and nxt.period.key.isdigit():
                key = f"{nxt.period.key}{m.period.key}"
                out.append(_Mention(m.start, nxt.end, Period(key, m.period.text, source)))
                skip = i + 1
                continue
        out.append(m)
    return out


def _period_after(figure: Figure, mentions: list[_Mention], text: str) -> Period | None:
    """The period written right after a figure ("$34.91 billion recorded in 2014"), before
    any other figure: an earlier value's own period. Any other is the later value's."""
    after = [m for m in mentions if m.start >= figure.end and m.start - figure.end <= 40]
    if after and not _another_figure_between(text, figure.end, after[0].start):
        return after[0].period
    return None


#: A table column whose header says it holds periods: its cells date the row's figures.
_PERIOD_HEADERS = frozenset(
    _norm(w)
    for w in (
        "year", "years", "fiscal", "period", "quarter", "date", "as", "of", "fy", "ended",
        "ending", "end", "at", "السنة", "العام", "الفترة", "الربع", "التاريخ", "سنة", "عام",
        "المالية", "المالي", "المنتهية", "في",
    )
)  # fmt: skip


def _row_mentions(
    mentions: list[_Mention], figure: Figure, text: str, context: Context
) -> list[_Mention]:
    """A table figure's periods: those in its own cell, and those of a cell whose column
    says it holds periods ("Year", "السنة") or, with no header, of the row's first cell.
    A year in another column ("Opened | 2009") dates something else."""
    cells = context.cells or ()
    header = context.header or ()
    spans: list[tuple[int, int, bool]] = []
    at = 0
    for i, cell in enumerate(cells):
        start = text.find(cell, at)
        if start < 0:
            return []
        at = start + len(cell)
        name = header[i] if i < len(header) else ""
        words = [_norm(w) for w in _words(name)]
        dating = (bool(words) and all(w in _PERIOD_HEADERS for w in words)) or (
            not name.strip() and i == 0 and not header
        )
        spans.append((start, at, dating))
    own = next(((a, b) for a, b, _ in spans if a <= figure.start < b + 1), None)
    kept = []
    for m in mentions:
        for a, b, dating in spans:
            if a <= m.start < b + 1:
                if dating or (own is not None and (a, b) == own):
                    kept.append(m)
                break
    return kept


def _period_for(figure: Figure, mentions: list[_Mention], text: str) -> Period | None:
    """The period written nearest a figure in its statement: one right after it ("$34.91
    billion recorded in 2014"), before any other figure; else the nearest before it in its
    sentence; else the first the statement writes before it; else none."""
    if not mentions:
        return None
    after = [m for m in mentions if m.start >= figure.end and m.start - figure.end <= 40]
    if after and not _another_figure_between(text, figure.end, after[0].start):
        return after[0].period
    sentence = _sentence_start(text, figure.start)
    before = [m for m in mentions if m.end <= figure.start]
    in_sentence = [m for m in before if m.start >= sentence]
    if in_sentence:
        return in_sentence[-1].period
    if before:  # the statement's opening period ("In 2015 …"), not one a figure took
        return before[0].period
    return None  # a year written only after the figure belongs to another figure


_DIGIT = re.compile(r"[0-9٠-٩۰-۹]")


def _another_figure_between(text: str, start: int, end: int) -> bool:
    return _DIGIT.search(text, start, end) is not None


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding `at` starts: after the last ". ", "; " or "؛" before it
    (at most 400 characters back)."""
    starts = _sentence_starts(text)
    found = starts[bisect_right(starts, at) - 1]
    return max(found, at - 400, 0)


def _sentence_end(text: str, at: int, most: int) -> int:
    """Where the sentence holding `at` ends (the next one starts), at most `most` further:
    a word of the next sentence ("We expect …") says nothing of this one's figures."""
    starts = _sentence_starts(text)
    i = bisect_right(starts, at)
    return min(starts[i], at + most) if i < len(starts) else at + most


@lru_cache(maxsize=4)  # one statement's figures ask in turn (a statement may be 1 MB)
def _sentence_starts(text: str) -> list[int]:
    return [0, *sorted(m.end() for m in _SENTENCE_END.finditer(text))]


_SENTENCE_END = re.compile(r"[.;?!] |؛")


def _first_period(text: str | None, source: str) -> Period | None:
    if not text or not _DIGIT.search(text):
        return None
    if len(text) <= CACHED_CHARS:
        return _first_period_cached(text, source)
    return _first_period_of(text, source)


@lru_cache(maxsize=4096)  # a block's topic, lead-in and headers repeat from row to row
def _first_period_cached(text: str, source: str) -> Period | None:
    return _first_period_of(text, source)


def _first_period_of(text: str, source: str) -> Period | None:
    mentions = _periods(text, read_figures(text), source)
    return mentions[0].period if mentions else None


# -- labels and qualifiers -------------------------------------------------------------------


# What links a label to its value, nearest the value first: "revenue of $5bn", "revenue was
# $5bn", "revenue totaled $5bn", "revenue to reach $5bn", "إيرادات قدرها 5".
class _Endings:
    """Phrases a text may end with (its trailing spaces aside), matched at a word's start:
    what links a label to its value, or says how much, right before a figure. An ending is
    tested with `endswith`, never with a pattern anchored at the end (which a regex engine
    tries at every position of the text)."""

    def __init__(self, *phrases: str) -> None:
        self.by_last: dict[str, list[str]] = {}  # each phrase under its last word
        for phrase in sorted({p.casefold() for p in phrases}, key=len, reverse=True):
            self.by_last.setdefault(phrase.rsplit(" ", 1)[-1], []).append(phrase)
        self.longest = max(len(p) for ps in self.by_last.values() for p in ps)

    def find(self, text: str) -> int | None:
        """Where the phrase `text` ends with starts, or None."""
        trimmed = text.rstrip()
        space = trimmed.rfind(" ")
        candidates = self.by_last.get(trimmed[space + 1 :].casefold())
        if not candidates:
            return None
        tail = trimmed[-self.longest - 1 :].casefold()
        for phrase in candidates:
            if tail.endswith(phrase):
                start = len(trimmed) - len(phrase)
                if start == 0 or not trimmed[start - 1].isalnum() or not phrase[0].isalnum():
                    return start
        return None

    def __call__(self, text: str) -> bool:
        return self.find(text) is not None


# What links a label to its value, nearest the value first: "revenue of $5bn", "revenue was
# $5bn", "revenue totaled $5bn", "revenue to reach $5bn", "إيرادات قدرها 5".
_LINK_EN = _Endings(
    "to reach",
    "to hit",
    "to exceed",
    "to top",
    "of",
    "was",
    "were",
    "is",
    "are",
    "totaled",
    "totalled",
    "totaling",
    "totalling",
    "amounted to",
    "reached",
    "reach",
    "hit",
    "came to",
    "stood at",
    "came in at",
    "at",
    "rose to",
    "grew to",
    "fell to",
    "increased to",
    "decreased to",
    "climbed to",
    "worth",
    "valued at",
    "to",
)
_LINK_AR = _Endings(
    "قدرها",
    "قدره",
    "بقيمة",
    "تبلغ",
    "يبلغ",
    "وصلت إلى",
    "وصل إلى",
    "تصل إلى",
    "يصل إلى",
    "قدرها:",
    "بقيمة:",
)
_AT_LEAST = _Endings(
    "at least",
    "no less than",
    "more than",
    "over",
    "above",
    "exceeding",
    "in excess of",
    "أكثر من",
    "ما لا يقل عن",
    "يزيد عن",
    "يزيد على",
)
_AT_MOST = _Endings("up to", "at most", "less than", "under", "below", "أقل من")
_ABOUT = _Endings(
    "about",
    "approximately",
    "around",
    "nearly",
    "roughly",
    "almost",
    "some",
    "close to",
    "حوالي",
    "نحو",
    "ما يقارب",
    "قرابة",
    "تقريبا",
    "تقريبًا",
)
_EARLIER = _Endings(
    "up from",
    "up on",
    "up from the",
    "up on the",
    "down from",
    "down from the",
    "compared with",
    "compared to",
    "compared with the",
    "versus",
    "vs",
    "vs.",
    "against",
    "from",
    "from the",
    "مقارنة بـ",
    "مقارنة ب",
    "مقابل",
    "ارتفاعا من",
    "ارتفاعًا من",
    "انخفاضا من",
    "انخفاضًا من",
)
_INCREMENT = _Endings("further", "additional", "another", "extra", "incremental", "an added")
_CHANGE = _Endings(
    "up",
    "down",
    "increase of",
    "decrease of",
    "growth of",
    "grew",
    "grew by",
    "rose",
    "rose by",
    "fell",
    "fell by",
    "jump of",
    "gain of",
    "drop of",
    "by",
    "a",
    "ارتفاع بنسبة",
    "بزيادة",
    "زيادة بنسبة",
    "نمو بنسبة",
    "بنمو",
    "انخفاض بنسبة",
    "بانخفاض",
)
_LEAD = _Endings(
    "at least",
    "no less than",
    "more than",
    "over",
    "above",
    "exceeding",
    "up to",
    "at most",
    "about",
    "approximately",
    "around",
    "nearly",
    "roughly",
    "almost",
    "some",
    "a further",
    "further",
    "additional",
    "another",
    "an",
    "a",
    "the",
    "أكثر من",
    "ما لا يقل عن",
    "حوالي",
    "نحو",
    "ما يقارب",
    "قرابة",
)

_QUALIFYING_WORDS = frozenset(
    word
    for endings in (_LEAD, _EARLIER, _AT_LEAST, _AT_MOST, _ABOUT, _INCREMENT, _CHANGE)
    for word in endings.by_last
)


def _last_word(text: str) -> str:
    trimmed = text.rstrip()
    return trimmed[trimmed.rfind(" ") + 1 :].casefold()


# Arabic puts the verb first: "بلغ إجمالي تعويضات الموظفين ... 12.8 مليار دولار".
_VERB_FIRST_AR = re.compile(r"(?:^|\s)(?:و?بلغ|و?بلغت|وصل|وصلت|سجل|سجلت|حقق|حققت)\s+(?P<rest>.+)$")
# The verb (or the word before the noun phrase) a clause's label follows.
_VERB_EN = re.compile(
    r"\b(?:generated|generates|reported|reports|recorded|records|posted|posts|achieved"
    r"|achieves|had|has|have|with|projects|projected|expects|expected|forecasts|sees"
    r"|announced|announces|delivered|delivers|earned|earns|spent|spends|invested|invests"
    r"|employs|employed|serves|served|operates|operated|holds|held|manages|managed"
    r"|processed|processes|contributed to|contributes to|derived|saw|see|sees|total of)\s+",
    re.IGNORECASE,
)
_VERB_AR = re.compile(
    r"(?:^|\s)(?:عن|أعلنت|اعلنت|حققت|سجلت|لدى|لديها|تمتلك|تدير|توظف|تخدم|أنفقت|استثمرت|تستثمر)\s+"
)
_PREPOSITION_EN = re.compile(r"\b(?:of|in|for|as|by|from|on|with)\s+", re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the|a|an|its|their|our|this|these|and|both)\s+", re.IGNORECASE)
_RELATIVE = re.compile(r"^\s*(?:which|that|who|التي|الذي)\b", re.IGNORECASE)
_CLAUSE = re.compile(r"[,;:()،؛]")
# Period phrases a label does not keep: "total revenue for the year" is "total revenue".
_TAIL_EN = re.compile(
    r"\s+(?:for|in|during|over|as of|through)\s+(?:the\s+)?(?:full\s+)?(?:fiscal\s+)?"
    r"(?:year|quarter|period|first|second|third|fourth|[0-9]).*$|\s+(?:year-over-year|yoy)$",
    re.IGNORECASE,
)
_TAIL_AR = re.compile(r"\s+(?:في|خلال|لعام|عام|حتى)\s.*$")
# Inside a label: a period ("first-quarter 2025", "2025", "Q3") and whose it is ("Cigna
# Group's", "لشركة Cigna"): what it measures is what is left.
_IN_LABEL = re.compile(
    r"\b(?:(?:first|second|third|fourth)[- ]quarter|full[- ]year|fiscal|FY|Q[1-4]|H[12])\b"
    r"|\b(?:19|20)[0-9]{2}\b",
    re.IGNORECASE,
)
_OWNER_EN = re.compile(r"^(?:\S+\s+){0,3}?\S+['’]s\s+")
_OWNER_AR = re.compile(r"\s+(?:لشركة|للشركة|لـ)\s*\S*")

_PROJECTED = re.compile(
    r"\b(?:project(?:s|ed|ing|ion|ions)?|expect(?:s|ed|ing|ation|ations)?|forecast(?:s|ed)?"
    r"|guidance|outlook|anticipat(?:es|ed|ing)|target(?:s|ed)?|estimated?|will reach|to reach)\b"
    r"|يتوقع|تتوقع|متوقع|المتوقع|توقعات|تستهدف|يستهدف",
    re.IGNORECASE,
)
_INCREMENT_AFTER = re.compile(r"^\S*(?:\s+\S+)?\s+(?:إضافية|إضافي|اضافية|اضافي)")
_CHANGE_AFTER = re.compile(
    r"^\s*(?:increase|decrease|growth|jump|rise|drop|decline|gain|year-over-year|yoy"
    r"|higher|lower|more|less|زيادة|نمو|ارتفاع|انخفاض)\b",
    re.IGNORECASE,
)
_BY_AR = re.compile(r"بنسبة\s*$")
_MOVED_AR = re.compile(r"ارتفع|انخفض|نما|نمت|زاد|زادت|تراجع|هبط|قفز")
_ADJUSTED = re.compile(r"\badjusted\b|المعدلة|معدلة", re.IGNORECASE)
#: What every match of _PROJECTED and _ADJUSTED holds, lower-cased.
_PROJECTED_STEMS = (
    "project", "expect", "forecast", "guidance", "outlook", "anticipat", "target", "estimate",
    "reach", "توقع", "تستهدف", "يستهدف",
)  # fmt: skip
_ADJUSTED_STEMS = ("adjusted", "معدلة")


def meanings(
    text: str, figures: Sequence[Figure], context: Context, vocab: Vocabulary | None = None
) -> list[Meaning]:
    """One Meaning per figure of `text` (in the order given)."""
    vocab = vocab or vocabulary()
    mentions = _periods(text, figures, "statement")
    # words that qualify a figure only within its sentence: one look at the whole statement
    # spares most statements a search per figure
    lowered = text.lower()  # a scan for the words' stems first: most statements hold none
    projected = any(w in lowered for w in _PROJECTED_STEMS) and bool(_PROJECTED.search(text))
    adjusted = any(w in lowered for w in _ADJUSTED_STEMS) and bool(_ADJUSTED.search(text))
    fallback: Period | None = None
    found: list[Meaning] = []
    for figure in figures:
        if figure.unit == "quarter":
            found.append(Meaning(None, None, None, None, ("period",)))
            continue
        label = _label(text, figure, context, figures)
        before = text[max(0, figure.start - 48) : figure.start]
        # most figures follow a word no qualifier ends with ("| 750,000", "revenue: $5bn"):
        # one look at that word spares every other test
        said = _last_word(before) in _QUALIFYING_WORDS
        trimmed = _strip_lead(before) if said else before
        earlier = said and (_EARLIER(trimmed) or _EARLIER(before))
        if earlier and label is None:  # "up from $15.79 billion": the same thing, earlier
            label = next((m.label for m in reversed(found) if m.label), None)
        # how it is said matters where it says what it measures (a figure with no label
        # gets no metric, and is never compared)
        qualifiers = _qualifiers(text, figure, earlier, said, projected, adjusted, trimmed)
        near = mentions
        if mentions and context.kind == "row":
            near = _row_mentions(mentions, figure, text, context)
        if "earlier" in qualifiers:  # "up from $15.79 billion in 2022": its own period, or none
            period = _period_after(figure, near, text)
        else:
            period = _period_for(figure, near, text) or _cell_period(figure, text, context)
            if period is None:
                fallback = fallback or _fallback_period(context)
                period = fallback
        metric, scope = (None, None)
        if label and not {"change", "increment"} & set(qualifiers):
            metric, scope = _metric(label, figure, text, context, vocab)
        found.append(Meaning(label, metric, scope, period, qualifiers))
    return found


def _metric(
    label: str, figure: Figure, text: str, context: Context, vocab: Vocabulary
) -> tuple[str | None, str | None]:
    """A statement's figure takes the metric its label names. A table's takes its column's
    when the header names one ("عدد مقدمي الخدمة": providers, the row naming which); its
    row's when the header only says "value", "amount" or a period; none when the header
    names something else ("processing time": not what the row's label measures)."""
    if context.kind != "row" or not context.cells or not context.header:
        return metric_of(label, figure, vocab)
    column = _column_of(figure, text, context.cells)
    header = context.header[column] if column is not None and column < len(context.header) else ""
    said = (
        _header_says(header, vocab.generic)
        if len(header) <= CACHED_CHARS
        else (_header_words(header, vocab.generic))
    )
    if not said:
        return metric_of(label, figure, vocab)
    metric, _ = metric_of(header, figure, vocab)
    return (metric, label) if metric else (None, None)


def _header_words(header: str, generic: frozenset[str]) -> tuple[str, ...]:
    """The words of a column header that say what it measures (periods, generic words and
    "value" words aside)."""
    words = _words(_IN_LABEL.sub(" ", header))
    return tuple(w for w in words if _norm(w) not in generic and _norm(w) not in _VALUE_WORDS)


@lru_cache(maxsize=256)  # a table's header repeats on every row
def _header_says(header: str, generic: frozenset[str]) -> tuple[str, ...]:
    return _header_words(header, generic)


#: What a table's column header says when it only says "the value" (its period aside).
_VALUE_WORDS = frozenset(
    _norm(w)
    for w in (
        "value", "values", "amount", "amounts", "figure", "figures", "latest", "metric",
        "metrics", "measure", "data", "result", "results", "current", "القيمة", "المبلغ",
        "الرقم", "المقياس", "المقاييس", "البيانات", "الأرقام", "القيم",
    )
)  # fmt: skip


def _fallback_period(context: Context) -> Period:
    return (
        _first_period(context.topic, "topic")
        or _first_period(context.lead_in, "lead-in")
        or Period(str(context.snapshot_year), "", "snapshot")
    )


def _cell_period(figure: Figure, text: str, context: Context) -> Period | None:
    """A table figure's period: its column's header ("Latest Reported Amount (Q3 2025)")."""
    if context.kind != "row" or not context.cells or not context.header:
        return None
    column = _column_of(figure, text, context.cells)
    if column is None or column >= len(context.header):
        return None
    return _first_period(context.header[column], "header")


def _column_of(figure: Figure, text: str, cells: Sequence[str]) -> int | None:
    """Which cell of a row (stored as its cells joined by " | ") a figure stands in."""
    for i, (start, end) in enumerate(_cell_spans(text, tuple(cells))):
        if start < 0:
            return None
        if start <= figure.start < end + 1:
            return i
    return None


@lru_cache(maxsize=4)  # asked three times a figure, for the row at hand
def _cell_spans(text: str, cells: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """Where each cell stands in the row's text ((-1, -1) from the first not found on)."""
    spans = []
    at = 0
    for cell in cells:
        start = text.find(cell, at)
        if start < 0:
            spans.append((-1, -1))
            break
        at = start + len(cell)
        spans.append((start, at))
    return tuple(spans)


def _label(text: str, figure: Figure, context: Context, figures: Sequence[Figure]) -> str | None:
    if context.kind == "row" and context.cells:
        return _row_label(figure, text, context.cells)
    start = _sentence_start(text, figure.start)  # "Net income: $1bn. Revenue: $3.2bn"
    head, colon, _ = text[start : figure.start].rpartition(":")
    if colon and not _DIGIT.search(head) and len(_words(head)) <= MAX_LABEL_WORDS:
        between = text[start + len(head) + 1 : figure.start]
        if not _DIGIT.search(between) and len(_words(between)) <= 3:
            return _clean(head) or None  # "Annual revenue: $5bn", "- الإيرادات: 5"
    return _sentence_label(text, figure, context.lang, figures)


def _row_label(figure: Figure, text: str, cells: Sequence[str]) -> str | None:
    """A row's label: its first cell with no figure in it (the row's name)."""
    column = _column_of(figure, text, cells)
    for i, cell in enumerate(cells):
        if i != column and cell.strip() and not _DIGIT.search(cell):
            return cell.strip()
    return None


def _sentence_label(
    text: str, figure: Figure, lang: str, figures: Sequence[Figure] = ()
) -> str | None:
    """The noun phrase that owns a figure in a sentence: what stands before the word that
    links it to its value, in the same clause, after the clause's verb or subject (for a
    relative clause, "premiums, which totaled $29.64 billion", the noun it follows)."""
    start = max(_sentence_start(text, figure.start), figure.start - _WINDOW)
    previous = [f.end for f in figures if start <= f.end <= figure.start and f.unit != "quarter"]
    before = _strip_lead(text[max([start, *previous]) : figure.start])
    if lang == "ar":
        first = _VERB_FIRST_AR.search(before)
        if first:
            phrase = _OWNER_AR.sub("", _TAIL_AR.sub("", first.group("rest").strip()))
            return _valid(phrase)
    link = (_LINK_AR if lang == "ar" else _LINK_EN).find(before)
    if link is None and lang == "ar":
        link = _LINK_EN.find(before)
    if link is None:
        return None
    segments = _CLAUSE.split(before[:link])
    phrase = segments[-1]
    relative = _RELATIVE.match(phrase)
    if relative:
        own = phrase[relative.end() :]
        verbs = list((_VERB_AR if lang == "ar" else _VERB_EN).finditer(own))
        own = own[verbs[-1].end() :] if verbs else own
        if _words(own):  # "…, which contributed to its first-quarter revenue of $65.5bn"
            phrase = own
        elif len(segments) > 1:  # "premiums, which totaled $29.64bn": the noun before it
            phrase = segments[-2]
            found = list(_PREPOSITION_EN.finditer(phrase))
            if found:
                phrase = phrase[found[-1].end() :]
        else:
            return None
    phrase = (_TAIL_AR if lang == "ar" else _TAIL_EN).sub("", phrase.strip())
    verbs = list((_VERB_AR if lang == "ar" else _VERB_EN).finditer(phrase))
    if verbs:
        phrase = phrase[verbs[-1].end() :]
    phrase = _OWNER_AR.sub("", phrase) if lang == "ar" else phrase
    phrase = _IN_LABEL.sub(" ", phrase)
    phrase = _OWNER_EN.sub("", phrase.strip())
    for _ in range(3):
        phrase = _ARTICLE.sub("", phrase.strip())
    return _valid(phrase)


def _valid(phrase: str) -> str | None:
    phrase = _clean(phrase)
    if not phrase or _DIGIT.search(phrase) or len(_words(phrase)) > MAX_LABEL_WORDS:
        return None
    return phrase


def _strip_lead(before: str) -> str:
    """The words right before a figure that say how much, not what ("at least", "about")."""
    for _ in range(3):
        found = _LEAD.find(before)
        if found is None:
            break
        before = before[:found]
    return before


def _clean(phrase: str) -> str:
    phrase = phrase.strip(" \t-*•–—:,.;'\"“”‘’()[]")
    return " ".join(phrase.split())


def _qualifiers(
    text: str,
    figure: Figure,
    earlier: bool,
    said: bool,
    projected: bool = True,
    adjusted: bool = True,
    trimmed: str | None = None,
) -> tuple[str, ...]:
    """How a figure is said. `said`: the word before it ends some qualifier's phrase;
    `projected`, `adjusted`: the statement holds such a word somewhere."""
    found = []
    before = text[max(0, figure.start - 48) : figure.start]
    after = text[figure.end : figure.end + 40]
    start = _sentence_start(text, figure.start) if projected or adjusted else -1
    if projected and _PROJECTED.search(text, start, _sentence_end(text, figure.end, 80)):
        found.append("projected")
    if said:
        if _AT_LEAST(before):
            found.append("at least")
        elif _AT_MOST(before):
            found.append("at most")
        elif _ABOUT(before):
            found.append("about")
        if trimmed is None:
            trimmed = _strip_lead(before)
    else:
        trimmed = before
    if earlier:
        found.append("earlier")
    if (said and (_INCREMENT(before) or _INCREMENT(trimmed))) or _INCREMENT_AFTER.match(after):
        found.append("increment")
    if (
        figure.unit == "%"
        and _BY_AR.search(before)
        and _MOVED_AR.search(
            text, _sentence_start(text, figure.start), _sentence_end(text, figure.end, 80)
        )
    ):
        found.append("change")  # "ارتفعت الإيرادات بنسبة 8%"
    elif (
        figure.unit in ("%", "pp", None)
        and (
            (said and figure.unit in ("%", "pp") and _CHANGE(trimmed)) or _CHANGE_AFTER.match(after)
        )
        and not earlier
    ):
        found.append("change")
    if adjusted and _ADJUSTED.search(text, start, figure.start):
        found.append("adjusted")
    return tuple(found)
