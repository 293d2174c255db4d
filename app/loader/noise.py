"""What in a document is noise, kept as data in one place.

Each rule is a name (shown in `canvas check` and counted in reports) and a pattern. Rules
are deliberately narrow: a generic "Label: text" filter would also eat real statements such
as "Q1 2025 MCR was 82.2%" or "إجمالي الأصول: 218.3 مليار دولار".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WEEKDAY_NAMES = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "Mon", "Tues", "Tue", "Wed", "Thurs", "Thu", "Fri",
)  # fmt: skip
_DEADLINE_WORDS = ("next ", "this ", "end of ", "EOD ")
_WEEKDAYS = f"(?:{'|'.join(_WEEKDAY_NAMES)})"
_DEADLINE = rf"by (?:{'|'.join(_DEADLINE_WORDS)})?{_WEEKDAYS}\.?"
_WORD = r"[A-Z][A-Za-z&]*"
# A to-do is anchored at both ends: a team label and a lowercase verb ("Finance: draft"),
# and a weekday deadline closing the line ("by Friday."). Real statements of the form
# "Label: text" ("Revenue: $5 billion in 2024.") have no such deadline.
_TASK = rf": [a-z]+ [^\n]{{1,200}}? {_DEADLINE}"

#: An internal to-do that leaked into the page, e.g. "Finance: draft 13-week cash view by Friday."
TASK_LINE = re.compile(rf"{_WORD}(?: {_WORD}){{0,2}}{_TASK}")


@dataclass(frozen=True, slots=True)
class NoiseRule:
    name: str
    pattern: re.Pattern[str]


#: Whole lines inside a block that are never claims.
LINE_RULES: tuple[NoiseRule, ...] = (
    NoiseRule("task line", re.compile(rf"^\s*{TASK_LINE.pattern}\s*$")),
    NoiseRule("stray pipe", re.compile(r"^\s*\|+\s*$")),
    NoiseRule("image", re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$")),
    NoiseRule("horizontal rule", re.compile(r"^\s*+(?:\*\s*+){3,}+$|^\s*+(?:_\s*+){3,}+$")),
)

#: Lines before the first block heading: all dropped, these name why. Only there: inside
#: a block, "Professional design services launched in 2023." is a statement.
PREAMBLE_RULES: tuple[NoiseRule, ...] = (
    NoiseRule(
        "marketing",
        re.compile(
            r"(?i:^\s*+(?:[-*]\s*+)?+(?:[✓✔☑]\s*+)?+(?:"
            r"Fully Editable\b|Professional Design\b|Investor[- ]Approved\b|MAC\s*/\s*PC\b|"
            r"No Expertise Is Needed\b|Instant Download\b|Ready[- ]to[- ]Use\b|"
            r"Download (?:Now|Instantly)\b|Buy Now\b|Add to Cart\b))",
        ),
    ),
)

#: A task line glued to the end of a real sentence: the sentence stays, the suffix goes.
#: One-word label here, so the sentence's own capitalised words are never taken with it.
TASK_SUFFIX = re.compile(rf"(?<=\S)\s+{_WORD}{_TASK}\s*$")


def _reversed(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(word[::-1]) for word in words)


#: `TASK_SUFFIX` spelled backwards, matched on the reversed text. The deadline that ends the
#: text comes first, so there is one attempt, and the widest gap is tried first, so it finds
#: the label `TASK_SUFFIX.search` would (the leftmost). Searched forwards, every "Label: verb "
#: in the text started an attempt that read on for up to 200 characters.
_TASK_SUFFIX_REVERSED = re.compile(
    rf"\s*\.?(?:{_reversed(_WEEKDAY_NAMES)})(?:{_reversed(_DEADLINE_WORDS)})? yb "
    r"[^\n]{1,200} [a-z]+ :[A-Za-z&]*[A-Z]\s+(?=\S)"
)

#: The line that opens the closing disclaimer; it and everything after it are noise.
DISCLAIMER = re.compile(  # possessive: `\s*:?\s*` would try every split of a run of spaces
    r"^\s*+(?:#++\s*+)?+(?:Disclaimer|Legal Disclaimer|إخلاء المسؤولية|إخلاء مسؤولية)\s*+:?+\s*+$",
    re.IGNORECASE,
)


def _alternation(rules: tuple[NoiseRule, ...]) -> re.Pattern[str]:
    """One match instead of one per rule: this runs for every line of every page."""
    return re.compile("|".join(f"(?P<r{i}>{r.pattern.pattern})" for i, r in enumerate(rules)))


_ANY_LINE_RULE = _alternation(LINE_RULES)
_RULE_STARTS = "|!*_"  # how a stray pipe, an image or a rule begins; task lines have ": "
_ANY_PREAMBLE_RULE = _alternation(PREAMBLE_RULES)


def is_disclaimer(line: str) -> bool:
    return len(line) <= 40 and DISCLAIMER.match(line) is not None


def noise_reason(line: str) -> str | None:
    """Why a whole line inside the content is noise, or None when it is not."""
    first = line.lstrip()[:1]
    if first not in _RULE_STARTS and (": " not in line or " by " not in line):
        return None  # no rule can match: skip the regex on most lines
    match = _ANY_LINE_RULE.match(line)
    if match is None or match.lastgroup is None:
        return None
    return LINE_RULES[int(match.lastgroup[1:])].name


def preamble_reason(line: str) -> str:
    """Why a preamble line is dropped: a named rule, or plain "preamble"."""
    match = _ANY_PREAMBLE_RULE.match(line)
    if match is None or match.lastgroup is None:
        return noise_reason(line) or "preamble"
    return PREAMBLE_RULES[int(match.lastgroup[1:])].name


def strip_task_suffix(text: str) -> tuple[str, bool]:
    """The sentence without a trailing task line, and whether one was removed."""
    if " by " not in text or ": " not in text:  # cheap test first: this runs on every claim
        return text, False
    match = _TASK_SUFFIX_REVERSED.match(text[::-1])
    if match is None:
        return text, False
    return text[: len(text) - match.end()].rstrip(), True
