"""The words the loader and the site share: the nine blocks, languages, kinds of statement
and of source, and how a text is cut into the lines its citations count.

The lowest layer: it imports nothing of the app, and everything above may import it.
"""

from __future__ import annotations

import re
import unicodedata
from string import ascii_letters
from typing import Literal, get_args

from slugify import slugify as _transliterated_slug

#: "numbered": an item of an ordered list (`1.`, `2)`), which keeps its number.
ClaimKind = Literal["paragraph", "bullet", "numbered", "row"]
SourceKind = Literal["markdown-post", "scraped-page"]
Lang = Literal["en", "ar"]

BlockKind = Literal[
    "key-partners",
    "key-activities",
    "key-resources",
    "value-propositions",
    "customer-relationships",
    "channels",
    "customer-segments",
    "cost-structure",
    "revenue-streams",
]
#: The nine blocks, in canvas order (the order of `BlockKind`).
BLOCK_KINDS: tuple[BlockKind, ...] = get_args(BlockKind)

ENGLISH_TITLES: dict[str, str] = {
    "key-partners": "Key Partners",
    "key-activities": "Key Activities",
    "key-resources": "Key Resources",
    "value-propositions": "Value Propositions",
    "customer-relationships": "Customer Relationships",
    "channels": "Channels",
    "customer-segments": "Customer Segments",
    "cost-structure": "Cost Structure",
    "revenue-streams": "Revenue Streams",
}


#: Arabic-Indic (٠-٩) and Persian (۰-۹) digits as ASCII ones, and the Arabic decimal
#: separator, thousands separator and percent sign as `.`, `,` and `%`: one character for
#: one character, so offsets in the folded text are offsets in the text. Documents write a
#: year or a figure in any of these forms, and every reader of a year or a figure must count
#: them alike.
DIGIT_FOLD = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬٪", "01234567890123456789.,%")
_FOLDED_DIGITS = frozenset("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬٪")


def fold_digits(text: str) -> str:
    """`text` with every digit form of `DIGIT_FOLD` written in ASCII (the same object when
    there is none: the common case, tested without building a new string)."""
    if text.isascii() or _FOLDED_DIGITS.isdisjoint(text):
        return text
    return text.translate(DIGIT_FOLD)


#: A list item's marker as documents write it: a bullet, or an ordered list's number (any
#: digits, `٣.` is 3) with `.` or `)`. The loader reads items by it; the site takes it off a
#: source line to compare the line with the statement stored from it.
LIST_MARKER = r"(?:[-*+•‣◦▪]|(?P<number>\d{1,3})[.)])"

#: A slug as an address holds it: lowercase ASCII letters and digits, single inner hyphens.
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: The longest slug made from a name (a name is at most 300 characters; an address this
#: long is no handle a reader could type).
MAX_SLUG_CHARS = 100


def slugify(text: str) -> str:
    """`text` as a slug: Latin letters transliterated (`Ørsted` -> `orsted`, `Straße` ->
    `strasse`), other scripts left out (an Arabic name gives nothing: the caller falls back
    to the ticker rather than to a guessed transliteration), cut at a word boundary."""
    latin = "".join(
        c if not c.isalpha() or unicodedata.name(c, "").startswith("LATIN") else " " for c in text
    )
    return _transliterated_slug(latin, max_length=MAX_SLUG_CHARS, word_boundary=True)


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them: only `\\n` (and `\\r\\n`) end a line."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


_ASCII_LETTERS = ascii_letters.encode()
# UTF-8 lead bytes: U+0600-U+06FF (Arabic) and U+0750-U+077F (Arabic Supplement);
# U+00C0-U+024F (accented Latin).
_ARABIC_LEADS = b"\xd8\xd9\xda\xdb\xdd"
_LATIN = _ASCII_LETTERS + b"\xc3\xc4\xc5\xc6\xc7\xc8\xc9"


def lang_of(text: str, default: Lang = "en") -> Lang:
    """`ar` when Arabic letters are at least as many as Latin ones; `default` with no letters.

    Arabic sentences routinely carry Latin names and tickers (`Cigna`, `CI`, `myCigna.com`),
    so a majority, not mere presence, decides; and inside an Arabic part (`default` "ar"),
    any Arabic letters make the claim Arabic, however many names it quotes. Counted on UTF-8
    bytes: this runs for every claim, and counting bytes is far cheaper than a regex over
    characters.
    """
    data = text.encode()
    size = len(data)
    latin = size - len(data.translate(None, _LATIN))
    arabic = 0 if data.isascii() else size - len(data.translate(None, _ARABIC_LEADS))
    if arabic == 0 and latin == 0:
        return default
    if arabic and default == "ar":
        return "ar"
    return "ar" if arabic >= latin else "en"
