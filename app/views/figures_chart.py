"""A series drawn as a chart: geometry in plain numbers, for templates/partials/figures_chart.svg.

One series, one axis: a series holds one unit and currency (app.views.figures_model), so no
chart mixes them. Time runs left to right in both interface languages, as the years and
figures it labels are written. Each value is a dot that links to the lines that state it; a
projection is a hollow dot on a dashed line; a period whose documents disagree shows every
value, ringed, with no line through it; a value whose period is its snapshot's year (the
document writes none) is drawn like the others and named so in its title and the table.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from babel.dates import format_date
from babel.numbers import format_compact_currency, format_compact_decimal

from app.periods import place
from app.views.figures_model import Period, Point, Series
from app.views.i18n import N_, Interface

#: A chart's sizes in CSS pixels, drawn 1:1 so its words keep the page's size: a screen's,
#: and a phone's (the page shows the one that fits).
WIDE = (640, 260)
NARROW = (350, 220)
LEFT, RIGHT, TOP, BOTTOM = 72, 20, 16, 40
#: Period labels under the axis, about one per 80 pixels; past that, every other one...
X_LABEL_WIDTH = 80


@dataclass(frozen=True, slots=True)
class Dot:
    x: float
    y: float
    href: str  # the lines that state it
    title: str  # what it is, for a pointer's hover and a screen reader
    projected: bool
    conflict: bool

    @property
    def classes(self) -> str:
        return " ".join(
            [
                "dot",
                *(["projected"] if self.projected else []),
                *(["conflict"] if self.conflict else []),
            ]
        )


@dataclass(frozen=True, slots=True)
class Tick:
    at: float
    label: str


@dataclass(slots=True)
class Chart:
    title: str
    description: str
    width: int
    height: int
    left: int = LEFT
    top: int = TOP
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # path data, stated values
    projected_lines: list[str] = field(default_factory=list)
    spans: list[tuple[float, float, float]] = field(default_factory=list)  # a range: x1, x2, y
    dots: list[Dot] = field(default_factory=list)

    @property
    def right(self) -> int:
        return self.width - RIGHT

    @property
    def bottom(self) -> int:
        return self.height - BOTTOM


def period_label(key: str, ui: Interface) -> str:
    """A period key as a reader reads it, in the interface's language."""
    placed = place(key)
    if placed is None:
        return key
    if placed.kind == "quarter":
        return ui.gettext(N_("Q%(quarter)s %(year)s")) % {"quarter": key[5], "year": key[:4]}
    if placed.kind == "fiscal":
        return ui.gettext(N_("FY%(year)s")) % {"year": key[2:]}
    if placed.kind == "range":
        return f"{key[:4]}–{key[5:]}"
    if placed.kind == "date":
        day = dt.date.fromisoformat(key)
        return format_date(day, "d MMM y", locale=ui.locale)
    return key


def value_label(value: float, unit: str, currency: str, ui: Interface, digits: int = 1) -> str:
    """A value in short form ("$37.9B", "37.9 مليار US$", "84.8%"), `digits` after the
    point at most."""
    if unit == "%":
        return f"{value:.4g}%"
    if currency:
        return format_compact_currency(value, currency, locale=ui.locale, fraction_digits=digits)
    return format_compact_decimal(value, locale=ui.locale, fraction_digits=digits)


def _nice_step(span: float, ticks: int = 4) -> float:
    raw = span / ticks
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def draw(
    one: Series,
    title: str,
    description: str,
    ui: Interface,
    href: dict[int, str],
    size: tuple[int, int] = WIDE,
) -> Chart:
    """The chart of `one` at `size`; `href` maps id(point) to the address its dot links."""
    chart = Chart(title, description, *size)
    periods = one.periods
    start = min(p.placed.start for p in periods)
    end = max(p.placed.end for p in periods)
    if end - start < 0.5:  # dates: half a year either side of one day
        start, end = start - 0.25, end + 0.25
    pad = (end - start) * 0.04
    start, end = start - pad, end + pad
    values = [v.value for p in periods for v in p.values]
    low, high = min(0.0, min(values)), max(0.0, max(values))
    if high == low:
        high = low + 1
    step = _nice_step(high - low)
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step

    def x(at: float) -> float:
        return round(chart.left + (at - start) / (end - start) * (chart.right - chart.left), 1)

    def y(value: float) -> float:
        return round(chart.bottom - (value - low) / (high - low) * (chart.bottom - chart.top), 1)

    k = round(low / step)
    while k * step <= high + step / 1e6:
        chart.y_ticks.append(
            Tick(y(k * step), value_label(k * step, one.key.unit, one.key.currency, ui))
        )
        k += 1
    labels = max(2, (chart.right - chart.left) // X_LABEL_WIDTH)
    every = max(1, math.ceil(len(periods) / labels))
    for i, period in enumerate(periods):
        if i % every == 0:
            chart.x_ticks.append(Tick(x(period.placed.middle), period_label(period.key, ui)))
    for period in periods:
        at = x(period.placed.middle)
        for value in period.values:
            if period.placed.kind == "range":
                chart.spans.append((x(period.placed.start), x(period.placed.end), y(value.value)))
            for point in value.points[:1]:  # one dot a value; the table lists every statement
                chart.dots.append(
                    Dot(
                        at, y(value.value), href[id(point)],
                        _dot_title(period, value.points, ui), value.projected, period.conflict,
                    )
                )  # fmt: skip
    _join(chart, periods, x, y)
    return chart


def _join(
    chart: Chart,
    periods: list[Period],
    x: Callable[[float], float],
    y: Callable[[float], float],
) -> None:
    """Lines between neighbouring periods that each hold one value, where nothing lies
    between them (a line across years with no value would draw values nobody stated; dates
    are instants, joined in turn): solid between stated values, dashed to or between
    projections; none through a conflict."""
    previous: tuple[float, float, bool] | None = None
    last: Period | None = None
    for period in periods:
        adjacent = last is not None and (
            period.placed.kind == "date" or period.placed.start - last.placed.end < 1e-6
        )
        last = period
        if period.conflict:
            previous = None
            continue
        value = period.values[0]
        here = (x(period.placed.middle), y(value.value), value.projected)
        if previous is not None and adjacent:
            segment = f"M{previous[0]},{previous[1]} L{here[0]},{here[1]}"
            target = chart.projected_lines if previous[2] or here[2] else chart.lines
            target.append(segment)
        previous = here


def _dot_title(period: Period, points: list[Point], ui: Interface) -> str:
    """What a dot is, all in the interface's language (an accessible name has one
    language): the value in its short form; the table under the chart has it as written."""
    first = points[0]
    key = first.key
    written = value_label(first.value, key.unit, key.currency, ui, digits=2)
    text = f"{period_label(period.key, ui)}: {written}"
    if first.projected:
        text += " · " + ui.gettext(N_("projected"))
    if period.conflict:
        text += " · " + ui.gettext(N_("the documents differ"))
    if first.assumed:
        text += " · " + ui.gettext(N_("the snapshot's year (no period written)"))
    return text
