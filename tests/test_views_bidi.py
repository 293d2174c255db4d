"""Runs of the other script are isolated; the sentence keeps its own punctuation."""

from __future__ import annotations

import pytest

from app.views.bidi import segments


def runs(text: str, lang: str) -> list[tuple[str, bool]]:
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
    assert runs(text, "ar") == expected
    assert "".join(t for t, _ in expected) == text


def test_arabic_inside_english_is_isolated() -> None:
    assert runs("The word شركة means company.", "en") == [
        ("The word ", False),
        ("شركة", True),
        (" means company.", False),
    ]


def test_english_text_without_arabic_is_one_plain_run() -> None:
    assert runs("SG&A fell to 4.8% in Q3 2025.", "en") == [("SG&A fell to 4.8% in Q3 2025.", False)]
