"""Noise: leaked task lines (alone or appended), the closing disclaimer; real lines survive."""

from __future__ import annotations

import pytest

from app.loader.noise import is_disclaimer, noise_reason, strip_task_suffix


@pytest.mark.parametrize(
    "line",
    [
        "Finance: draft 13-week cash view by Friday.",
        "Finance: draft updated Evernorth segment growth forecast for Q4 2025 by next Tuesday.",
        "Legal: review supplier contracts with Initech by Thursday.",
        "Ops: send the headcount plan to Pepper by Monday.",
        "Marketing: finalise launch brief by Wednesday",
        "Treasury: prepare bank covenant summary by Tue.",
        "  Sales: update dealer pipeline by this Friday.  ",
    ],
)
def test_task_lines_in_other_wordings_are_noise(line: str) -> None:
    assert noise_reason(line) == "task line"


@pytest.mark.parametrize(
    "line",
    [
        "Tax: prepare transfer-pricing memo by Monday.",
        "Risk: pull vendor exposure list by Thursday.",
        "Strategy: write board pre-read by Wednesday.",
    ],
    ids=["team-tax", "team-risk-verb-pull", "verb-write"],
)
def test_task_lines_from_teams_and_verbs_beyond_the_usual_ones_are_noise(line: str) -> None:
    assert noise_reason(line) == "task line"


@pytest.mark.parametrize(
    "line",
    [
        "Q1 2025 MCR was 82.2%",
        "Q1 2025 Cigna Healthcare MCR was 82.2%, up from 79.9% in Q1 2024.",
        "إجمالي الأصول: 218.3 مليار دولار",
        "Revenue: $5 billion in 2024.",
        "Finance: the finance arm grew 12% in 2024.",
        "Legal: review of all 2023 contracts found no issues.",
        "Middle Market: Employers with 500 to 2,999 eligible employees.",
        "Sales reps review accounts every Friday.",
        "Buy now, pay later loans made up 80% of Klarna's revenue in 2024.",
        "Professional design services for merchants launched in 2023.",
        "Disclaimer: figures are unaudited estimates for 2024.",
    ],
)
def test_real_statements_are_not_noise(line: str) -> None:
    assert noise_reason(line) is None


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "Cigna MCR was 83.2% in Q2 2025. Finance: draft 13-week cash view by Friday.",
            "Cigna MCR was 83.2% in Q2 2025.",
        ),
        (
            "Stark cut SG&A to 4.8% Ops: send the cost deck to Pepper by next Monday.",
            "Stark cut SG&A to 4.8%",
        ),
        (
            "تمتلك Acme سبعة مصانع في عام 2024. Legal: review plant leases by Wednesday.",
            "تمتلك Acme سبعة مصانع في عام 2024.",
        ),
    ],
)
def test_task_suffix_is_stripped_and_the_sentence_kept(text: str, kept: str) -> None:
    assert strip_task_suffix(text) == (kept, True)


def test_task_suffix_after_an_arabic_sentence_without_its_final_period() -> None:
    text = "تمتلك Acme سبعة مصانع في عام 2024 Finance: draft plant capex memo by Wednesday."
    assert strip_task_suffix(text) == ("تمتلك Acme سبعة مصانع في عام 2024", True)


@pytest.mark.parametrize(
    "text",
    [
        "Revenue: $5 billion in 2024.",
        "Q1 2025 MCR was 82.2%, up from 79.9% in Q1 2024.",
        "The plan is due to the board by Friday.",
        "Cigna's Finance team will draft the plan by Friday.",
    ],
)
def test_sentences_without_a_task_suffix_are_untouched(text: str) -> None:
    assert strip_task_suffix(text) == (text, False)


@pytest.mark.parametrize("line", ["Disclaimer", "  Disclaimer  ", "Disclaimer:", "إخلاء المسؤولية"])
def test_disclaimer_lines(line: str) -> None:
    assert is_disclaimer(line)


@pytest.mark.parametrize(
    "line",
    [
        "Disclaimer: figures are unaudited estimates for 2024.",
        "The disclaimer on page 3 covers 2024 figures.",
    ],
)
def test_sentences_mentioning_a_disclaimer_do_not_close_the_page(line: str) -> None:
    assert not is_disclaimer(line)


@pytest.mark.parametrize(("line", "reason"), [("|", "stray pipe"), ("![chart](c.png)", "image")])
def test_stray_pipes_and_images_are_noise(line: str, reason: str) -> None:
    assert noise_reason(line) == reason
