"""The search key: where a statement sits, packed so the full-text index can sort and count.

The index's rowid for a claim is its snapshot year, company, block kind, block language and
position in the block, packed into one integer, highest part first; (company, year, kind,
lang) names the block and (block, position) the claim. So without reading any table the
index can
- give the newest snapshots first (`ORDER BY rowid DESC`) and one year's hits (a rowid
  range), or one company's in one year;
- count hits per block of a company's snapshot from the ids alone (`rowid >> POSITION_BITS`),
  from which the year, company, block and language facets all follow.
Keys of one block are consecutive, so the index's doclists stay small.
"""

from __future__ import annotations

from typing import NamedTuple

from app.domain import BLOCK_KINDS, BlockKind, Lang

#: The FTS5 table (migration 0002).
SEARCH_INDEX = "claims_search"

YEAR_BASE = 1800  # the manifest accepts years 1800-2200
YEAR_BITS = 9
COMPANY_BITS = 22  # about 4 million companies
KIND_BITS = 4
LANG_BITS = 1
POSITION_BITS = 20  # about a million statements in one block

MAX_COMPANY_ID = (1 << COMPANY_BITS) - 1
KIND_MASK = (1 << KIND_BITS) - 1
LANG_MASK = (1 << LANG_BITS) - 1
MAX_POSITION = (1 << POSITION_BITS) - 1

LANG_SHIFT = POSITION_BITS
KIND_SHIFT = LANG_SHIFT + LANG_BITS
COMPANY_SHIFT = KIND_SHIFT + KIND_BITS
YEAR_SHIFT = COMPANY_SHIFT + COMPANY_BITS

LANG_CODES: tuple[Lang, ...] = ("en", "ar")
# by str: the loader's parsed kinds and the search filters are checked here, not typed
_KIND_INDEX: dict[str, int] = {kind: i for i, kind in enumerate(BLOCK_KINDS)}
_LANG_INDEX: dict[str, int] = {lang: i for i, lang in enumerate(LANG_CODES)}


class KeyRangeError(ValueError):
    """A statement the key cannot hold (a year, company id or position out of range)."""


class BlockKey(NamedTuple):
    """The parts of a key above the position: which block of which snapshot."""

    year: int
    company_id: int
    kind: BlockKind
    lang: Lang


def search_key(year: int, company_id: int, kind: str, lang: str, position: int) -> int:
    """The key of the statement at `position` in its block."""
    if not YEAR_BASE <= year < YEAR_BASE + (1 << YEAR_BITS):
        last = YEAR_BASE + (1 << YEAR_BITS) - 1
        raise KeyRangeError(f"year {year} is outside {YEAR_BASE}-{last}")
    if not 0 < company_id <= MAX_COMPANY_ID:
        raise KeyRangeError(f"company id {company_id} is over {MAX_COMPANY_ID:,}")
    if not 0 <= position <= MAX_POSITION:
        raise KeyRangeError(f"a block holds at most {MAX_POSITION + 1:,} statements")
    return (
        ((year - YEAR_BASE) << YEAR_SHIFT)
        | (company_id << COMPANY_SHIFT)
        | (_KIND_INDEX[kind] << KIND_SHIFT)
        | (_LANG_INDEX[lang] << LANG_SHIFT)
        | position
    )


def block_of(block_bits: int) -> BlockKey:
    """The block a key's upper part (`key >> POSITION_BITS`) names."""
    lang = block_bits & ((1 << LANG_BITS) - 1)
    kind = (block_bits >> LANG_BITS) & ((1 << KIND_BITS) - 1)
    company = (block_bits >> (LANG_BITS + KIND_BITS)) & MAX_COMPANY_ID
    year = (block_bits >> (LANG_BITS + KIND_BITS + COMPANY_BITS)) + YEAR_BASE
    return BlockKey(year, company, BLOCK_KINDS[kind], LANG_CODES[lang])


def year_range(year: int, company_id: int | None = None) -> tuple[int, int]:
    """The lowest and highest key of a year's statements (of one company, if given)."""
    low = (year - YEAR_BASE) << YEAR_SHIFT
    if company_id is None:
        return low, low + (1 << YEAR_SHIFT) - 1
    low |= company_id << COMPANY_SHIFT
    return low, low + (1 << COMPANY_SHIFT) - 1


def block_filter_bits(
    kind: str | None = None, lang: str | None = None, company_id: int | None = None
) -> tuple[int, int]:
    """(mask, value) on `key >> POSITION_BITS` that keeps one block kind, language and/or
    company (0, 0: keeps everything)."""
    mask = value = 0
    if company_id is not None:
        mask |= MAX_COMPANY_ID << (LANG_BITS + KIND_BITS)
        value |= company_id << (LANG_BITS + KIND_BITS)
    if kind is not None:
        mask |= ((1 << KIND_BITS) - 1) << LANG_BITS
        value |= _KIND_INDEX[kind] << LANG_BITS
    if lang is not None:
        mask |= (1 << LANG_BITS) - 1
        value |= _LANG_INDEX[lang]
    return mask, value
