"""What changed between two statements that say the same thing: their figures, side by side.

Figures pair up by kind (the same unit and currency), in the order written; a pair whose
values differ is a change, with its relative size (`+6.7%`) or, between percentages, its
difference in points. Quarters and a range's bounds are read as they are, not as amounts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


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


def changes(first: Sequence[Written], second: Sequence[Written]) -> list[Change]:
    """The figures of two paired statements that differ, in the first's order. A figure
    the other statement writes too, of the same value, is unchanged wherever it stands
    (`revenue $3bn, profit $1bn` and `profit $1bn, revenue $3.2bn`: only $3bn → $3.2bn)."""
    waiting: dict[tuple[str | None, str | None], list[Written]] = {}
    for f in second:
        if f.unit != "quarter":
            waiting.setdefault((f.unit, f.currency), []).append(f)
    left: list[Written] = []
    for f in first:
        if f.unit == "quarter":
            continue
        queue = waiting.get((f.unit, f.currency), [])
        same = next((g for g in queue if _same(f.value, g.value)), None)
        if same is not None:
            queue.remove(same)
        else:
            left.append(f)
    out: list[Change] = []
    for f in left:
        rest = waiting.get((f.unit, f.currency))  # the second's figures of f's kind not yet used
        if not rest:
            continue
        g = rest.pop(0)
        percent = f.unit in ("%", "pp")
        relative = None if percent or f.value == 0 else (g.value - f.value) / abs(f.value)
        points = round(g.value - f.value, 6) if percent else None
        out.append(
            Change(
                f.text, g.text, f.value, g.value, f.unit, relative, points,
                (f.start, f.end), (g.start, g.end),
            )
        )  # fmt: skip
    return out


def _same(x: float, y: float) -> bool:
    return abs(x - y) <= 1e-9 * max(abs(x), abs(y), 1.0)
