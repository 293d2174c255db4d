"""Bidi isolation for mixed-direction text, decided in Python so templates stay dumb.

Latin names, tickers and figures inside Arabic sentences (and Arabic inside English) are
cut into runs that the template wraps in `<bdi>`, so `$6,328`, `S&P 500` or `50-500` keep
their order in a right-to-left line. Every run is still plain text: Jinja escapes Segments,
and `isolated_html` escapes each run itself (quotes too) before wrapping it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.views.escaping import escape

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


def runs(text: str, lang: str) -> list[tuple[str, bool]]:
    """The text as (run, isolate) pairs; runs of the other script are marked for isolation."""
    pattern = _LTR_RUN if lang == "ar" else _RTL_RUN
    out: list[tuple[str, bool]] = []
    last = 0
    for match in pattern.finditer(text):
        run = match.group().rstrip(_TRAILING)  # a sentence's own final mark stays outside
        if not run:
            continue
        if match.start() > last:
            out.append((text[last : match.start()], False))
        out.append((run, True))
        last = match.start() + len(run)
    if last < len(text):
        out.append((text[last:], False))
    return out or [("", False)]


def segments(text: str, lang: str) -> tuple[Segment, ...]:
    """The runs as Segments, for templates that loop over them (headings, source lines)."""
    return tuple(Segment(run, isolate) for run, isolate in runs(text, lang))


def isolated_html(text: str, lang: str) -> str:
    """The text escaped, with runs of the other script wrapped in `<bdi>`."""
    if not (_LTR_RUN if lang == "ar" else _RTL_RUN).search(text):
        return escape(text)
    return "".join(
        f"<bdi>{escape(run)}</bdi>" if iso else escape(run) for run, iso in runs(text, lang)
    )


_DIRECTION = {"ar": "rtl"}


def direction(lang: str) -> str:
    return _DIRECTION.get(lang, "ltr")
