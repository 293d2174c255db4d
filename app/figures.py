"""Figures in a statement, read as numbers: amounts, counts, percentages and quarters.

A pure parser from a statement's text (and its language) to plain data; the loader stores
what it finds (table `figures`) and the site compares snapshots with it. What a figure is
read as, and what is left alone:

- digits: ASCII, Arabic-Indic (٠-٩) and Persian (۰-۹), with the Arabic separators ٬ (thousands)
  and ٫ (decimal);
- `750,000` (comma thousands, groups of three), `1.234.567` (dot thousands); `82.2` (a
  decimal dot); in Arabic text `68.000` (one dot, three digits after, no scale word) is a
  thousands dot, as Arabic writers use it;
- a currency before or after (`$6,328`, `US$5bn`, `SAR 2 billion`, `100 مليار دولار`), only
  where the text names it: `$` and `دولار` are USD, a bare `ريال` or `riyals` names no country
  and gets no currency;
- a scale word (`1.5 million`, `1.5 مليون`, `$3bn`; one letter, `$3m`, only after a currency)
  multiplies the value: `value` is the plain number;
- `82.2%`, `٪82.2`, `82.2 percent`, `82.2 بالمئة` are unit `%`; `3 percentage points` is `pp`;
- `Q3 2025`, `third quarter of 2025`, `الربع الثالث` are unit `quarter` (value 3);
- ranges (`$5–6 billion`, `10-15%`, `5 to 6 million`) are two figures, bounds `low` and
  `high`, sharing what is written once (the currency, the scale, the percent);
- left alone, never guessed: years (four digits 1800-2100 with nothing else), phone-like runs
  (`1-800-244-6224`, `+1 860 226 6000`), dates and times (`December 31`, `1 يناير`, `24/7`,
  `10:30`), numbers inside
  words (`COVID-19`, `5G`, `401k`), and forms that read two ways (`1,5`; `1.500 مليون` in
  Arabic text; `1 000 000`).

Every pattern here is linear in its input: numbers are found as runs of one character class,
and what comes before and after a number is read from a window of bounded length.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

#: At most this many figures are kept per statement, and a figure's text at most this long:
#: the stored fields are capped.
MAX_FIGURES = 40
MAX_SPAN = 80


class Figure(NamedTuple):
    value: int | float  # the plain number: `1.5 million` is 1500000
    unit: str | None  # "%", "pp" (percentage points), "quarter"; None for amounts and counts
    currency: str | None  # ISO 4217, only where the text names one
    scale: str | None  # "thousand", "million", "billion" or "trillion" (`bn`, `مليار`: billion)
    text: str  # the span it was read from, as written
    start: int  # the span in the statement's text
    end: int
    bound: str | None = None  # a range's "low" or "high" end


SCALES: dict[str, int] = {
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
}

# One character for one character, so offsets in the folded text are offsets in the text.
_FOLD = str.maketrans(
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٬٫٪\u2212\u00a0\u202f",
    "01234567890123456789,.%-  ",
)
_NUMBER = re.compile(r"[0-9][0-9.,]*")
_PHONE = re.compile(r"(?<![\w+])\+?\(?[0-9]{1,4}\)?(?:[ \-][0-9]{2,4}){2,}(?![0-9])")
_HAS_DIGIT = re.compile(r"[0-9٠-٩۰-۹]")

_SCALE_WORDS: dict[str, str] = {
    "thousand": "thousand", "thousands": "thousand", "k": "thousand", "K": "thousand",
    "ألف": "thousand", "الف": "thousand", "آلاف": "thousand", "الاف": "thousand",
    "million": "million", "millions": "million", "mn": "million", "m": "million",
    "M": "million", "MM": "million", "مليون": "million", "ملايين": "million",
    "billion": "billion", "billions": "billion", "bn": "billion", "b": "billion",
    "B": "billion", "مليار": "billion", "مليارات": "billion", "بليون": "billion",
    "trillion": "trillion", "tn": "trillion", "T": "trillion", "تريليون": "trillion",
}  # fmt: skip
_ONE_LETTER = {"k", "K", "m", "M", "b", "B", "T"}

_CURRENCY_BEFORE: dict[str, str] = {
    "US$": "USD", "C$": "CAD", "A$": "AUD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY",
    "USD": "USD", "EUR": "EUR", "GBP": "GBP", "SAR": "SAR", "AED": "AED", "JPY": "JPY",
    "CAD": "CAD", "AUD": "AUD", "EGP": "EGP", "QAR": "QAR", "KWD": "KWD",
}  # fmt: skip
_CURRENCY_AFTER: dict[str, str | None] = {
    "us dollars": "USD", "us dollar": "USD", "dollars": "USD", "dollar": "USD",
    "usd": "USD", "euros": "EUR", "euro": "EUR", "eur": "EUR", "gbp": "GBP",
    "pounds sterling": "GBP", "sar": "SAR", "saudi riyals": "SAR", "aed": "AED",
    "riyals": None, "riyal": None, "yen": "JPY",
    "دولار أمريكي": "USD", "دولار امريكي": "USD", "دولار": "USD", "يورو": "EUR",
    "ريال سعودي": "SAR", "ر.س": "SAR", "ريال": None, "درهم إماراتي": "AED",
    "جنيه إسترليني": "GBP", "جنيه مصري": "EGP",
}  # fmt: skip


def _alternation(words: object) -> str:
    """Longest first, so `مليارات` is tried before `مليار`."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


