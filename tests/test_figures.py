"""The figure parser on written forms of both languages: what each is read as, and what is
left alone. Expected values are written by hand here, from what the text says."""

from __future__ import annotations

import pytest

from app.figures import MAX_FIGURES, MAX_SPAN, figures

M, B = 10**6, 10**9

# text, language, [(value, unit, currency, scale, text as written)]
READ = [
    ("$100 billion", "en", [(100 * B, None, "USD", "billion", "$100 billion")]),
    ("100 مليار دولار", "ar", [(100 * B, None, "USD", "billion", "100 مليار دولار")]),
    ("1.5 مليون عميل", "ar", [(1_500_000, None, None, "million", "1.5 مليون")]),
    ("يعمل لديها 68.000 موظف", "ar", [(68_000, None, None, None, "68.000")]),
    ("750,000 members", "en", [(750_000, None, None, None, "750,000")]),
    ("a margin of 82.2%", "en", [(82.2, "%", None, None, "82.2%")]),
    ("$6,328 per member", "en", [(6328, None, "USD", None, "$6,328")]),
    ("Q3 2025 results", "en", [(3, "quarter", None, None, "Q3 2025")]),
    ("in the third quarter of 2025", "en", [(3, "quarter", None, None, "third quarter of 2025")]),
    ("الربع الثالث من عام 2025", "ar", [(3, "quarter", None, None, "الربع الثالث من عام 2025")]),
    # Arabic-Indic digits and the Arabic separators (٬ thousands, ٫ decimal, ٪ percent)
    ("٧٥٠٬٠٠٠ عضو", "ar", [(750_000, None, None, None, "٧٥٠٬٠٠٠")]),
    ("٣٫٥ مليار دولار", "ar", [(3_500_000_000, None, "USD", "billion", "٣٫٥ مليار دولار")]),
    ("٢٫٥٠٠ مليون", "ar", [(2_500_000, None, None, "million", "٢٫٥٠٠ مليون")]),
    ("۱۲۰ مليون", "ar", [(120 * M, None, None, "million", "۱۲۰ مليون")]),
    ("بنسبة ٪82.2", "ar", [(82.2, "%", None, None, "٪82.2")]),
    ("بنسبة 15 بالمئة", "ar", [(15, "%", None, None, "15 بالمئة")]),
    ("12 percent", "en", [(12, "%", None, None, "12 percent")]),
    ("up 3 percentage points", "en", [(3, "pp", None, None, "3 percentage points")]),
    # currencies before and after, codes and words, short scales
    ("US$3.2bn", "en", [(3_200_000_000, None, "USD", "billion", "US$3.2bn")]),
    ("$3m", "en", [(3 * M, None, "USD", "million", "$3m")]),
    ("€2.5 billion", "en", [(2_500_000_000, None, "EUR", "billion", "€2.5 billion")]),
    ("SAR 2 billion", "en", [(2 * B, None, "SAR", "billion", "SAR 2 billion")]),
    ("2 مليار ريال سعودي", "ar", [(2 * B, None, "SAR", "billion", "2 مليار ريال سعودي")]),
    ("5 billion dollars", "en", [(5 * B, None, "USD", "billion", "5 billion dollars")]),
    ("$1.234 billion", "en", [(1_234_000_000, None, "USD", "billion", "$1.234 billion")]),
    ("1,234.5 thousand", "en", [(1_234_500, None, None, "thousand", "1,234.5 thousand")]),
    ("a fall of -3.2% in", "en", [(-3.2, "%", None, None, "-3.2%")]),
    # a riyal with no country names no currency: the number is kept, the currency not guessed
    ("50 ريال", "ar", [(50, None, None, None, "50 ريال")]),
    # a unit that looks like a scale is a unit: `mm` is no million, `t` no trillion
    ("a 5 mm seal", "en", [(5, None, None, None, "5")]),
    ("500 t of ore", "en", [(500, None, None, None, "500")]),
    ("$5T", "en", [(5 * 10**12, None, "USD", "trillion", "$5T")]),
    # a minus before the currency; Arabic one-letter words joined to the number
    ("a loss of -$5 million", "en", [(-5 * M, None, "USD", "million", "-$5 million")]),
    ("و٢٠٪ منها", "ar", [(20, "%", None, None, "٢٠٪")]),
    ("ل5 مليار دولار", "ar", [(5 * B, None, "USD", "billion", "5 مليار دولار")]),
    ("Third Quarter results", "en", [(3, "quarter", None, None, "Third Quarter")]),
    ("الربع الثالث", "ar", [(3, "quarter", None, None, "الربع الثالث")]),
    # a percentage and an amount beside each other are two figures, not a range
    (
        "grew 5% to $6 billion",
        "en",
        [(5, "%", None, None, "5%"), (6 * B, None, "USD", "billion", "$6 billion")],
    ),
    (
        "$2 billion to 3 million",
        "en",
        [
            (2 * B, None, "USD", "billion", "$2 billion"),
            (3 * M, None, None, "million", "3 million"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "lang", "expected"), READ, ids=[r[0] for r in READ])
def test_written_forms_are_read_as_numbers(text: str, lang: str, expected: list) -> None:
    found = [(f.value, f.unit, f.currency, f.scale, f.text) for f in figures(text, lang)]
    assert found == expected
    for f in figures(text, lang):  # the span is where the text was read from
        assert text[f.start : f.end] == f.text


RANGES = [
    ("$5–6 billion", "en", [(5 * B, "low"), (6 * B, "high")], "USD", None),
    ("10-15%", "en", [(10, "low"), (15, "high")], None, "%"),
    ("5 to 6 million", "en", [(5 * M, "low"), (6 * M, "high")], None, None),
    ("من 10 إلى 20 مليار دولار", "ar", [(10 * B, "low"), (20 * B, "high")], "USD", None),
    ("a 5%-6% rise", "en", [(5, "low"), (6, "high")], None, "%"),  # a dash, not a minus
    ("$5bn-6bn", "en", [(5 * B, "low"), (6 * B, "high")], "USD", None),
]


@pytest.mark.parametrize(("text", "lang", "ends", "currency", "unit"), RANGES)
def test_a_range_is_two_figures_sharing_what_is_written_once(
    text: str, lang: str, ends: list, currency: str | None, unit: str | None
) -> None:
    found = figures(text, lang)
    assert [(f.value, f.bound) for f in found] == ends
    assert {f.currency for f in found} == {currency}
    assert {f.unit for f in found} == {unit}
    assert len({f.text for f in found}) == 1  # both ends cite the whole range


LEFT_ALONE = [
    ("In 2015 the company grew", "en"),  # a year
    ("في عام 2023 أعلنت", "ar"),
    ("2019–2023", "en"),  # a range of years
    ("call 1-800-244-6224 today", "en"),  # phone numbers
    ("+1 860 226 6000", "en"),
    ("(800) 555-1234", "en"),
    ("support 24/7", "en"),  # dates and times
    ("at 10:30", "en"),
    ("12/05/2024", "en"),
    ("on December 31, 2024", "en"),
    ("runs from November 1-December 15", "en"),
    ("في 1 يناير", "ar"),
    ("COVID-19 testing", "en"),  # numbers inside words
    ("5G networks", "en"),
    ("a 401k plan", "en"),
    ("FY2024 guidance", "en"),
    ("the 3rd largest", "en"),
    ("1,5", "en"),  # reads two ways: a decimal comma or a list
    ("1.500 مليون", "ar"),  # one and a half million, or fifteen hundred million?
    ("1 000 000", "en"),  # spaces as thousands, or three numbers
    ("800.555.1234", "en"),
    ("id 12345678901234567890", "en"),  # an id, not a quantity
    ("€1.234,56", "en"),  # a decimal comma after a thousands dot: the other convention
    ("٧١٫٧٬3", "ar"),
    ("$10,000,000 trillion", "en"),  # past any amount (and past what SQLite stores)
    ("5t of steel", "en"),
    ("no digits at all", "en"),
]


@pytest.mark.parametrize(("text", "lang"), LEFT_ALONE, ids=[t for t, _ in LEFT_ALONE])
def test_forms_that_are_not_quantities_are_left_alone(text: str, lang: str) -> None:
    assert figures(text, lang) == []


def test_the_thousands_dot_is_arabic_only() -> None:
    """`68.000` is sixty-eight thousand in Arabic text and sixty-eight in English."""
    assert [f.value for f in figures("68.000", "ar")] == [68_000]
    assert [f.value for f in figures("68.000", "en")] == [68]


def test_figures_come_in_text_order_with_spans() -> None:
    text = "In 2023, Cigna reported $180.6 billion of revenue, up 4.6%, and 18.1 million members."
    found = figures(text, "en")
    assert [f.text for f in found] == ["$180.6 billion", "4.6%", "18.1 million"]
    assert [f.start for f in found] == sorted(f.start for f in found)


def test_a_one_letter_scale_needs_a_currency_and_no_space() -> None:
    assert [(f.value, f.scale) for f in figures("$5m", "en")] == [(5 * M, "million")]
    assert [(f.value, f.scale) for f in figures("a 5 m pipe", "en")] == [(5, None)]
    assert figures("5M users", "en") == []  # a word, then: left alone


def test_what_is_stored_is_capped() -> None:
    many = " and ".join(f"${n} billion" for n in range(1, 200))
    assert len(figures(many, "en")) == MAX_FIGURES
    assert all(f.end - f.start <= MAX_SPAN for f in figures(many, "en"))
    ranges = " and ".join(f"{n}-{n + 1}%" for n in range(1, 100))
    kept = figures("x " + ranges, "en")
    assert kept[-1].bound == "high"  # never half a range at the cap


def test_hostile_text_is_read_in_one_pass() -> None:
    """Long runs of what the patterns look for end with an answer, not a hang."""
    assert figures("12 " * 5000, "en") == []  # one long phone-like run
    assert len(figures("1," * 5000, "en")) <= MAX_FIGURES
    assert figures("9" * 10_000, "en") == []
