"""Runs of the other script are isolated; the sentence keeps its own punctuation."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from app.views.bidi import isolated_html, runs, segments


def seg_runs(text: str, lang: str) -> list[tuple[str, bool]]:
    return [(s.text, s.isolate) for s in segments(text, lang)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "تخدم Cigna 189 شركة من شركات Fortune 500 اعتبارًا من عام 2023.",
            [
                ("تخدم ", False),
                ("Cigna 189", True),
                (" شركة من شركات ", False),
                ("Fortune 500", True),
                (" اعتبارًا من عام ", False),
                ("2023", True),
                (".", False),
            ],
        ),
        ("متوسط القسط: $6,328", [("متوسط القسط: ", False), ("$6,328", True)]),
        ("50-500 موظف", [("50-500", True), (" موظف", False)]),
        ("الأطباء", [("الأطباء", False)]),
    ],
)
def test_latin_and_figures_inside_arabic_are_isolated(
    text: str, expected: list[tuple[str, bool]]
) -> None:
    assert seg_runs(text, "ar") == expected
    assert "".join(t for t, _ in expected) == text


def test_arabic_inside_english_is_isolated() -> None:
    assert seg_runs("The word شركة means company.", "en") == [
        ("The word ", False),
        ("شركة", True),
        (" means company.", False),
    ]


def test_english_text_without_arabic_is_one_plain_run() -> None:
    assert seg_runs("SG&A fell to 4.8% in Q3 2025.", "en") == [
        ("SG&A fell to 4.8% in Q3 2025.", False)
    ]


# -- the escaped-text pattern draws the same runs -----------------------------------------------

_ALPHABET = [*"ab Z9$€.,:;'’ \t&()+-/%<>\"#xlt،", "شركة", "\u0627", "\u0750", "&amp;"]


def _reference_html(text: str, lang: str) -> str:
    """What isolated_html must equal: each run of `runs` escaped (by markupsafe, as the
    templates escape), the isolated ones wrapped."""
    return "".join(
        f"<bdi>{escape(run)}</bdi>" if isolate else str(escape(run))
        for run, isolate in runs(text, lang)
    )


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(
    st.lists(st.sampled_from(_ALPHABET), max_size=30).map("".join),
    st.sampled_from(["ar", "en"]),
)
def test_isolated_html_wraps_exactly_the_runs(text: str, lang: str) -> None:
    assert isolated_html(text, lang) == _reference_html(text, lang)


def test_isolated_html_on_every_seed_line(seeded_db: Path) -> None:
    with closing(sqlite3.connect(seeded_db)) as conn:
        lines = [
            line
            for (text,) in conn.execute("SELECT text FROM sources")
            for line in text.split("\n")
        ]
    assert len(lines) > 400
    for line in lines:
        for lang in ("ar", "en"):
            assert isolated_html(line, lang) == _reference_html(line, lang), line


def test_entities_are_never_split_by_a_bdi() -> None:
    assert isolated_html("مثال R&D و O'Neil: <b>", "ar") == (
        "مثال <bdi>R&amp;D</bdi> و <bdi>O&#39;Neil</bdi>: &lt;<bdi>b</bdi>&gt;"
    )


@pytest.mark.parametrize(
    ("text", "isolated"),
    [
        ("الإيرادات (2023)", ["2023"]),
        ("هيئة (FDIC) في", ["FDIC"]),
        ("برنامج Medicare (Part D) للأدوية", ["Medicare (Part D)"]),
        ("شركة Cigna (CI", ["Cigna"]),  # an opening bracket with no partner stays outside
        ("نمو 5% (2023) و(2024)", ["5% (2023)", "2024"]),
        ("قال (Cigna Corp.) إن", ["Cigna Corp"]),
    ],
)
def test_an_isolate_never_holds_one_bracket_of_a_pair(text: str, isolated: list[str]) -> None:
    found = runs(text, "ar")
    assert [run for run, isolate in found if isolate] == isolated
    assert "".join(run for run, _ in found) == text
    for run in isolated:
        assert run.count("(") == run.count(")")
