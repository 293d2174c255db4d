"""Bidi isolation for mixed-direction text, decided in Python so templates stay dumb.

Latin names, tickers and figures inside Arabic sentences (and Arabic inside English) are
cut into runs that the template wraps in `<bdi>`, so `$6,328`, `S&P 500` or `50-500` keep
their order in a right-to-left line. Every run is still plain text, escaped by Jinja.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A run of Latin words and figures, spaces between them included: "Express Scripts",
# "$6,328", "myCigna.com", "50-500", "Q3 2025".
_WORD = r"[A-Za-z0-9$€£%&.,'’/:()+\-]*"
_LTR_RUN = re.compile(rf"[A-Za-z0-9$€£]{_WORD}(?:[ \t]+[A-Za-z0-9$€£&(]{_WORD})*")
_RTL_RUN = re.compile(r"[\u0600-\u06ff\u0750-\u077f][\u0600-\u06ff\u0750-\u077f \t،]*")


_TRAILING = ".,:;'’ \t"


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    isolate: bool  # wrap in <bdi>: a run in the other direction


def segments(text: str, lang: str) -> tuple[Segment, ...]:
    """The text as runs; runs of the other script are marked for isolation."""
    pattern = _LTR_RUN if lang == "ar" else _RTL_RUN
    out: list[Segment] = []
    last = 0
    for match in pattern.finditer(text):
        run = match.group().rstrip(_TRAILING)  # a sentence's own final mark stays outside
        if not run:
            continue
        if match.start() > last:
            out.append(Segment(text[last : match.start()], False))
        out.append(Segment(run, True))
        last = match.start() + len(run)
    if last < len(text):
        out.append(Segment(text[last:], False))
    return tuple(out) or (Segment("", False),)


def direction(lang: str) -> str:
    return "rtl" if lang == "ar" else "ltr"
