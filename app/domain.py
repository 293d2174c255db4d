"""The words the loader and the site share: the nine blocks, languages, kinds of statement
and of source, and how a text is cut into the lines its citations count.

The lowest layer: it imports nothing of the app, and everything above may import it.
"""

from __future__ import annotations

from string import ascii_letters
from typing import Literal

ClaimKind = Literal["paragraph", "bullet", "row"]
SourceKind = Literal["markdown-post", "scraped-page"]
Lang = Literal["en", "ar"]

BLOCK_KINDS: tuple[str, ...] = (
    "key-partners",
    "key-activities",
    "key-resources",
    "value-propositions",
    "customer-relationships",
    "channels",
    "customer-segments",
    "cost-structure",
    "revenue-streams",
)

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
