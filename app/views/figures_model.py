"""Figures as data a reader can follow: a company's series over time, a snapshot's key figures.

Pure: the stored figures that name a metric in (app.db.queries.StatedFigure), plain data out.
What the site derives here is a claim too, so it derives little and only what the figures
say:

- A figure is a *level* (a point of a series) unless it is written as an increment ("a further
  $500 million"), a change ("up 5%", percentage points) or an earlier value whose period the
  document does not write ("up from $15.79 billion": when?). An earlier value whose period is
  written ("up from $34.91 billion in 2014") is that period's value.
- A figure whose document writes no period stands at its snapshot's year, marked so.
- A series holds one metric, one scope, one unit and currency, one kind of period (a year's
  revenue and a quarter's are different quantities) and one reading (adjusted or as
  reported): only such figures are ever set side by side or compared.
- Within a series, figures of one period that agree are one value with several citations; that
  disagree are a conflict, shown as such, never resolved by choosing one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from app.compare.changes import same
from app.db.queries import StatedFigure
from app.figure_meaning import Vocabulary, vocabulary
from app.periods import PeriodKind, Placed, place

#: Written as a step, not a level: never a point, never compared.
NOT_LEVELS = frozenset({"increment", "change"})
#: Another reading of the same metric: its own series.
READINGS = ("adjusted",)
#: The order period kinds are listed in, within one metric.
KIND_ORDER: dict[PeriodKind, int] = {"year": 0, "fiscal": 1, "quarter": 2, "date": 3, "range": 4}
#: The figures a company's page reads at most (a company of many long documents): the page
#: says when it shows the first of more.
FIGURES_READ = 5000
#: A snapshot's figures read for its key figures, at most (in reading order).
SNAPSHOT_FIGURES_READ = 2000
#: The key figures box holds at most this many metrics.
KEY_FIGURES = 8


@dataclass(frozen=True, slots=True)
class Point:
    """One figure as a value of its metric at a period."""

    stated: StatedFigure
    period: str  # its period key; the snapshot's year where the document writes none
    placed: Placed
    assumed: bool  # the period is the snapshot's year: the document writes none

    @property
    def value(self) -> float:
        return float(self.stated.figure.value)

    @property
    def qualifiers(self) -> tuple[str, ...]:
        return self.stated.figure.qualifiers

    @property
    def projected(self) -> bool:
        return "projected" in self.qualifiers

    @property
    def metric(self) -> str:
        return self.stated.figure.metric or ""

    @property
    def reading(self) -> str:
        return next((r for r in READINGS if r in self.qualifiers), "")

    @property
    def key(self) -> SeriesKey:
        f = self.stated.figure
        scope = " ".join((f.scope or "").casefold().split())
        return SeriesKey(
            self.metric, scope, f.unit or "", f.currency or "", self.placed.kind, self.reading
        )


@dataclass(frozen=True, slots=True, order=True)
class SeriesKey:
    """What two figures must share to be one series (and so ever compared)."""

    metric: str
    scope: str  # case-folded; "" for the company as a whole
    unit: str  # "%" or ""
    currency: str
    kind: PeriodKind
    reading: str  # "adjusted" or "" (as reported)

    @property
    def id(self) -> str:
        """A stable name for the series in addresses: its metric and period kind, and a short
        digest of the rest where there is more (a scope, a currency, a reading)."""
        rest = "\x1f".join((self.scope, self.unit, self.currency, self.reading))
        if not rest.strip("\x1f"):
            return f"{self.metric}.{self.kind}"
        digest = hashlib.sha256(rest.encode()).hexdigest()[:8]
        return f"{self.metric}.{self.kind}.{digest}"


def level(stated: StatedFigure) -> Point | None:
    """The figure as a point of its metric's series, or None where it is not one."""
    f = stated.figure
    if not f.metric or f.unit in ("pp", "quarter") or NOT_LEVELS.intersection(f.qualifiers):
        return None
    if f.bound is not None:
        return None  # one end of a range ("$5–6 billion"): not a value the metric took
    if f.period is None:
        if "earlier" in f.qualifiers or "projected" in f.qualifiers:
            return None  # "up from X", "we expect X": not the snapshot's, and when is unwritten
        key, assumed = str(stated.year), True
    else:
        key, assumed = f.period, False
    placed = place(key)
    if placed is None:
        return None
    return Point(stated, key, placed, assumed)


