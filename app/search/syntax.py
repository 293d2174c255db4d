"""What a reader types into the search box, read as a query; never an error.

    words         every word must be in the statement (any form: "partners" finds "partner")
    "a phrase"    the words next to each other, in this order
    -word         leaves out statements with the word (or -"a phrase")
    word*         words that begin so (at least three letters before the star)

Anything else is a word: an unbalanced quote is dropped, a lone `-` or `*` is nothing,
FTS5's own operators (AND, OR, NOT, NEAR, column filters, parentheses) are plain words,
because every term reaches SQLite as a quoted string of letters and digits. One pass over
the text, so the time is linear in it; the text and the number of parts are capped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from app.search.terms import forms, terms

MAX_QUERY_CHARS = 500
MAX_CLAUSES = 12  # words, phrases and prefixes together, kept and left out
MAX_PHRASE_WORDS = 12
MIN_PREFIX_CHARS = 3  # a shorter prefix would match a good part of the vocabulary

ClauseKind = Literal["word", "phrase", "prefix"]


@dataclass(frozen=True, slots=True)
class Clause:
    """One part of a query: a word, a phrase or a prefix, as the index's stems."""

    kind: ClauseKind
    stems: tuple[str, ...]

    def match(self) -> str:
        """The FTS5 string for it; stems are letters and digits only, so quoting is safe."""
        text = " ".join(self.stems)
        return f'"{text}" *' if self.kind == "prefix" else f'"{text}"'


@dataclass(frozen=True, slots=True)
class Query:
    text: str  # what was read (after the length cap)
    include: tuple[Clause, ...] = ()
    exclude: tuple[Clause, ...] = ()
    truncated: bool = False  # the text or the number of parts was over its cap
    prefixes_too_short: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        """Nothing to look for (only exclusions count as nothing too)."""
        return not self.include

    def match(self) -> str:
        """The FTS5 MATCH expression: every kept clause, none of the left-out ones."""
        found = " AND ".join(c.match() for c in self.include)
        if self.exclude:
            found = f"({found}) NOT ({' OR '.join(c.match() for c in self.exclude)})"
        return found

    def marks(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """Stems to highlight in a hit, and prefixes a highlighted stem may begin with."""
        stems = frozenset(s for c in self.include if c.kind != "prefix" for s in c.stems)
        prefixes = tuple(c.stems[0] for c in self.include if c.kind == "prefix")
        return stems, prefixes


def parse(text: str, typing: bool = False) -> Query:
    """Read the search box's text; see the module docstring for the syntax. `typing`: the
    text is still being typed (the header box's live list), so its last word, unless a
    space follows it, is read as a prefix: "pharm" already finds "pharmacy"."""
    truncated = len(text) > MAX_QUERY_CHARS
    text = text[:MAX_QUERY_CHARS]
    include: list[Clause] = []
    exclude: list[Clause] = []
    short: list[str] = []
    pieces = _pieces(text)
    if typing and pieces and text and not text[-1].isspace():
        negated, quoted, last = pieces[-1]
        if not quoted and not last.endswith("*"):
            pieces[-1] = (negated, quoted, f"{last}*")
    for negated, quoted, piece in pieces:
        clause = _clause(piece, quoted, short)
        if clause is None:
            continue
        if len(include) + len(exclude) >= MAX_CLAUSES:
            truncated = True
            break
        (exclude if negated else include).append(clause)
    return Query(
        text=text,
        include=tuple(dict.fromkeys(include)),
        exclude=tuple(dict.fromkeys(exclude)),
        truncated=truncated,
        prefixes_too_short=tuple(short),
    )


def _pieces(text: str) -> list[tuple[bool, bool, str]]:
    """(left out?, quoted?, text) for each whitespace-separated piece or quoted phrase."""
    pieces: list[tuple[bool, bool, str]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = text[i] == "-"
        start = i + 1 if negated else i
        if start < n and text[start] == '"':
            close = text.find('"', start + 1)
            if close != -1:
                pieces.append((negated, True, text[start + 1 : close]))
                i = close + 1
                continue
            start += 1  # an unbalanced quote is read as if it were not there
        end = start
        while end < n and not text[end].isspace():
            end += 1
        pieces.append((negated, False, text[start:end].replace('"', " ")))
        i = end
    return pieces


def _clause(piece: str, quoted: bool, short: list[str]) -> Clause | None:
    found = [t.stem for t in terms(piece)][:MAX_PHRASE_WORDS]
    if not found:
        return None
    if len(found) > 1:  # "a phrase", or one piece that is several words: e-commerce, 82.2%
        return Clause("phrase", tuple(found))
    if not quoted and piece.rstrip().endswith("*"):
        word = piece.rstrip("*")
        typed = [t for t in terms(word)]
        if typed and len(typed[-1].word) >= MIN_PREFIX_CHARS:
            return Clause("prefix", (_prefix_stem(typed[-1].word),))
        short.append(word)
    return Clause("word", tuple(found))


def _prefix_stem(word: str) -> str:
    """The index holds stems, so a prefix is looked for as its stem's beginning: the shorter
    of the typed prefix and its stem ("companies*" -> compani*, "netw*" -> netw*)."""
    stem = forms(word)[0]
    return stem if len(stem) <= len(word) and word.startswith(stem[:-1] or stem) else word
