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
# "$6,328", "myCigna.com", "50-500", "Q3 2025". A run never ends on a sentence's own final
# mark or a space (the look-behind): "2023." isolates "2023" and leaves "." outside. Each
# pattern is one capturing group, so `split` hands back plain text and runs alternately.
_WORD = r"[A-Za-z0-9$€£%&.,'’/:()+\-]*"
_END = r"(?<![.,:;'’ \t])"
_LTR_RUN = re.compile(rf"([A-Za-z0-9$€£]{_WORD}(?:[ \t]+[A-Za-z0-9$€£&(]{_WORD})*{_END})")
_RTL_RUN = re.compile(rf"([\u0600-\u06ff\u0750-\u077f][\u0600-\u06ff\u0750-\u077f \t،]*{_END})")

# The same Latin runs found in text already escaped (app.views.escaping), so one `split` can
# cut them out: `&` and `'` exist there only as the whole tokens `&amp;` and `&#39;`, a run may
# end on `&amp;` (not on `&#39;`, an apostrophe), and no run starts inside an entity (the
# look-behinds: in plain text a letter or figure never follows another outside a run).
# The look-behinds follow the run's first character rather than lead the pattern: a pattern
# that opens with a character class lets `re` skip ahead to the next Latin letter or figure
# instead of trying every position of an Arabic sentence (a third less time on the seeds).
# tests/test_views_bidi.py checks that both patterns draw the same runs.
_UNIT = r"(?:[A-Za-z0-9$€£%.,’/:()+\-]|&amp;|&#39;)"
_LTR_RUN_ESCAPED = re.compile(
    rf"([A-Za-z0-9$€£](?<![A-Za-z0-9$€£&].)(?<!&#.){_UNIT}*"
    rf"(?:[ \t]+(?:[A-Za-z0-9$€£(]|&amp;){_UNIT}*)*(?:(?<=&amp;)|(?<![.,:;’ \t])))"
)


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    isolate: bool  # wrap in <bdi>: a run in the other direction


def _split(text: str, lang: str) -> list[str]:
    """[plain, run, plain, run, ..., plain]: the runs of the other script at odd places."""
    parts = (_LTR_RUN if lang == "ar" else _RTL_RUN).split(text)
    return _paired(parts) if len(parts) > 1 and _BRACKETS.search(text) else parts


_OPEN, _CLOSE = "([{", ")]}"
_BRACKETS = re.compile(r"[()\[\]{}]")
_TRAILING = " \t.,:"  # what a run never ends on (as _END), once a bracket is cut off


def _paired(parts: list[str]) -> list[str]:
    """The split with no bracket pair cut by an isolate: a run keeps a bracket only with
    its partner, so "(2023)" isolates "2023" with both brackets outside (the paragraph
    mirrors them together) and "Medicare (Part D)" keeps both inside. From the first
    bracket without its partner, the run's end moves to the plain text after it. One pass
    over each run."""
    for i in range(1, len(parts), 2):
        run = parts[i]
        if _BRACKETS.search(run) is None:
            continue
        cut, opened = len(run), []
        for j, char in enumerate(run):
            if char in _OPEN:
                opened.append(j)
            elif char in _CLOSE:
                if not opened:
                    cut = j
                    break
                opened.pop()
        if opened:
            cut = min(cut, opened[0])
        if cut == len(run):
            continue
        keep = run[:cut].rstrip(_TRAILING)  # (an entity ends in ";": never cut into)
        parts[i], parts[i + 1] = keep, run[len(keep) :] + parts[i + 1]
    return parts


def runs(text: str, lang: str) -> list[tuple[str, bool]]:
    """The text as (run, isolate) pairs; runs of the other script are marked for isolation."""
    found = [(part, i % 2 == 1) for i, part in enumerate(_split(text, lang)) if part]
    return found or [("", False)]


def segments(text: str, lang: str) -> tuple[Segment, ...]:
    """The runs as Segments, for templates that loop over them (source lines, quotes)."""
    return tuple(Segment(run, isolate) for run, isolate in runs(text, lang))


def isolated_html(text: str, lang: str) -> str:
    """The text escaped, with runs of the other script wrapped in `<bdi>`."""
    if lang != "ar" and text.isascii():  # no Arabic letter to isolate: skip the regex
        return escape(text)
    pattern = _LTR_RUN_ESCAPED if lang == "ar" else _RTL_RUN  # Arabic runs hold no entity
    parts = pattern.split(escape(text))  # (a `sub` template is expanded in Python per match)
    if len(parts) > 1:
        if _BRACKETS.search(text):
            _paired(parts)
        parts[1::2] = [f"<bdi>{run}</bdi>" if run else "" for run in parts[1::2]]
    return "".join(parts)


_DIRECTION = {"ar": "rtl"}


def direction(lang: str) -> str:
    return _DIRECTION.get(lang, "ltr")
