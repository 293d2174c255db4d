"""What changed between two statements that say the same thing: their figures, side by side.

A change is a claim the site makes, so it is made only where the figures say so: two figures
are compared only when they measure the same thing (one metric of the vocabulary, or where
neither names one, the same label in the document's words), in one scope, one unit and
currency, one reading (adjusted or as reported) and one kind of period, and their periods
differ (a figure with no period written stands at its snapshot's year). A figure written as
an earlier period's value ("up from $15.79 billion"), as an increment ("a further $500
million") or as a change ("up 5%", percentage points) is never compared: it is not a level.
Within those rules figures pair in the order written; a pair whose values differ is a change,
with its relative size (`+6.7%`) or, between percentages, its difference in points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from app.periods import kind_of

#: Qualifiers of a figure that is not a level of what it measures.
NOT_LEVELS = frozenset({"earlier", "increment", "change"})


class Written(Protocol):
    """A figure as the database gives it (app.db.queries.FigureRow has these)."""

    @property
    def value(self) -> int | float: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def currency(self) -> str | None: ...
    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str | None: ...
    @property
    def metric(self) -> str | None: ...
    @property
    def scope(self) -> str | None: ...
    @property
    def period(self) -> str | None: ...
    @property
    def qualifiers(self) -> tuple[str, ...]: ...


@dataclass(frozen=True, slots=True)
class Change:
    before: str  # as written in the first snapshot
    after: str  # as written in the second
    before_value: int | float
    after_value: int | float
    unit: str | None
    relative: float | None  # (after - before) / before; None from 0, or between percentages
    points: float | None  # after - before, between percentages
    before_span: tuple[int, int] = (0, 0)  # where each is written in its statement
    after_span: tuple[int, int] = (0, 0)


Key = tuple[str, str, str | None, str | None, bool, str | None]


def measure(f: Written, year: int) -> tuple[Key, str] | None:
    """What a figure measures, as far as comparing goes, and its period (its snapshot's year
    where none is written); None where it is not a level or says too little."""
    if f.unit in ("quarter", "pp") or NOT_LEVELS.intersection(f.qualifiers):
        return None
    if f.metric:
        what = f.metric
    elif f.label and f.label.strip():
        what = "label:" + " ".join(f.label.casefold().split())
    else:
        return None
    period = f.period or str(year)
    scope = " ".join((f.scope or "").casefold().split())
    adjusted = "adjusted" in f.qualifiers
    return (what, scope, f.unit, f.currency, adjusted, kind_of(period)), period


def changes(
    first: Sequence[Written], second: Sequence[Written], year_a: int, year_b: int
) -> list[Change]:
    """The figures of two paired statements (of snapshots `year_a` and `year_b`) that
    changed, in the first's order. A figure the other statement writes too, of the same value
    and measure, is unchanged wherever it stands (`revenue $3bn, profit $1bn` and `profit
    $1bn, revenue $3.2bn`: only $3bn → $3.2bn). Two values for one period are not a change."""
    waiting: dict[Key, list[tuple[Written, str]]] = {}
    for g in second:
        found = measure(g, year_b)
        if found is not None:
            waiting.setdefault(found[0], []).append((g, found[1]))
    left: list[tuple[Written, Key, str]] = []
    for f in first:
        found = measure(f, year_a)
        if found is None:
            continue
        key, period = found
        queue = waiting.get(key, [])
        twin = next((g for g in queue if same(f.value, g[0].value)), None)
        if twin is not None:
            queue.remove(twin)
        else:
            left.append((f, key, period))
    out: list[Change] = []
    for f, key, period in left:
        rest = waiting.get(key)  # the second's figures of f's measure not yet used
        if not rest:
            continue
        g, other = rest.pop(0)
        if other == period:
            continue  # one period, two values: the documents differ, nothing changed
        percent = f.unit == "%"
        relative = None if percent or f.value == 0 else (g.value - f.value) / abs(f.value)
        points = round(g.value - f.value, 6) if percent else None
        out.append(
            Change(
                f.text, g.text, f.value, g.value, f.unit, relative, points,
                (f.start, f.end), (g.start, g.end),
            )
        )  # fmt: skip
    return out


def same(x: float, y: float) -> bool:
    """One value, however it was written ($1.5 billion, $1,500 million)."""
    return abs(x - y) <= 1e-9 * max(abs(x), abs(y), 1.0)
