"""Which language a piece of text is in, from the script of its letters."""

from __future__ import annotations

import re

from app.loader.document import Lang

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")


def lang_of(text: str, default: Lang = "en") -> Lang:
    """`ar` when Arabic letters are at least as many as Latin ones; `default` with no letters.

    Arabic sentences routinely carry Latin names and tickers (`Cigna`, `CI`, `myCigna.com`),
    so a majority, not mere presence, decides.
    """
    arabic = len(_ARABIC.findall(text))
    latin = len(_LATIN.findall(text))
    if arabic == 0 and latin == 0:
        return default
    return "ar" if arabic >= latin else "en"
