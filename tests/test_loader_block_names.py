"""The nine canvas blocks by their usual English and Arabic names."""

from __future__ import annotations

import pytest

from app.domain import BLOCK_KINDS, ENGLISH_TITLES
from app.loader.block_names import block_kind, normalise_name


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Key Partners", "key-partners"),
        ("Key Partner", "key-partners"),
        ("Key Partnerships", "key-partners"),
        ("Key Partnership", "key-partners"),
        ("Key Activities", "key-activities"),
        ("Key Activity", "key-activities"),
        ("Key Resources", "key-resources"),
        ("Key Resource", "key-resources"),
        ("Value Propositions", "value-propositions"),
        ("Value Proposition", "value-propositions"),
        ("Customer Relationships", "customer-relationships"),
        ("Customer Relationship", "customer-relationships"),
        ("Channels", "channels"),
        ("Channel", "channels"),
        ("Customer Segments", "customer-segments"),
        ("Customer Segment", "customer-segments"),
        ("Cost Structure", "cost-structure"),
        ("Cost Structures", "cost-structure"),
        ("Revenue Streams", "revenue-streams"),
        ("Revenue Stream", "revenue-streams"),
    ],
)
def test_english_names_singular_and_plural(name: str, kind: str) -> None:
    assert block_kind(name) == kind


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("KEY PARTNERS", "key-partners"),
        ("value propositions", "value-propositions"),
        ("  Customer   Segments  ", "customer-segments"),
        ("Cost Structure:", "cost-structure"),
        ("3. Channels", "channels"),
    ],
)
def test_case_spacing_punctuation_and_numbering_do_not_matter(name: str, kind: str) -> None:
    assert block_kind(name) == kind


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("الشراكات الرئيسية", "key-partners"),
        ("الشركاء الرئيسيون", "key-partners"),
        ("الأنشطة الرئيسية", "key-activities"),
        ("الأنشطة الأساسية", "key-activities"),
        ("الموارد الأساسية", "key-resources"),
        ("الموارد الرئيسية", "key-resources"),
        ("عروض القيمة", "value-propositions"),
        ("عرض القيمة", "value-propositions"),
        ("علاقات العملاء", "customer-relationships"),
        ("العلاقات مع العملاء", "customer-relationships"),
        ("القنوات", "channels"),
        ("قنوات التوزيع", "channels"),
        ("شرائح العملاء", "customer-segments"),
        ("قطاعات العملاء", "customer-segments"),
        ("هيكل التكلفة", "cost-structure"),
        ("هيكل التكاليف", "cost-structure"),
        ("تدفقات الإيرادات", "revenue-streams"),
        ("مصادر الإيرادات", "revenue-streams"),
    ],
)
def test_arabic_renderings(name: str, kind: str) -> None:
    assert block_kind(name) == kind


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("الموارد الاساسية", "key-resources"),  # hamza dropped from the alef
        ("الانشطة الرئيسيه", "key-activities"),  # ة written as ه
        ("هيكل التكاليـــف", "cost-structure"),  # tatweel
        ("عَرْضُ القِيمَة", "value-propositions"),  # diacritics
    ],
)
def test_arabic_spelling_variants_fold_to_the_same_block(name: str, kind: str) -> None:
    assert block_kind(name) == kind


@pytest.mark.parametrize(
    "name", ["Favourite Snacks", "Lunch Menu", "قائمة الطعام", "Overview", "", "Key"]
)
def test_names_of_no_known_block(name: str) -> None:
    assert block_kind(name) is None


def test_every_kind_is_found_by_its_english_title() -> None:
    assert len(BLOCK_KINDS) == 9
    assert {block_kind(ENGLISH_TITLES[kind]) for kind in BLOCK_KINDS} == set(BLOCK_KINDS)


def test_ampersand_and_and_compare_equal() -> None:
    assert normalise_name("Partners & Alliances") == normalise_name("partners and alliances")
