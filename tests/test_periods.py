"""What a period key stands for: its kind and its place in time (known answers)."""

from __future__ import annotations

import pytest

from app.periods import kind_of, place


@pytest.mark.parametrize(
    ("key", "kind", "start", "end"),
    [
        ("2015", "year", 2015.0, 2016.0),
        ("2025Q1", "quarter", 2025.0, 2025.25),
        ("2025Q3", "quarter", 2025.5, 2025.75),
        ("FY2024", "fiscal", 2024.0, 2025.0),
        ("2014/2016", "range", 2014.0, 2017.0),
    ],
)
def test_a_key_is_placed_where_its_period_falls(
    key: str, kind: str, start: float, end: float
) -> None:
    placed = place(key)
    assert placed is not None
    assert (placed.kind, placed.start, placed.end) == (kind, start, end)


def test_a_date_is_an_instant_inside_its_year() -> None:
    placed = place("2025-06-30")
    assert placed is not None and placed.kind == "date"
    assert placed.start == placed.end
    assert 2025.49 < placed.start < 2025.5  # the 181st day of 366


@pytest.mark.parametrize("key", ["Q3", "2025-02-30", "2016/2014", "", None, "twenty", "2025Q5"])
def test_a_key_that_cannot_be_placed_has_no_place(key: str | None) -> None:
    assert place(key) is None
    assert kind_of(key) is None
