"""app.domain: the words loader and site share; here, claim language from its letters."""

from __future__ import annotations

import textwrap

import pytest

from app.domain import lang_of
from app.loader.scraped_page import parse_scraped_page


@pytest.mark.parametrize(
    "text",
    [
        "تعمل Cigna في 30 دولة ولها قاعدة عملاء دولية.",
        "تدير Cigna موقع myCigna.com، الذي يخدم 17.4 مليون مستخدم رقمي نشط.",
        "myCigna.com | 17.4 مليون مستخدم نشط | 92.3 مليون تفاعل رقمي",
        "بلغ متوسط القسط السنوي $6,328 لعام 2023.",
        "إجمالي الأصول: 218.3 مليار دولار",
    ],
)
def test_arabic_text_with_latin_names_and_figures_is_arabic(text: str) -> None:
    assert lang_of(text) == "ar"


@pytest.mark.parametrize(
    "text",
    [
        "تستخدم Cigna منصة Evernorth Health Services.",
        "تتعاون Cigna مع Express Scripts و Accredo.",
    ],
    ids=["evernorth", "express-scripts"],
)
def test_arabic_sentence_with_several_latin_names_stays_arabic(text: str) -> None:
    # more Latin letters than Arabic ones, but an Arabic sentence (in an Arabic part)
    assert lang_of(text, "ar") == "ar"


@pytest.mark.parametrize(
    "text",
    [
        "Cigna serves over 182.5 million customer relationships globally.",
        "SG&A Expense Ratio (GAAP) | 5.6% | 4.8% | N/A",
        "Saudi Aramco (أرامكو) reported record profits in 2022.",
    ],
)
def test_english_text_is_english(text: str) -> None:
    assert lang_of(text, "en") == "en"


@pytest.mark.parametrize(("default", "expected"), [("ar", "ar"), ("en", "en")])
def test_text_without_letters_takes_the_default(default: str, expected: str) -> None:
    assert lang_of("$6,328 | 86.5% | 250+", default) == expected  # type: ignore[arg-type]


def test_page_claims_carry_the_language_of_their_letters() -> None:
    doc = parse_scraped_page(
        textwrap.dedent(
            """\
            شركة Acme (ACM) - نموذج الأعمال: الشراكات الرئيسية
            تتعاون Acme مع Express Scripts و Accredo منذ عام 2022.
            | الشريك | الحصة |
            | Globex | 35% |
            | 12 | 18 |
            Acme Corporation (ACM) - Canvas Business Model: Key Partners
            Acme works with 40 suppliers in 2025.
            """
        )
    )
    langs = {
        p.lang: [(c.line_start, c.lang) for b in p.blocks for c in b.claims] for p in doc.parts
    }
    assert langs == {
        "ar": [(2, "ar"), (4, "en"), (5, "ar")],
        "en": [(7, "en")],
    }
