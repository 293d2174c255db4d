"""What in a document is noise, kept as data in one place.

Each rule is a name (shown in `canvas check` and counted in reports) and a pattern. Rules
are deliberately narrow: a generic "Label: text" filter would also eat real statements such
as "Q1 2025 MCR was 82.2%" or "إجمالي الأصول: 218.3 مليار دولار".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Wed|Thu|Fri)"
_TEAMS = (
    r"(?:Finance|Legal|Ops|Operations|Sales|Marketing|HR|IT|Product|Engineering|Strategy|"
    r"Compliance|Procurement|Research|Treasury|Audit|Investor Relations|IR|PR|Comms|Design|Data)"
)
_TASK_VERBS = (
    r"(?:draft|prepare|send|review|update|finalise|finalize|circulate|share|check|confirm|"
    r"submit|refresh|reconcile|compile|build)"
)
_DEADLINE = rf"by (?:next |this |end of |EOD )?{_WEEKDAYS}"

#: An internal to-do that leaked into the page, e.g. "Finance: draft 13-week cash view by Friday."
TASK_LINE = re.compile(rf"{_TEAMS}: {_TASK_VERBS} .{{1,200}}? {_DEADLINE}\.?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class NoiseRule:
    name: str
    pattern: re.Pattern[str]


#: Whole lines inside a block that are never claims.
LINE_RULES: tuple[NoiseRule, ...] = (
    NoiseRule("task line", re.compile(rf"^\s*{TASK_LINE.pattern}\s*$", re.IGNORECASE)),
    NoiseRule("stray pipe", re.compile(r"^\s*\|+\s*$")),
    NoiseRule("image", re.compile(r"^\s*!\[[^\]]*\]\([^)]*\)\s*$")),
    NoiseRule("horizontal rule", re.compile(r"^\s*(?:\*\s*){3,}$|^\s*(?:_\s*){3,}$")),
    NoiseRule(
        "marketing",
        re.compile(
            r"^\s*(?:[-*]\s*)?(?:[✓✔☑]\s*)?(?:"
            r"Fully Editable\b|Professional Design\b|Investor[- ]Approved\b|MAC\s*/\s*PC\b|"
            r"No Expertise Is Needed\b|Instant Download\b|Ready[- ]to[- ]Use\b|"
            r"Download (?:Now|Instantly)\b|Buy Now\b|Add to Cart\b)",
            re.IGNORECASE,
        ),
    ),
)

#: A task line glued to the end of a real sentence: the sentence stays, the suffix goes.
TASK_SUFFIX = re.compile(rf"(?<=[.!?؟)%])\s+{TASK_LINE.pattern}\s*$", re.IGNORECASE)

#: The line that opens the closing disclaimer; it and everything after it are noise.
DISCLAIMER = re.compile(
    r"^\s*(?:#+\s*)?(?:Disclaimer|Legal Disclaimer|إخلاء المسؤولية|إخلاء مسؤولية)\s*:?\s*$",
    re.IGNORECASE,
)


# One alternation instead of one match per rule: this runs for every line of every page.
_ANY_RULE = re.compile(
    "|".join(f"(?P<r{i}>{rule.pattern.pattern})" for i, rule in enumerate(LINE_RULES)),
    re.IGNORECASE,
)


def is_disclaimer(line: str) -> bool:
    return len(line) <= 40 and DISCLAIMER.match(line) is not None


def noise_reason(line: str) -> str | None:
    """Why a whole line is noise, or None when it is not."""
    match = _ANY_RULE.match(line)
    if match is None or match.lastgroup is None:
        return None
    return LINE_RULES[int(match.lastgroup[1:])].name


def strip_task_suffix(text: str) -> tuple[str, bool]:
    """The sentence without a trailing task line, and whether one was removed."""
    if " by " not in text or ": " not in text:  # cheap test first: this runs on every claim
        return text, False
    match = TASK_SUFFIX.search(text)
    if match is None:
        return text, False
    return text[: match.start()].rstrip(), True
