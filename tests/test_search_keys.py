"""A search key packs a statement's place so that key order is newest year first and the
facets can be read from keys alone."""

from __future__ import annotations

import pytest

from app.domain import BLOCK_KINDS
from app.search.keys import (
    MAX_COMPANY_ID,
    MAX_POSITION,
    POSITION_BITS,
    BlockKey,
    KeyRangeError,
    block_filter_bits,
    block_of,
    search_key,
    year_range,
)


@pytest.mark.parametrize("kind", BLOCK_KINDS)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_key_gives_back_its_block(kind: str, lang: str) -> None:
    key = search_key(2023, 4711, kind, lang, 12)
    assert block_of(key >> POSITION_BITS) == BlockKey(2023, 4711, kind, lang)
    assert key & MAX_POSITION == 12


def test_keys_sort_by_year_then_company() -> None:
    keys = [
        search_key(2025, 1, "channels", "en", 0),
        search_key(2024, MAX_COMPANY_ID, "revenue-streams", "ar", MAX_POSITION),
        search_key(2024, 2, "key-partners", "en", 0),
    ]
    assert keys == sorted(keys, reverse=True)


def test_a_year_range_holds_exactly_that_year() -> None:
    low, high = year_range(2024)
    assert low <= search_key(2024, 1, "key-partners", "en", 0) <= high
    assert low <= search_key(2024, MAX_COMPANY_ID, "revenue-streams", "ar", MAX_POSITION) <= high
    assert not low <= search_key(2023, MAX_COMPANY_ID, "revenue-streams", "ar", 9) <= high
    assert not low <= search_key(2025, 1, "key-partners", "en", 0) <= high
    clow, chigh = year_range(2024, 7)
    assert clow <= search_key(2024, 7, "channels", "ar", 3) <= chigh
    assert not clow <= search_key(2024, 8, "key-partners", "en", 0) <= chigh


def test_filter_bits_keep_one_kind_language_or_company() -> None:
    mask, value = block_filter_bits("channels", "ar", 7)
    assert (search_key(2024, 7, "channels", "ar", 5) >> POSITION_BITS) & mask == value
    for other in (
        search_key(2024, 7, "channels", "en", 5),
        search_key(2024, 7, "key-partners", "ar", 5),
        search_key(2024, 8, "channels", "ar", 5),
    ):
        assert (other >> POSITION_BITS) & mask != value
    assert block_filter_bits() == (0, 0)


@pytest.mark.parametrize(
    "place",
    [
        (1799, 1, "channels", "en", 0),
        (2312, 1, "channels", "en", 0),
        (2024, MAX_COMPANY_ID + 1, "channels", "en", 0),
        (2024, 0, "channels", "en", 0),
        (2024, 1, "channels", "en", MAX_POSITION + 1),
    ],
)
def test_what_a_key_cannot_hold_is_refused(place: tuple[int, int, str, str, int]) -> None:
    with pytest.raises(KeyRangeError):
        search_key(*place)
