"""The nine canvas blocks and the names documents give them, in English and Arabic.

Names are compared after `normalise_name`, so singular/plural, `&`/`and`, case, Arabic
letter variants (أ/إ/آ/ا, ة/ه, ى/ي) and diacritics do not need separate entries.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NAMES: dict[str, tuple[str, ...]] = {
    "key-partners": (
        "Key Partners",
        "Key Partnerships",
        "Partners",
        "Partnerships",
        "Key Alliances",
        "Strategic Partners",
        "Partner Network",
        "الشركاء الرئيسيون",
        "الشركاء الرئيسيين",
        "الشراكات الرئيسية",
        "الشركاء الأساسيون",
        "الشركاء الأساسيين",
        "الشراكات الأساسية",
        "الشركاء",
        "الشراكات",
        "شركاء رئيسيون",
        "الشراكات الاستراتيجية",
        "الشركاء الاستراتيجيون",
    ),
    "key-activities": (
        "Key Activities",
        "Activities",
        "Core Activities",
        "الأنشطة الرئيسية",
        "الأنشطة الأساسية",
        "الأنشطة",
        "أنشطة رئيسية",
        "النشاطات الرئيسية",
    ),
    "key-resources": (
        "Key Resources",
        "Resources",
        "Core Resources",
        "الموارد الرئيسية",
        "الموارد الأساسية",
        "الموارد",
        "موارد رئيسية",
    ),
    "value-propositions": (
        "Value Propositions",
        "Value Proposition",
        "Customer Value Proposition",
        "Value Offer",
        "عروض القيمة",
        "عرض القيمة",
        "القيمة المقدمة",
        "مقترحات القيمة",
        "مقترح القيمة",
        "الاقتراح القيمي",
        "العروض القيمية",
        "القيمة المقترحة",
        "عروض القيم",
    ),
    "customer-relationships": (
        "Customer Relationships",
        "Customer Relations",
        "Relationships",
        "علاقات العملاء",
        "العلاقات مع العملاء",
        "علاقة العملاء",
        "العلاقة مع العملاء",
    ),
    "channels": (
        "Channels",
        "Distribution Channels",
        "Sales Channels",
        "Channels to Market",
        "القنوات",
        "قنوات التوزيع",
        "القنوات التوزيعية",
        "قنوات البيع",
    ),
    "customer-segments": (
        "Customer Segments",
        "Segments",
        "Target Customers",
        "Target Customer Segments",
        "Customer Base",
        "شرائح العملاء",
        "قطاعات العملاء",
        "فئات العملاء",
        "شريحة العملاء",
        "العملاء المستهدفون",
        "الشرائح المستهدفة",
    ),
    "cost-structure": (
        "Cost Structure",
        "Costs",
        "Cost Base",
        "Cost Structures",
        "هيكل التكلفة",
        "هيكل التكاليف",
        "هيكلة التكاليف",
        "بنية التكاليف",
        "التكاليف",
    ),
    "revenue-streams": (
        "Revenue Streams",
        "Revenue",
        "Revenues",
        "Revenue Model",
        "Revenue Sources",
        "تدفقات الإيرادات",
        "مصادر الإيرادات",
        "مصادر الدخل",
        "تيارات الإيرادات",
        "الإيرادات",
    ),
}

_ARABIC_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")  # harakat, dagger alef, tatweel
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
_NON_WORD = re.compile(r"[^\w\s]+")
_LEADING_NUMBER = re.compile(r"^\s*(?:\d+|[ivx]+)[.)]\s+", re.IGNORECASE)


def normalise_name(name: str) -> str:
    """Fold a block name to a comparison key (not for display)."""
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    text = _LEADING_NUMBER.sub("", text)
    text = text.replace("&", " and ")
    text = _ARABIC_DIACRITICS.sub("", text).translate(_ARABIC_FOLD)
    text = _NON_WORD.sub(" ", text)
    return " ".join(_singular(w) for w in text.split())


def _singular(word: str) -> str:
    """`activities` -> `activity`, `partners` -> `partner`; Arabic words stay as they are."""
    if not word.isascii() or len(word) <= 3:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


_LOOKUP: dict[str, str] = {
    normalise_name(name): kind for kind, names in _NAMES.items() for name in names
}


@lru_cache(maxsize=4096)  # headings repeat across documents; normalising costs regexes
def block_kind(name: str) -> str | None:
    """The block kind a heading names, or None when it names no known block."""
    return _LOOKUP.get(normalise_name(name))