@dataclass(slots=True)
class Value:
    """One value a series takes at a period, and every statement that writes it."""

    value: float
    points: list[Point] = field(default_factory=list)

    @property
    def first(self) -> Point:
        return self.points[0]

    @property
    def projected(self) -> bool:
        return all(p.projected for p in self.points)


@dataclass(slots=True)
class Period:
    """A period of a series: its values (more than one is a conflict)."""

    key: str
    placed: Placed
    values: list[Value] = field(default_factory=list)

    @property
    def conflict(self) -> bool:
        """Stated values that differ (a projection beside a stated value is no conflict: it
        is drawn as a projection), or, where nothing is stated, projections that differ."""
        stated = [v for v in self.values if not v.projected]
        return len(stated) > 1 or (not stated and len(self.values) > 1)

    @property
    def assumed(self) -> bool:
        return all(p.assumed for v in self.values for p in v.points)


@dataclass(slots=True)
class Series:
    key: SeriesKey
    periods: list[Period] = field(default_factory=list)

    @property
    def points(self) -> list[Point]:
        return [p for period in self.periods for v in period.values for p in v.points]

    @property
    def label(self) -> str | None:
        """The scope as the first statement writes it (None for the company as a whole)."""
        return self.points[0].stated.figure.scope if self.key.scope else None


def metric_name(metric: str, lang: str) -> str:
    """A metric's name in `lang` (app/metrics.toml), English where it has none."""
    found = vocabulary().metrics.get(metric)
    return found.names.get(lang, found.names["en"]) if found else metric


def series(figures: Iterable[StatedFigure], vocab: Vocabulary | None = None) -> list[Series]:
    """Every series the figures make, in the vocabulary's order of metrics (the most
    important first), then as reported before adjusted, the company as a whole before its
    scopes, then by period kind; each series's periods in time order."""
    vocab = vocab or vocabulary()
    found: dict[SeriesKey, Series] = {}
    for stated in figures:
        point = level(stated)
        if point is None:
            continue
        one = found.setdefault(point.key, Series(point.key))
        period = next((p for p in one.periods if p.key == point.period), None)
        if period is None:
            period = Period(point.period, point.placed)
            one.periods.append(period)
        value = next((v for v in period.values if same(v.value, point.value)), None)
        if value is None:
            value = Value(point.value)
            period.values.append(value)
        value.points.append(point)
    order = {key: i for i, key in enumerate(vocab.metrics)}
    for one in found.values():
        one.periods.sort(key=lambda p: (p.placed.start, p.placed.end, p.key))
    return sorted(
        found.values(),
        key=lambda s: (
            order.get(s.key.metric, len(order)),
            s.key.reading,
            s.key.scope != "",
            KIND_ORDER[s.key.kind],
            s.key,
        ),
    )


Rank = tuple[bool, bool, bool, bool, float, int, int]


def ranked(figures: Sequence[StatedFigure], year: int) -> dict[str, list[tuple[Rank, Point]]]:
    """A snapshot's company-wide levels by metric, each metric's best first: as reported
    before adjusted, stated before projected, a period written before the snapshot's year
    assumed, within the snapshot's year before any other, then the latest, then the first
    written. Earlier values ("up from") are the past, not the snapshot: left out."""
    found: dict[str, list[tuple[Rank, Point]]] = {}
    for i, stated in enumerate(figures):
        point = level(stated)
        if point is None or stated.figure.scope or "earlier" in point.qualifiers:
            continue
        within = point.placed.start >= year and point.placed.end <= year + 1
        rank: Rank = (
            point.reading != "",
            point.projected,
            point.assumed,
            not within,
            -point.placed.end,
            KIND_ORDER[point.placed.kind],
            i,
        )
        found.setdefault(point.metric, []).append((rank, point))
    for points in found.values():
        points.sort(key=lambda found: found[0])
    return found


