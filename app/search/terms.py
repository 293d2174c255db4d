"""How a text becomes search terms, the same way for the index and for a query.

A word is a run of letters and digits (with the marks written on them). Each word is
normalised — marks dropped (Arabic tashkeel, the hamza and madda on alef, Latin accents),
tatweel dropped, ٱ to ا, ى to ي, ة to ه, Arabic-Indic and Persian digits to ASCII, case
folded — and then stemmed: English (and any Latin-script word) with the Snowball stemmer,
Arabic with a light stemmer that takes off the attached و, the article in its attached forms
(ال وال بال كال فال لل) and the common suffixes.

Why a light stemmer written here: Snowball's Arabic stemmer gives "الشبكات" and "وشبكات"
different stems (شبك, شبكا), and Tashaphyne cuts names (سيغنا to غنا) and stems a word
differently with and without its article; the light stemmer of Larkey, Ballesteros and
Connell (light10, SIGIR 2002), the usual baseline of Arabic retrieval, does neither.

The index holds each statement's stems, in order (so phrases match). A query's words are
read by the same functions, so the two always agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from typing import NamedTuple, TypeVar

import Stemmer

#: Marks that sit on letters: Latin combining accents and the Arabic marks (tashkeel,
#: Quranic annotation signs). Part of a word, removed by normalisation.
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
#: One character class per alternative, no nesting: linear in the text. Most texts carry no
#: marks, and the plain class is about twice as fast, so it is used when it gives the same.
_WORD = re.compile(rf"(?:[^\W_]|[{_MARKS}])+")
_PLAIN_WORD = re.compile(r"[^\W_]+")
_HAS_MARK = re.compile(f"[{_MARKS}]")

_FOLD = str.maketrans(
    {
        "\u0640": None,  # tatweel
        "\u0671": "\u0627",  # alef wasla -> alef (أ إ آ lose their marks in NFKD)
        "\u0649": "\u064a",  # alef maqsura -> yeh
        "\u0629": "\u0647",  # teh marbuta -> heh
        **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian digits
    }
)
_ARABIC = re.compile("[\u0621-\u064a\u066e-\u06d3]")

#: Change it whenever a word's stem may change: the loader then rebuilds the whole index,
#: since a query is only found when it is read the way the index was.
ANALYSER = f"light10-1+snowball-english-{Stemmer.version()}"

_ENGLISH = Stemmer.Stemmer("english")
#: Longest first, so that وال is not read as و then ال.
_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")  # light10's, after ة -> ه
#: Words seen by this process: the vocabulary is small beside the text, so each word is
#: normalised and stemmed once. Cleared when full, which keeps a process's memory bounded.
_CACHE_SIZE = 200_000


class Term(NamedTuple):
    """One word of a text: where it is, its stem, and its form for prefix queries."""

    start: int
    end: int
    stem: str
    word: str


def normalise(word: str) -> str:
    """The word with marks, tatweel, letter variants, digit scripts and case folded away."""
    decomposed = unicodedata.normalize("NFKD", word)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.translate(_FOLD).casefold()


def strip_prefixes(word: str) -> str:
    """An Arabic word without its attached و and article (light10's prefix rules)."""
    if len(word) >= 4 and word[0] == "و":
        word = word[1:]
    for article in _ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            return word[len(article) :]
    return word


def light_stem(word: str) -> str:
    """Light10 on a normalised Arabic word: prefixes, then each suffix once, right to left."""
    word = strip_prefixes(word)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
    return word


_forms: dict[str, tuple[str, str]] = {}
_stems: dict[str, str] = {}  # the stems alone, for the index's hot path
W = TypeVar("W", str, bytes)
_ascii_stems: dict[bytes, str] = {}  # the same for words of ASCII texts, split as bytes
_ASCII_WORDS = bytes(c if chr(c).isascii() and chr(c).isalnum() else 0x20 for c in range(256))


def forms(word: str) -> tuple[str, str]:
    """(stem, prefix form) of one word as the tokeniser cut it."""
    found = _forms.get(word)
    if found is None:
        normal = normalise(word)
        if _ARABIC.search(normal):
            found = (light_stem(normal), strip_prefixes(normal))
        elif normal.isdigit():
            found = (normal, normal)
        else:
            found = (_ENGLISH.stemWord(normal), normal)
        if len(_forms) >= _CACHE_SIZE:
            _forms.clear()
        _forms[word] = found
    return found


def _word_pattern(text: str) -> re.Pattern[str]:
    return _WORD if _HAS_MARK.search(text) else _PLAIN_WORD


def terms(text: str) -> Iterator[Term]:
    """Every word of `text` with its place in it (for highlighting) and its two forms."""
    for match in _word_pattern(text).finditer(text):
        stem, word = forms(match.group())
        if stem:
            yield Term(match.start(), match.end(), stem, word)


def index_text(topic: str | None, text: str) -> str:
    """What the index holds for a statement (under its sub-heading, if any): the stems of
    its words in order, space-separated. The loader's hot path: one split and a list of
    dictionary lookups, the stemming done once per distinct word. An ASCII text (most English
    ones) is split on bytes, with a 256-entry table that keeps exactly the letters and digits
    `[^\\W_]` keeps in ASCII: four times faster than the pattern, and the same words."""
    source = f"{topic}\n{text}" if topic else text
    if source.isascii():
        return _joined(source.encode().translate(_ASCII_WORDS).split(), _ascii_stems, bytes.decode)
    return _joined(_word_pattern(source).findall(source), _stems, str)


def _joined(words: list[W], cache: dict[W, str], text: Callable[[W], str]) -> str:
    """The words' stems, space-separated, from `cache` (filled, and kept bounded, here)."""
    try:
        return " ".join([cache[w] for w in words])
    except KeyError:
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        for word in words:
            if word not in cache:
                cache[word] = forms(text(word))[0]
        return " ".join([cache[w] for w in words])
