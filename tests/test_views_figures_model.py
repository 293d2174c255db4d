"""Figures as series, key figures and side by side: what is a level, what is one series, what
is a conflict, which figure stands for a snapshot, and when two snapshots' figures compare
(known answers written here)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.db.queries import FigureRow, StatedFigure
from app.views.figures_model import conflicted, key_figures, level, series, side_by_side


def stated(
    value: float,
    metric: str | None = "revenue",
    period: str | None = None,
    *qualifiers: str,
    year: int = 2023,
    scope: str | None = None,
    currency: str | None = "USD",
    unit: str | None = None,
    text: str = "",
    line: int = 1,
) -> StatedFigure:
    figure = FigureRow(
        value, unit, currency, None, None, text or str(value), 0, 1,
        label=metric, metric=metric, scope=scope, period=period, qualifiers=qualifiers,
    )  # fmt: skip
    return StatedFigure(figure, year, "revenue-streams", f"a{line}", line, "en", "doc", line, line)


def test_what_is_a_level_of_its_series() -> None:
    assert level(stated(5, period="2022", year=2023)).period == "2022"
    snapshot = level(stated(5, year=2023))
    assert snapshot is not None and snapshot.period == "2023" and snapshot.assumed
    written = level(stated(5, "revenue", "2014", "earlier"))
    assert written is not None and written.period == "2014"  # "up on $34.91bn in 2014"
    assert level(stated(5, "revenue", None, "earlier")) is None  # "up from $15.79bn": when?
    assert level(stated(5, "revenue", "2023", "increment")) is None  # "a further $500m"
    assert level(stated(5, "revenue", "2023", "change")) is None  # "up 5%"
    assert level(stated(5, None, "2023")) is None  # no metric
    assert level(stated(5, "revenue", "Q3")) is None  # a quarter without its year


def test_a_series_holds_one_metric_scope_currency_period_kind_and_reading() -> None:
    found = series(
        [
            stated(1, period="2022"),
            stated(2, period="2023"),
            stated(3, period="2023Q1"),  # a quarter: another series
            stated(4, period="2023", scope="Europe"),
            stated(5, period="2023", currency="EUR"),
            stated(6, "revenue", "2023", "adjusted"),
            stated(7, "employees", "2023", currency=None),
        ]
    )
    shapes = [
        (
            s.key.metric,
            s.key.kind,
            s.key.scope,
            s.key.currency,
            s.key.reading,
            [p.key for p in s.periods],
        )
        for s in found
    ]
    assert shapes == [
        ("revenue", "year", "", "EUR", "", ["2023"]),
        ("revenue", "year", "", "USD", "", ["2022", "2023"]),
        ("revenue", "quarter", "", "USD", "", ["2023Q1"]),
        ("revenue", "year", "europe", "USD", "", ["2023"]),
        ("revenue", "year", "", "USD", "adjusted", ["2023"]),
        ("employees", "year", "", "", "", ["2023"]),
    ]
    assert len({s.key.id for s in found}) == len(found)


def test_values_that_agree_are_one_and_values_that_differ_are_a_conflict() -> None:
    (one,) = series(
        [
            stated(69.75e9, period="2025Q3", line=1),
            stated(69.75e9, period="2025Q3", line=2),
            stated(65.5e9, period="2025Q1", line=3),
            stated(70.1e9, period="2025Q3", line=4),
        ]
    )
    q1, q3 = one.periods
    assert (q1.key, q1.conflict) == ("2025Q1", False)
    assert q3.conflict
    assert [(v.value, len(v.points)) for v in q3.values] == [(69.75e9, 2), (70.1e9, 1)]


def test_the_key_figure_is_the_company_wide_stated_value_of_the_snapshot_s_own_period() -> None:
    figures = [
        stated(34.91e9, "revenue", "2014", "earlier", year=2025),
        stated(252e9, "revenue", "2025", "projected", "at least", "adjusted", year=2025),
        stated(65.5e9, "revenue", "2025Q1", year=2025),
        stated(69.75e9, "revenue", "2025Q3", year=2025),
        stated(4.13e9, "revenue", "2025", year=2025, scope="US Commercial"),
        stated(80e9, "revenue", "2026", "projected", year=2025),
        stated(182.2e6, "customers", "2025-06-30", year=2025, currency=None),
        stated(7.5, "net-income", "2025", "projected", year=2025),
    ]
    found = [(p.metric, p.period, p.value) for p in key_figures(figures, 2025)]
    assert found == [
        ("revenue", "2025Q3", 69.75e9),  # stated, within 2025, the latest
        ("net-income", "2025", 7.5),  # a projection where nothing else is stated
        ("customers", "2025-06-30", 182.2e6),
    ]


def test_side_by_side_changes_only_within_one_series_and_between_periods() -> None:
    a = [
        stated(20.16e9, "revenue", None, year=2023),
        stated(12, "employees", None, year=2023, currency=None),
    ]
    b = [
        stated(25.0e9, "revenue", None, year=2024),
        stated(20.16e9, "revenue", None, "earlier", year=2024),
        stated(3e9, "revenue", "2024Q2", year=2024),
        stated(14, "employees", "2024-06-30", year=2024, currency=None),
        stated(9, "net-income", "2024", year=2024),
    ]
    revenue, employees, net_income = side_by_side(a, 2023, b, 2024)
    assert (revenue.metric, revenue.comparable) == ("revenue", True)
    assert revenue.b is not None and revenue.b.value == 25.0e9
    assert revenue.relative == pytest.approx(25.0 / 20.16 - 1)  # +24%, never from $15.79bn
    assert (employees.metric, employees.comparable, employees.relative) == (
        "employees",
        False,
        None,
    )
    assert (net_income.metric, net_income.a, net_income.comparable) == ("net-income", None, False)


def test_percentages_change_by_points_and_one_period_twice_is_no_change() -> None:
    (ratio,) = side_by_side(
        [stated(86.4, "medical-care-ratio", "2022", unit="%", currency=None)], 2023,
        [stated(84.8, "medical-care-ratio", "2024", unit="%", currency=None, year=2024)], 2024,
    )  # fmt: skip
    assert ratio.points == pytest.approx(-1.6) and ratio.relative is None
    (same,) = side_by_side(
        [stated(5e9, "revenue", "2022")], 2023, [stated(6e9, "revenue", "2022", year=2024)], 2024
    )
    assert not same.comparable and same.relative is None


def test_a_snapshot_that_states_two_values_for_one_period_shows_no_change() -> None:
    later = [
        stated(2.62e9, "revenue", "2024", year=2024),
        stated(25e9, "revenue", "2024", year=2024),
    ]
    (revenue,) = side_by_side([stated(20.16e9, "revenue", "2023")], 2023, later, 2024)
    assert revenue.conflict and not revenue.comparable and revenue.relative is None


def test_a_range_and_an_undated_forecast_are_not_levels() -> None:
    bounds = [
        StatedFigure(
            replace(stated(v).figure, period="2016", bound=b),
            2016,
            "revenue-streams",
            "a",
            1,
            "en",
            "d",
            1,
            1,
        )
        for v, b in ((5e9, "low"), (6e9, "high"))
    ]
    assert [level(s) for s in bounds] == [None, None]  # "$5–6 billion": a range, not two values
    assert level(stated(45e9, "revenue", None, "projected")) is None  # "we expect $45bn": when?
    assert level(stated(45e9, "revenue", "2026", "projected")) is not None


def test_a_projection_beside_a_stated_value_is_no_conflict() -> None:
    (one,) = series(
        [stated(40e9, "revenue", "2017", "projected"), stated(38e9, "revenue", "2017", line=2)]
    )
    (period,) = one.periods
    assert not period.conflict and len(period.values) == 2
    (two,) = series(
        [
            stated(40e9, "revenue", "2017", "projected"),
            stated(41e9, "revenue", "2017", "projected", line=2),
        ]
    )
    assert two.periods[0].conflict


def test_a_key_figure_stated_twice_for_its_period_says_so() -> None:
    figures = [
        stated(2.62e9, "revenue", "2024", year=2024),
        stated(25e9, "revenue", "2024", year=2024, line=2),
    ]
    (chosen,) = key_figures(figures, 2024)
    assert conflicted(figures, 2024, [chosen]) == {"revenue"}
    assert conflicted(figures[:1], 2024, key_figures(figures[:1], 2024)) == set()
