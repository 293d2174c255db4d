"""The loader stores what each figure measures and for when (app/figure_meaning.py, migration
0006): on the seeds, Cigna's revenue series as the issue reads it from the documents, each
value with its period and its statement's lines."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import rows

# (period, value as written, qualifiers): the company-wide revenue each document states
CIGNA_REVENUE = {
    ("2014", "$34.91 billion", "earlier"),  # "up on the $34.91 billion recorded … in 2014"
    ("2015", "$37.88 billion", None),
    ("2023", "180.6 مليار دولار أمريكي", None),
    ("2024", "86.4 مليار دولار", None),  # "الموارد المالية حتى عام 2024:" before the list
    ("2025Q1", "$65.5 billion", None),
    ("2025Q3", "$69.75 billion", None),
    ("2025", "$252 billion", "projected,at least,adjusted"),
}


def test_the_seeds_give_cignas_revenue_series_with_periods_and_lines(seeded_db: Path) -> None:
    found = rows(
        seeded_db,
        "SELECT f.period, f.text, f.qualifiers, c.line_start, c.line_end, s.key"
        " FROM figures f JOIN claims c ON c.id = f.claim_id JOIN sources s ON s.id = c.source_id"
        " WHERE f.metric = 'revenue' AND f.scope IS NULL",
    )
    series = {(period, text, qualifiers) for period, text, qualifiers, *_ in found}
    assert series >= CIGNA_REVENUE, sorted(CIGNA_REVENUE - series)  # (what is missing)
    for period, text, _, start, end, key in found:
        assert start >= 1 and end >= start and key, (period, text)


def test_a_period_nothing_writes_is_stored_as_none(seeded_db: Path) -> None:
    """The snapshot's year applies, and readers say so; it is never stored as if written."""
    sources = {s for (s,) in rows(seeded_db, "SELECT DISTINCT period_source FROM figures")}
    assert sources <= {None, "statement", "cell", "header", "topic", "lead-in"}
    unwritten = rows(
        seeded_db,
        "SELECT count(*) FROM figures WHERE period IS NULL AND period_source IS NOT NULL",
    )
    assert unwritten == [(0,)]


def test_stored_meanings_are_capped(seeded_db: Path) -> None:
    longest = rows(
        seeded_db,
        "SELECT max(length(label)), max(length(scope)), max(length(period_text)) FROM figures",
    )[0]
    assert all(n is None or n <= 200 for n in longest), longest