_BEFORE = re.compile(
    r"(?:(?P<cur>" + _alternation(_CURRENCY_BEFORE) + r")\s?|(?P<pct>%)\s?)?(?P<sign>[-+])?$"
)
_AFTER = re.compile(
    r"(?P<gap>\s?)(?:"
    r"(?P<pct>%|percent\b|per cent\b|بالمئة|بالمائة|في المائة|في المئة)"
    r"|(?P<pp>percentage points?\b|pp\b|نقطة مئوية|نقاط مئوية)"
    r"|(?P<scale>" + _alternation(_SCALE_WORDS) + r")(?!\w)"
    r")?"
    r"(?:\s?(?P<cur>" + _alternation(_CURRENCY_AFTER) + r")(?!\w))?",
    re.IGNORECASE,
)
_RANGE = re.compile(r"\s?(?:[-\u2013\u2014]|to|إلى|الى)\s?(?:[$€£]|US\$)?", re.IGNORECASE)
_WINDOW = 40  # characters read before and after a number
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    r"|يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر"
    r"|نوفمبر|ديسمبر)"
)
_DATE_BEFORE = re.compile(r"(?<!\w)" + _MONTHS + r"\.? $", re.IGNORECASE)
_DATE_AFTER = re.compile(r" " + _MONTHS + r"(?!\w)", re.IGNORECASE)

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_ARABIC_ORDINALS = {"الأول": 1, "الاول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4}
_QUARTER = re.compile(
    r"\b(?:Q(?P<q>[1-4])|(?P<ord>first|second|third|fourth) quarter)"
    r"(?:,? (?:of )?(?:FY ?)?(?P<y>(?:19|20)[0-9]{2}))?(?!\w)"
    r"|الربع (?P<aord>الأول|الاول|الثاني|الثالث|الرابع)"
    r"(?: (?:من )?(?:عام |العام )?(?P<ay>(?:19|20)[0-9]{2}))?(?!\w)",
    re.IGNORECASE,
)


class _Raw(NamedTuple):
    value: Decimal
    unit: str | None
    currency: str | None
    scale: str | None
    start: int
    end: int
    number_start: int  # where the digits begin and end (a range joins on them)
    number_end: int


def figures(text: str, lang: str = "en") -> list[Figure]:
    """Every figure of `text` in order, at most MAX_FIGURES."""
    if not _HAS_DIGIT.search(text):
        return []
    folded = text.translate(_FOLD)
    taken = bytearray(len(folded))  # 1 where a phone number or a quarter was read
    for m in _PHONE.finditer(folded):
        taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    found: list[Figure] = []
    for m in _QUARTER.finditer(folded):
        number = m.group("q") or m.group("ord") or m.group("aord")
        quarter = (
            int(number)
            if number.isdigit()
            else _ORDINALS.get(number.lower()) or _ARABIC_ORDINALS[number]
        )
        found.append(Figure(quarter, "quarter", None, None, text[m.start() : m.end()], *m.span()))
        taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    raws = [
        r
        for m in _NUMBER.finditer(folded)
        if not taken[m.start()] and (r := _read(folded, text, m, lang))
    ]
    found += _ranges(raws, folded, text)
    found.sort(key=lambda f: (f.start, f.bound == "high"))
    return [f for f in found if f.end - f.start <= MAX_SPAN][:MAX_FIGURES]


def _read(folded: str, text: str, m: re.Match[str], lang: str) -> _Raw | None:
    """One run of digits as a number with what is written around it, or None."""
    start, end = m.start(), m.end()
    while folded[end - 1] in ".,":  # a sentence's full stop or a list's comma
        end -= 1
    before = folded[max(0, start - _WINDOW) : start]
    after = folded[end : end + _WINDOW]
    if before and (before[-1].isalpha() or before[-1] in "_/:."):
        return None  # inside a word (Q3, H1, FY2024), a date, a time, or `.5`
    if before[-2:-1].isalpha() and before[-1:] == "-":
        return None  # COVID-19
    if after[:1] in ("/", ":") and after[1:2].isdigit():
        return None  # 24/7, 10:30
    if _DATE_BEFORE.search(before) or _DATE_AFTER.match(after):
        return None  # December 31, 1 يناير
    b = _BEFORE.search(before)
    a = _AFTER.match(after)
    assert b is not None and a is not None  # both patterns match the empty string
    currency = _CURRENCY_BEFORE[b.group("cur")] if b.group("cur") else None
    percent_before = bool(b.group("pct")) and lang == "ar" and not before[-3:-1].isdigit()
    scale_word = a.group("scale")
    if scale_word in _ONE_LETTER and (a.group("gap") or not currency):
        a = _AFTER.match(after, 0, 0)  # `5 m` (metres?), `5M` without a currency: no scale
        assert a is not None
        scale_word = None
    if not (a.group("pct") or a.group("pp") or scale_word or a.group("cur")):
        if after[:1].isalpha():
            return None  # 5G, 3rd, 401k
        a = _AFTER.match(after, 0, 0)
        assert a is not None
    scale = None
    if scale_word:
        scale = _SCALE_WORDS.get(scale_word) or _SCALE_WORDS[scale_word.lower()]
    number = folded[start:end]
    value = _value(number, text[start:end], lang, scale is not None)
    if value is None:
        return None
    unit = "%" if (a.group("pct") or percent_before) else "pp" if a.group("pp") else None
    if a.group("cur") and currency is None:
        currency = _CURRENCY_AFTER[a.group("cur").lower()]
    sign = b.group("sign")
    signed = sign is not None and not before[-2:-1].isalnum()  # not the dash of `5-6`
    if signed and sign == "-":
        value = -value
    if (
        number.isdigit()
        and len(number) == 4
        and 1800 <= int(number) <= 2100
        and not (scale or unit or currency or signed)
    ):
        return None  # a year
    first = start
    if signed:
        first -= 1
    if b.group("cur") or percent_before:
        first = max(0, start - _WINDOW) + b.start()
    last = end + a.end()
    while last > end and folded[last - 1].isspace():
        last -= 1
    return _Raw(value, unit, currency, scale, first, last, start, end)


def _value(number: str, written: str, lang: str, scaled: bool) -> Decimal | None:
    """The number a run of digits and separators writes, or None where it reads two ways."""
    commas, dots = number.count(","), number.count(".")
    groups = re.split(r"[.,]", number)
    thousands = all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3
    if commas and dots:
        head, _, decimals = number.rpartition(".")
        if "." in head or not re.fullmatch(r"[0-9]{1,3}(?:,[0-9]{3})+", head):
            return None  # 1.234,56 or worse: a European comma, or nothing known
        digits = head.replace(",", "") + "." + decimals
    elif commas:
        if not thousands:
            return None  # 1,5 or 12,34: a decimal comma, or a list
        digits = number.replace(",", "")
    elif dots > 1:
        if not thousands:
            return None  # 800.555.1234, 1.2.3
        digits = number.replace(".", "")
    elif dots == 1:
        explicit = "٫" in written  # the Arabic decimal separator says which it is
        three_after = len(groups[1]) == 3 and 1 <= len(groups[0]) <= 3
        if lang == "ar" and three_after and not explicit:
            if scaled:
                return None  # 1.500 مليون: one and a half, or fifteen hundred?
            digits = number.replace(".", "")
        else:
            digits = number
    else:
        digits = number
    if len(digits) > 16:
        return None  # an account or an id, not a quantity
    try:
        return Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern only passes digits and one dot
        return None


def _ranges(raws: list[_Raw], folded: str, text: str) -> list[Figure]:
    """Figures from the numbers read, two joined by a dash or `to` becoming one range."""
    out: list[Figure] = []
    i = 0
    while i < len(raws):
        low = raws[i]
        high = raws[i + 1] if i + 1 < len(raws) else None
        joined = (
            high is not None
            and high.number_start - low.end <= 8
            and _RANGE.fullmatch(folded[low.end : high.number_start]) is not None
            and (not low.unit or not high.unit or low.unit == high.unit)
            and (not low.currency or not high.currency or low.currency == high.currency)
        )
        if not joined or high is None:
            out.append(_figure(low, text))
            i += 1
            continue
        shared = {
            "unit": low.unit or high.unit,
            "currency": low.currency or high.currency,
            "scale": low.scale or high.scale,
        }
        span = (low.start, high.end)
        out.append(_figure(low._replace(**shared), text, span, "low"))
        out.append(_figure(high._replace(**shared), text, span, "high"))
        i += 2
    return out


def _figure(
    raw: _Raw, text: str, span: tuple[int, int] | None = None, bound: str | None = None
) -> Figure:
    start, end = span or (raw.start, raw.end)
    value = raw.value * SCALES[raw.scale] if raw.scale else raw.value
    plain: int | float = int(value) if value == value.to_integral_value() else float(value)
    return Figure(plain, raw.unit, raw.currency, raw.scale, text[start:end], start, end, bound)
