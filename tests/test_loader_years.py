"""Snapshot year: the year a part mentions most often, ties to the later year."""

from __future__ import annotations

import textwrap
from collections import Counter

import pytest

from app.loader.markdown_post import parse_markdown_post
from app.loader.scraped_page import parse_scraped_page
from app.loader.years import snapshot_year, year_counts


def test_years_are_counted_across_texts() -> None:
    counts = year_counts(
        [
            "In 2015 revenue rose from 2014.",
            "وفي عام 2023، أعلنت الشركة عن إيرادات.",
            "Q3 2025 revenue; FY2024 guidance; 2024-2025 plan.",
        ]
    )
    assert counts == Counter({2015: 1, 2014: 1, 2023: 1, 2025: 2, 2024: 2})


@pytest.mark.parametrize(
    "text",
    [
        "Cigna has 2,300 coaches.",
        "It paid $2025 per member.",
        "Order number 12025 shipped.",
        "Margins of 2025% are impossible.",
        "A ratio of 2024.5 was reported.",
        "It employs 20,000 people and 1,999 agents.",
        "Sales were 1.2019 million.",
    ],
)
def test_figures_that_only_look_like_years_are_not_counted(text: str) -> None:
    assert year_counts([text]) == Counter()


def test_snapshot_year_is_the_most_mentioned() -> None:
    assert snapshot_year(Counter({2023: 3, 2024: 2, 2022: 1})) == 2023


def test_snapshot_year_ties_go_to_the_later_year() -> None:
    assert snapshot_year(Counter({2025: 2, 2022: 2, 2024: 1})) == 2025


def test_no_year_mentioned_gives_none() -> None:
    assert snapshot_year(Counter()) is None


def test_each_part_of_a_page_has_its_own_year() -> None:
    doc = parse_scraped_page(
        textwrap.dedent(
            """\
            شركة Initech (INIT): نموذج الأعمال التجارية لعام 2030 |
            Initech Inc. (INIT) Bundle
            شركة Initech (INIT) - نموذج الأعمال: هيكل التكلفة
            أنفقت Initech 40% من ميزانيتها على الرواتب في عام 2022.
            وارتفعت تكاليف الخوادم في عام 2023.
            Finance: draft 2030 budget by Friday.
            Initech Inc. (INIT) - Canvas Business Model: Cost Structure
            Initech spent $2 billion on staff in 2024.
            Server costs fell 5% in 2024, with new sites planned for 2026 and 2026.
            Disclaimer
            Content last checked in 2030, 2030 and 2030.
            """
        )
    )
    # ar: 2022 once, 2023 once -> tie to the later; en: 2024 twice, 2026 twice -> 2026.
    # The title line, the task line and the disclaimer mention 2030 but are not content.
    assert [(p.lang, p.year) for p in doc.parts] == [("ar", 2023), ("en", 2026)]


def test_post_year_is_the_year_mentioned_most_often() -> None:
    doc = parse_markdown_post(
        textwrap.dedent(
            """\
            ---
            title: vandelay
            ---

            Businessmodel of Vandelay Industries
            ------------------------------------

            ### Revenue Streams

            In 2016 Vandelay earned $3 billion, up from $2.8 billion in 2015.

            * Latex sales in 2016: $1.1 billion.
            * Import fees in 2017: $0.4 billion.

            ### Cost Structure

            Vandelay's costs in 2016 were $2.5 billion.
            """
        )
    )
    assert doc.parts[0].year == 2016
    assert doc.parts[0].year_counts == {2016: 3, 2015: 1, 2017: 1}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وفي عام ٢٠٢٢ ارتفعت الإيرادات", {2022: 1}),  # Arabic-Indic
        ("در سال ۲۰۲۱ درآمد افزایش یافت", {2021: 1}),  # Persian
        ("أُعلن في ١٥/٠٣/٢٠٢٢ وفي ٢٠٢٢-٠٤-٠١", {2022: 2}),  # inside dates
        ("الفترة ٢٠٢١–٢٠٢٢", {2021: 1, 2022: 1}),
        ("بلغت ٢٠٢٢٪ من الهدف", {}),  # a percentage, in Arabic digits and sign
        ("بلغت النسبة ٢٠٢٢٫٥", {}),  # a decimal, with the Arabic separator
        ("وظفت ٢٬٠٢٢ موظفاً", {}),  # thousands, with the Arabic separator
        ("mixed ٢0٢2 digits", {2022: 1}),
    ],
)
def test_years_count_alike_in_every_digit_form(text: str, expected: dict[int, int]) -> None:
    assert year_counts([text]) == Counter(expected)


def _arabic_page(*sentences: str) -> str:
    body = "\n".join(sentences)
    return (
        "شركة Initech (INIT) - نموذج الأعمال: هيكل التكلفة\n"
        f"{body}\n"
        "شركة Initech (INIT) - نموذج الأعمال: مصادر الإيرادات\n"
        "تبيع Initech برامجها للشركات.\n"
    )


def test_an_arabic_part_is_filed_under_the_year_it_writes_most_in_any_digits() -> None:
    # ٢٠٢٢ five times in Arabic-Indic digits, 2023 once in ASCII: the part is 2022.
    doc = parse_scraped_page(
        _arabic_page(
            "أنفقت Initech ٤٠٪ من ميزانيتها على الرواتب في عام ٢٠٢٢.",
            "وارتفعت تكاليف الخوادم في عام ٢٠٢٢.",
            "وفي ٢٠٢٢ افتتحت مركزين.",
            "وبلغت النفقات في ٣١/١٢/٢٠٢٢ نحو مليار.",
            "خطة ٢٠٢٢ اكتملت.",
            "وتتوقع زيادة في 2023.",
        )
    )
    assert [(p.lang, p.year) for p in doc.parts] == [("ar", 2022)]
    assert doc.parts[0].year_counts == {2022: 5, 2023: 1}


def test_a_page_writing_its_years_only_in_arabic_indic_digits_has_a_year() -> None:
    doc = parse_scraped_page(
        _arabic_page("ارتفعت التكاليف في ٢٠٢٢ مقارنة بعام ٢٠٢١.", "وفي ٢٠٢٢ خفضت الشركة الديون.")
    )
    assert doc.parts[0].year == 2022


def test_a_post_writing_persian_digits_has_a_year() -> None:
    doc = parse_markdown_post(
        "---\ntitle: initech\n---\n\n# Businessmodel of Initech\n\n### Cost Structure\n\n"
        "* هزینه‌ها در سال ۱۳۹۹ و ۲۰۲۰ افزایش یافت.\n* در ۲۰۲۰ دفتر جدید باز شد.\n"
    )
    assert doc.parts[0].year == 2020
