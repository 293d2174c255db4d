"""What changed between two paired statements: figures of a kind, in order, that differ."""

from __future__ import annotations

import pytest

from app.compare.changes import changes
from app.figures import figures


def between(first: str, second: str, lang_a: str = "en", lang_b: str = "en") -> list:
    return changes(figures(first, lang_a), figures(second, lang_b))


def test_a_changed_count_shows_before_after_and_its_relative_size() -> None:
    (change,) = between("750,000 physicians in 30 states", "800,000 physicians in 30 states")
    assert (change.before, change.after) == ("750,000", "800,000")
    assert change.relative == pytest.approx(0.0667, abs=1e-4)  # +6.7%
    assert change.points is None


def test_percentages_change_by_points() -> None:
    (change,) = between("a margin of 12%", "a margin of 9.5%")
    assert change.points == pytest.approx(-2.5)
    assert change.relative is None


def test_amounts_pair_with_amounts_of_their_currency_across_languages() -> None:
    found = between(
        "بلغت الإيرادات 180.6 مليار دولار، بنمو 4%", "Revenue: $195.2 billion, up 8%", "ar"
    )
    assert [(c.before, c.after) for c in found] == [
        ("180.6 مليار دولار", "$195.2 billion"),
        ("4%", "8%"),
    ]
    assert found[0].relative == pytest.approx(195.2 / 180.6 - 1)


def test_the_same_value_written_two_ways_is_no_change() -> None:
    assert between("$1.5 billion", "$1,500 million") == []
    assert between("1.5 مليون", "1,500,000", "ar") == []


def test_quarters_and_figures_without_a_counterpart_are_not_changes() -> None:
    assert between("Q2 2024: $5 billion", "Q3 2025: $5 billion") == []
    assert between("$5 billion", "12%") == []  # nothing of the same kind to compare with


def test_a_figure_written_again_elsewhere_is_unchanged() -> None:
    found = between("revenue $3bn, profit $1bn", "profit $1bn, revenue $3.2bn")
    assert [(c.before, c.after) for c in found] == [("$3bn", "$3.2bn")]
