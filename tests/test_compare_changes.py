"""What changed between two paired statements: figures of one measure and kind of period, of
different periods, whose values differ; never an earlier value, an increment or a change."""

from __future__ import annotations

import pytest

from app.compare.changes import Change, changes
from app.db.queries import FigureRow
from app.figure_meaning import Context, meanings
from app.figures import figures


def stored(text: str, lang: str, year: int) -> list[FigureRow]:
    """The figures of `text` as the loader stores them (the snapshot's year is not stored)."""
    read = figures(text, lang)
    rows = []
    for f, m in zip(read, meanings(text, read, Context("paragraph", lang, year)), strict=True):
        period = m.period.key if m.period and m.period.source != "snapshot" else None
        rows.append(
            FigureRow(
                f.value, f.unit, f.currency, f.scale, f.bound, f.text, f.start, f.end,
                m.label, m.metric, m.scope, period, None, None, m.qualifiers,
            )
        )  # fmt: skip
    return rows


def between(
    first: str,
    second: str,
    lang_a: str = "en",
    lang_b: str = "en",
    years: tuple[int, int] = (2023, 2024),
) -> list[Change]:
    a, b = years
    return changes(stored(first, lang_a, a), stored(second, lang_b, b), a, b)


def test_a_changed_count_shows_before_after_and_its_relative_size() -> None:
    (change,) = between("Physicians: 750,000 in 30 states", "Physicians: 800,000 in 30 states")
    assert (change.before, change.after) == ("750,000", "800,000")
    assert change.relative == pytest.approx(0.0667, abs=1e-4)  # +6.7%
    assert change.points is None


def test_percentages_change_by_points() -> None:
    (change,) = between("Gross margin: 12%", "Gross margin: 9.5%")
    assert change.points == pytest.approx(-2.5)
    assert change.relative is None


def test_one_metric_compares_across_languages_and_growth_rates_are_not_levels() -> None:
    found = between(
        "بلغت الإيرادات 180.6 مليار دولار، بنمو 4%", "Revenue: $195.2 billion, up 8%", "ar"
    )
    assert [(c.before, c.after) for c in found] == [("180.6 مليار دولار", "$195.2 billion")]
    assert found[0].relative == pytest.approx(195.2 / 180.6 - 1)


def test_an_up_from_value_is_the_earlier_period_never_compared_with_the_next_year() -> None:
    """The issue's case: +24%, never $15.79 billion -> $25.0 billion (+58.3%)."""
    found = between(
        "Revenue was $20.16 billion, up from $15.79 billion.",
        "Revenue was $25.0 billion, up from $20.16 billion.",
    )
    assert [(c.before, c.after) for c in found] == [("$20.16 billion", "$25.0 billion")]
    assert found[0].relative == pytest.approx(25.0 / 20.16 - 1)  # +24.0%


def test_an_increment_is_never_a_change() -> None:
    assert (
        between(
            "The company committed $394 million to clean energy.",
            "The company announced a further $500 million commitment to clean energy.",
        )
        == []
    )


def test_another_scope_or_kind_of_period_is_never_a_change() -> None:
    assert (
        between(
            "Fiscal 2023 sales of the two brands: $2.5 billion.",
            "Group revenue in 2024 was $2.62 billion.",
        )
        == []
    )
    assert between("Revenue in Q3 2023 was $5 billion.", "Revenue in 2024 was $21 billion.") == []


def test_two_values_for_one_period_are_not_a_change() -> None:
    assert between("Revenue in 2022 was $5 billion.", "Revenue in 2022 was $5.2 billion.") == []


def test_the_same_value_written_two_ways_is_no_change() -> None:
    assert between("Revenue: $1.5 billion", "Revenue: $1,500 million") == []
    assert between("عدد العملاء: 1.5 مليون", "عدد العملاء: 1,500,000", "ar", "ar") == []


def test_figures_that_say_too_little_are_not_compared() -> None:
    assert between("$5 billion", "$6 billion") == []  # of what?
    assert between("Q2 2024: $5 billion", "Q3 2025: $5 billion") == []
    assert between("Revenue: $5 billion", "Employees: 12,000") == []


def test_a_figure_written_again_elsewhere_is_unchanged() -> None:
    found = between("Revenue: $3bn. Net income: $1bn.", "Net income: $1bn. Revenue: $3.2bn.")
    assert [(c.before, c.after) for c in found] == [("$3bn", "$3.2bn")]
