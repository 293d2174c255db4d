"""How text becomes stems: each normalising step, the Arabic light stemmer, English Snowball,
and the index and the highlighter cutting a text into the same words."""

from __future__ import annotations

import pytest

from app.search.terms import forms, index_text, light_stem, normalise, strip_prefixes, terms


# Each step of normalising, shown by a word that only it changes.
@pytest.mark.parametrize(
    ("written", "normal", "step"),
    [
        ("مَدْفُوعَات", "مدفوعات", "tashkeel dropped"),
        ("الشبكـــات", "الشبكات", "tatweel dropped"),
        ("أسهم", "اسهم", "hamza above alef"),
        ("إعادة", "اعاده", "hamza below alef, and ة"),
        ("آسيا", "اسيا", "madda on alef"),
        ("ٱلشركة", "الشركه", "alef wasla"),
        ("مستشفى", "مستشفي", "alef maqsura to yeh"),
        ("شبكة", "شبكه", "teh marbuta to heh"),
        ("٢٠٢٣", "2023", "Arabic-Indic digits"),
        ("۲۰۲۳", "2023", "Persian digits"),
        ("Nestlé", "nestle", "Latin accents and case"),
        ("EXPRESS", "express", "case"),
    ],
)
def test_each_normalising_step(written: str, normal: str, step: str) -> None:
    assert normalise(written) == normal, step


@pytest.mark.parametrize(
    ("word", "without"),
    [
        ("والشبكات", "شبكات"),  # و + ال
        ("بالشبكه", "شبكه"),
        ("كالشبكه", "شبكه"),
        ("فالشبكه", "شبكه"),
        ("للشبكه", "شبكه"),
        ("وشبكات", "شبكات"),  # و alone, three letters or more left
        ("ولد", "ولد"),  # too short: the و is the word's own
        ("ال", "ال"),
        ("بنك", "بنك"),  # a bare ب is not taken off: it begins words too often
    ],
)
def test_light10_takes_off_the_attached_prefixes(word: str, without: str) -> None:
    assert strip_prefixes(word) == without


def test_the_issues_three_forms_meet() -> None:
    """ "الشبكات", "وشبكات" and "شبكة" find each other."""
    assert {forms(w)[0] for w in ("الشبكات", "وشبكات", "شبكة", "بالشبكة")} == {"شبك"}


@pytest.mark.parametrize(
    ("words", "stem"),
    [
        (("التأمين", "التامين", "تأمين", "وتأمين"), "تام"),  # with and without hamza
        (("الإيرادات", "ايرادات", "إيراداتها"), "ايراد"),  # suffixes ات and ها
        (("المستشفيات", "مستشفى", "المستشفى"), "مستشف"),
        (("الشركة", "شركات", "وللشركات"), "شرك"),
    ],
)
def test_arabic_forms_share_a_stem(words: tuple[str, ...], stem: str) -> None:
    assert {forms(w)[0] for w in words} == {stem}


def test_light_stemming_leaves_names_and_short_words() -> None:
    assert light_stem(normalise("سيغنا")) == "سيغنا"  # Tashaphyne cut this to غنا
    assert light_stem("في") == "في"


@pytest.mark.parametrize(
    ("words", "stem"),
    [
        (("partner", "partners", "partnering", "Partners"), "partner"),
        (("insurance", "insurer", "insured"), "insur"),
        (("network", "networks", "networking"), "network"),
        (("company", "companies"), "compani"),
    ],
)
def test_english_words_share_their_snowball_stem(words: tuple[str, ...], stem: str) -> None:
    assert {forms(w)[0] for w in words} == {stem}


def test_words_are_runs_of_letters_and_digits_with_their_marks() -> None:
    text = "Acme’s e-commerce grew 82.2% — تُقَدِّمُ الشَّرِكَةُ"
    found = list(terms(text))
    assert [text[t.start : t.end] for t in found] == [
        "Acme", "s", "e", "commerce", "grew", "82", "2", "تُقَدِّمُ", "الشَّرِكَةُ",
    ]  # fmt: skip
    assert found[-1].stem == "شرك"


@pytest.mark.parametrize(
    ("topic", "text"),
    [
        (None, "Acme partners with Express Scripts, 82.2% of them."),
        ("Pharmacy Benefits", "تُقَدِّمُ الشَّرِكَةُ إِعَادَةَ التَّأْمِينِ"),
        (None, "ـــ ـ"),  # nothing but tatweel
        (None, ""),
    ],
)
def test_the_index_holds_the_stems_the_highlighter_finds(topic: str | None, text: str) -> None:
    """One cut into words for both: a hit is marked where the index matched it."""
    expected = [t.stem for part in (topic, text) if part for t in terms(part)]
    assert index_text(topic, text).split() == expected
