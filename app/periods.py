"""What a period key (app.figure_meaning.Period.key) stands for: its kind, and where it falls.

The loader writes a period as a short key: "2015", "2025Q3", "FY2024", "2014/2016",
"2025-06-30". The site needs two things from it: whether two periods are of one kind (a
year's revenue and a quarter's are different quantities, never one series nor a change), and
where a period falls on a time axis. A key it cannot place (a quarter written without its
year, a date that is no date) has no place: it is listed, never charted.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal, NamedTuple

PeriodKind = Literal["year", "quarter", "fiscal", "range", "date"]

_YEAR = re.compile(r"(?P<y>[0-9]{4})")
_QUARTER = re.compile(r"(?P<y>[0-9]{4})Q(?P<q>[1-4])")
_FISCAL = re.compile(r"FY(?P<y>[0-9]{4})")
_RANGE = re.compile(r"(?P<y>[0-9]{4})/(?P<y2>[0-9]{4})")
_DATE = re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})")


class Placed(NamedTuple):
    """A period on a time axis: `start` to `end` in years (2015.0 to 2016.0 for 2015)."""

    kind: PeriodKind
    start: float
    end: float

    @property
    def middle(self) -> float:
        return (self.start + self.end) / 2


def place(key: str | None) -> Placed | None:
    """Where a period key falls, or None when it cannot be placed."""
    if not key:
        return None
    if m := _YEAR.fullmatch(key):
        y = int(m["y"])
        return Placed("year", y, y + 1)
    if m := _QUARTER.fullmatch(key):
        y, q = int(m["y"]), int(m["q"])
        return Placed("quarter", y + (q - 1) / 4, y + q / 4)
    if m := _FISCAL.fullmatch(key):  # a fiscal year's months are not written: its year
        y = int(m["y"])
        return Placed("fiscal", y, y + 1)
    if m := _RANGE.fullmatch(key):
        y, y2 = int(m["y"]), int(m["y2"])
        return Placed("range", y, y2 + 1) if y < y2 else None
    if m := _DATE.fullmatch(key):
        try:
            day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            return None
        at = day.year + (day.timetuple().tm_yday - 0.5) / 366
        return Placed("date", at, at)
    return None


def kind_of(key: str | None) -> PeriodKind | None:
    placed = place(key)
    return placed.kind if placed else None
