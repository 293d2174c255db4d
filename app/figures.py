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
from collections.abc import Iterable
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
_NUMBER = re.compile(r"[0-9](?:[0-9]|[.,](?=[0-9]))*")  # a separator only between digits
_PHONE = re.compile(r"(?<![\w+])\+?\(?[0-9]{1,4}\)?(?:[ \-][0-9]{2,4}){2,}(?![0-9])")
_HAS_DIGIT = re.compile(r"[0-9٠-٩۰-۹]")
_NEEDS_FOLD = re.compile("[٠-٩۰-۹٬٫٪\u2212\u00a0\u202f]")  # what _FOLD changes

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
#: Scale words read in any case (`Million`, `BN`); the rest only as listed (`MM` is a
#: million, `mm` millimetres; `T` a trillion, `t` tonnes).
_CASELESS = {w for w in _SCALE_WORDS if len(w) >= 2 and w.isascii() and w.islower() and w != "mm"}

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


_ARABIC_PREFIXES = frozenset("وفبلك")  # and, so, with, for, as: written joined to what follows
_CURRENCY_ENDS = frozenset(code[-1] for code in _CURRENCY_BEFORE) | {"%"}
_SPACES = frozenset(" \t\n\r\u00a0\u202f")


def _alternation(words: Iterable[str]) -> str:
    """Longest first, so `مليارات` is tried before `مليار`."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


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
_WINDOW = 40  # characters read after a number (`1.2 مليار دولار أمريكي`)
_BEFORE_WINDOW = 12  # and before it (`September `, `US$ -`)
_MONTHS = frozenset(
    {
        "jan",
        "january",
        "feb",
        "february",
        "mar",
        "march",
        "apr",
        "april",
        "may",
        "jun",
        "june",
        "jul",
        "july",
        "aug",
        "august",
        "sep",
        "sept",
        "september",
        "oct",
        "october",
        "nov",
        "november",
        "dec",
        "december",
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "ابريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "اغسطس",
        "سبتمبر",
        "أكتوبر",
        "اكتوبر",
        "نوفمبر",
        "ديسمبر",
    }
)

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
    value: int  # exactly: value / 10**decimals, in integers (no float error, no Decimal cost)
    decimals: int
    unit: str | None
    currency: str | None
    scale: str | None
    start: int
    end: int
    number_start: int  # where the digits begin and end (a range joins on them)
    number_end: int


def figures(text: str, lang: str = "en") -> list[Figure]:
    """Every figure of `text` in order, at most MAX_FIGURES."""
    if not _HAS_DIGIT.search(text) and "uarter" not in text and "الربع" not in text:
        return []
    folded = text.translate(_FOLD) if _NEEDS_FOLD.search(text) else text
    found: list[Figure] = []
    taken: bytearray | None = None  # 1 where a quarter or a phone number was read
    if "Q" in folded or "uarter" in folded or "UARTER" in folded or "الربع" in folded:
        taken = bytearray(len(folded))
        for m in _QUARTER.finditer(folded):
            number = m.group("q") or m.group("ord") or m.group("aord")
            quarter = (
                int(number)
                if number.isdigit()
                else _ORDINALS.get(number.lower()) or _ARABIC_ORDINALS[number]
            )
            start, end = m.span()
            found.append(Figure(quarter, "quarter", None, None, text[start:end], start, end))
            taken[start:end] = b"\x01" * (end - start)
    phones: bytearray | None = None
    raws = []
    for m in _NUMBER.finditer(folded):
        start, end = m.span()
        if taken is not None and taken[start]:
            continue
        if _chained(folded, start, end):  # digits in a row of groups: a phone number?
            if phones is None:
                phones = bytearray(len(folded))
                for p in _PHONE.finditer(folded):
                    phones[p.start() : p.end()] = b"\x01" * (p.end() - p.start())
            if phones[start]:
                continue
        raw = _read(folded, text, m, lang)
        if raw is not None:
            raws.append(raw)
    found += _ranges(raws, folded, text)
    found.sort(key=lambda f: (f.start, f.bound == "high"))
    kept = [f for f in found if f.end - f.start <= MAX_SPAN][:MAX_FIGURES]
    if kept and kept[-1].bound == "low":
        kept.pop()  # never half a range
    return kept


def _chained(folded: str, start: int, end: int) -> bool:
    """Digits with another group of digits beside them across a space, a hyphen or a
    bracket, or after a `+`: the only way a phone number is written."""
    before = folded[start - 2 : start] if start >= 2 else folded[:start]
    after = folded[end : end + 2]
    return (
        (after[:1] in (" ", "-", ")") and after[1:2].isdigit())
        or (before[-1:] in (" ", "-", "(", ")") and before[:1].isdigit())
        or before[-1:] in ("+", "(")
    )


def _read(folded: str, text: str, m: re.Match[str], lang: str) -> _Raw | None:
    """One run of digits as a number with what is written around it, or None. The loader's
    hot path (every number of every statement): string tests first, one anchored pattern
    for what follows the number."""
    start, end = m.span()
    before = folded[max(0, start - _BEFORE_WINDOW) : start]
    after = folded[end : end + _WINDOW]
    last = before[-1:]
    attached = last in _ARABIC_PREFIXES and before[-2:-1] in ("", " ")  # و5، ب٢٠٪
    if last and (last.isalpha() or last in "_/:.") and not attached:
        return None  # inside a word (Q3, H1, FY2024), a date, a time, or `.5`
    head = after[:1]
    if head in ("/", ":") and after[1:2].isdigit():
        return None  # 24/7, 10:30
    # a sign after a space, a bracket or nothing; not the dash of `5-6` or `5%-6%`
    signed = last in ("-", "+") and before[-2:-1] in ("", " ", "(", "[", "\n", "\t")
    if last == "-" and before[-2:-1].isalpha() and _scale_of(_last_word(before[:-1])) is None:
        return None  # COVID-19 (but `$5bn-6bn` is a range)
    a = _AFTER.match(after)
    assert a is not None  # the pattern matches the empty string
    gap, pct, pp, scale_word, cur_after = a.groups()
    number = folded[start:end]
    said = pct or pp or scale_word or cur_after
    if (
        not said
        and _is_year(number)
        and not signed
        and before.rstrip()[-1:] not in _CURRENCY_ENDS
        and not head.isalpha()
    ):
        return None  # a year (the commonest number of all, so told apart first)
    rest = before[:-1] if signed else before
    currency, cur_len = _currency_before(rest)
    bare = rest[: len(rest) - cur_len] if cur_len else rest
    if cur_len and not signed and bare[-1:] in ("-", "+") and bare[-2:-1] in ("", " ", "("):
        signed, last = True, bare[-1]  # -$5 million: the sign before the currency
        bare = bare[:-1]
    percent_before = (
        lang == "ar"
        and not currency
        and bare.rstrip()[-1:] == "%"
        and not bare.rstrip()[-2:-1].isdigit()
    )
    if (last in (" ", ".") and _is_month(_last_word(before))) or (
        head == " " and _is_month(_first_word(after[1:]))
    ):
        return None  # December 31, 1 يناير
    if scale_word and _scale_of(scale_word) is None:  # `5 mm`, `500 t`: a unit, no scale
        scale_word = cur_after = pct = pp = None
        said = None
    if scale_word in _ONE_LETTER and (gap or not currency):
        scale_word = cur_after = pct = pp = None  # `5 m` (metres?), `5M` without a currency
        said = None
    if not said:
        if head.isalpha():
            return None  # 5G, 3rd, 401k
        stop = end
        if not (currency or percent_before or signed) and _is_year(number):
            return None  # a year after all (`FY 2024`: no currency ends in that Y)
    else:
        stop = end + a.end()
    scale = _scale_of(scale_word) if scale_word else None
    read = _value(number, text, start, end, lang, scale is not None)
    if read is None:
        return None
    value, decimals = read
    unit = "%" if (pct or percent_before) else "pp" if pp else None
    if cur_after and currency is None:
        currency = _CURRENCY_AFTER[cur_after.lower()]
    if signed and last == "-":
        value = -value
    first = start - 1 if signed else start
    if cur_len:
        first = start - (len(before) - len(bare))
    elif percent_before:
        first = start - (len(before) - len(bare.rstrip()) + 1)
    while stop > end and folded[stop - 1] in _SPACES:
        stop -= 1
    return _Raw(value, decimals, unit, currency, scale, first, stop, start, end)


def _is_year(number: str) -> bool:
    return len(number) == 4 and "1800" <= number <= "2100" and number.isdigit()


def _scale_of(word: str) -> str | None:
    found = _SCALE_WORDS.get(word)
    if found is None and word.lower() in _CASELESS:
        found = _SCALE_WORDS[word.lower()]
    return found


def _currency_before(rest: str) -> tuple[str | None, int]:
    """The currency written just before a number (`$`, `US$ `, `SAR `), and its length."""
    trimmed = rest[:-1] if rest[-1:] == " " else rest
    if trimmed[-1:] not in _CURRENCY_ENDS:
        return None, 0
    for size in (3, 2, 1):
        found = _CURRENCY_BEFORE.get(trimmed[-size:]) if len(trimmed) >= size else None
        if found and not (size == 3 and trimmed[-4:-3].isalpha()):  # USD, not xUSD
            return found, size + len(rest) - len(trimmed)
    return None, 0


def _last_word(before: str) -> str:
    """The letters just before a number, past a space or a full stop (`Dec. `, `December `)."""
    trimmed = before.rstrip(" .")
    i = len(trimmed)
    while i and trimmed[i - 1].isalpha():
        i -= 1
    return trimmed[i:]


def _first_word(after: str) -> str:
    i = 0
    while i < len(after) and after[i].isalpha():
        i += 1
    return after[:i]


def _is_month(word: str) -> bool:
    return bool(word) and word.lower() in _MONTHS


def _value(
    number: str, text: str, start: int, end: int, lang: str, scaled: bool
) -> tuple[int, int] | None:
    """The number a run of digits and separators writes, or None where it reads two ways."""
    commas, dots = number.count(","), number.count(".")
    if not (commas or dots):
        digits = number
    else:
        groups = number.replace(",", ".").split(".")
        thousands = 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
        if commas and dots:
            head, _, decimals = number.rpartition(".")
            head_groups = head.split(",")
            if (
                "." in head
                or "," in decimals
                or not (1 <= len(head_groups[0]) <= 3 and all(len(g) == 3 for g in head_groups[1:]))
            ):
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
        elif lang == "ar" and thousands and "٫" not in text[start:end]:
            if scaled:  # one dot, three digits after it, in Arabic text: a thousands dot
                return None  # 1.500 مليون: one and a half, or fifteen hundred?
            digits = number.replace(".", "")
        else:
            digits = number  # a decimal dot (the Arabic ٫ says so too)
    if len(digits) > 16:
        return None  # an account or an id, not a quantity
    whole, _, fraction = digits.partition(".")
    return int(whole + fraction), len(fraction)


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
            and not ((low.unit or high.unit) and (low.currency or high.currency))  # 5% to $6bn
            and (not low.scale or not high.scale or low.scale == high.scale)
        )
        if not joined or high is None:
            out += _figure(low, text)
            i += 1
            continue
        unit = low.unit or high.unit
        currency = low.currency or high.currency
        scale = low.scale or high.scale
        span = (low.start, high.end)
        ends = _figure(low._replace(unit=unit, currency=currency, scale=scale), text, span, "low")
        ends += _figure(
            high._replace(unit=unit, currency=currency, scale=scale), text, span, "high"
        )
        if len(ends) == 2:  # a range is both its ends, or nothing
            out += ends
        i += 2
    return out


#: Larger than any quantity a statement writes, and than a float holds exactly.
MAX_VALUE = 2**53


def _figure(
    raw: _Raw, text: str, span: tuple[int, int] | None = None, bound: str | None = None
) -> list[Figure]:
    """The figure (in a list: none when its value is past MAX_VALUE)."""
    start, end = span or (raw.start, raw.end)
    value = raw.value * SCALES[raw.scale] if raw.scale else raw.value
    if raw.decimals:
        whole, rest = divmod(value, 10**raw.decimals)
        plain: int | float = whole if rest == 0 else value / 10**raw.decimals
    else:
        plain = value
    if abs(plain) >= MAX_VALUE:
        return []  # `$10,000,000 trillion`: no amount, and no SQLite integer either
    return [Figure(plain, raw.unit, raw.currency, raw.scale, text[start:end], start, end, bound)]