def key_figures(
    figures: Sequence[StatedFigure], year: int, vocab: Vocabulary | None = None
) -> list[Point]:
    """A snapshot's key figures: per metric, in the vocabulary's order, at most
    `KEY_FIGURES`, the company-wide figure that best stands for the snapshot (`ranked`)."""
    vocab = vocab or vocabulary()
    by_metric = ranked(figures, year)
    order = [m for m in vocab.metrics if m in by_metric]
    return [by_metric[m][0][1] for m in order[:KEY_FIGURES]]


def conflicted(figures: Sequence[StatedFigure], year: int, points: Sequence[Point]) -> set[str]:
    """The metrics of `points` whose snapshot states another value of the point's series for
    its period: a key figure says so rather than pass for the only one."""
    by_metric = ranked(figures, year)
    return {p.metric for p in points if _differs(by_metric.get(p.metric, []), p)}


@dataclass(frozen=True, slots=True)
class Paired:
    """One metric in two snapshots: each one's figure (None where it states none) and, where
    they are of one series and of different periods, the change from the first to the
    second."""

    metric: str
    a: Point | None
    b: Point | None
    comparable: bool
    conflict: bool = False  # a snapshot states other values for the same period: no change

    @property
    def relative(self) -> float | None:
        if not self.comparable or self.a is None or self.b is None or self.a.key.unit == "%":
            return None
        return None if self.a.value == 0 else (self.b.value - self.a.value) / abs(self.a.value)

    @property
    def points(self) -> float | None:
        """Between percentages: the difference in points."""
        if not self.comparable or self.a is None or self.b is None or self.a.key.unit != "%":
            return None
        return round(self.b.value - self.a.value, 6)


def _differs(points: list[tuple[Rank, Point]], point: Point) -> bool:
    """The snapshot states another value of `point`'s series for its period (a projection
    differs from a projection, a stated value from a stated one)."""
    return any(
        q.key == point.key
        and q.period == point.period
        and q.projected == point.projected
        and not same(q.value, point.value)
        for _, q in points
    )


#: The side by side lists at most this many metrics: those both snapshots state first.
SIDE_BY_SIDE = 12


def side_by_side(
    figures_a: Sequence[StatedFigure],
    year_a: int,
    figures_b: Sequence[StatedFigure],
    year_b: int,
    vocab: Vocabulary | None = None,
) -> list[Paired]:
    """Two snapshots' key figures by metric (a metric is language-free): for a metric both
    state, the best pair of one series and of different periods where there is one (then it
    has a change), else each snapshot's own key figure (then it has none)."""
    vocab = vocab or vocabulary()
    ranked_a, ranked_b = ranked(figures_a, year_a), ranked(figures_b, year_b)
    both: list[Paired] = []
    one: list[Paired] = []
    for metric in vocab.metrics:
        in_a, in_b = ranked_a.get(metric), ranked_b.get(metric)
        if not in_a and not in_b:
            continue
        if in_a and in_b:
            best_b: dict[SeriesKey, Point] = {}
            for _, q in in_b:
                best_b.setdefault(q.key, q)
            pair = next(
                (
                    (p, best_b[p.key])
                    for _, p in in_a
                    if p.key in best_b and best_b[p.key].period != p.period
                ),
                None,
            )
            if pair is not None:
                conflict = _differs(in_a, pair[0]) or _differs(in_b, pair[1])
                both.append(Paired(metric, pair[0], pair[1], not conflict, conflict))
            else:
                both.append(Paired(metric, in_a[0][1], in_b[0][1], False))
        else:
            one.append(
                Paired(metric, in_a[0][1] if in_a else None, in_b[0][1] if in_b else None, False)
            )
    return (both + one)[:SIDE_BY_SIDE]
