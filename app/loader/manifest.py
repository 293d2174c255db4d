"""`manifest.toml`: pins what inference got wrong, per source key and per part.

[sources."001_ead442415cccde68"]
company = "Cigna Corporation"    # display name
slug = "cigna"
ticker = "CI"
title = "Cigna (CI): business model canvas"
url = "https://example.com/cigna-canvas"
year = 2023                      # every part of the document

[sources."001_ead442415cccde68".parts.en]
year = 2025                      # only the English part
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from app.loader.document import MAX_LABEL_CHARS, DocumentError

_SOURCE_KEYS = {"company", "slug", "ticker", "title", "url", "year", "parts"}
_PART_KEYS = {"year"}
_MAX_URL_CHARS = 2000  # what browsers and crawlers reliably keep


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    company: str | None = None
    slug: str | None = None
    ticker: str | None = None
    title: str | None = None
    url: str | None = None
    year: int | None = None
    part_years: dict[str, int] = field(default_factory=dict)

    def canonical(self) -> str:
        """Stable text for the source fingerprint: a changed pin re-imports the source."""
        return repr(
            (
                self.company,
                self.slug,
                self.ticker,
                self.title,
                self.url,
                self.year,
                sorted(self.part_years.items()),
            )
        )


def read_manifest(path: Path) -> dict[str, ManifestEntry]:
    """Entries by source key; a malformed manifest is an error naming the file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DocumentError(f"manifest is not valid TOML: {exc}") from None
    sources = data.get("sources", {})
    unknown_top = set(data) - {"sources"}
    if unknown_top or not isinstance(sources, dict):
        raise DocumentError(f"manifest: unknown top-level keys {sorted(unknown_top)}")
    return {key: _entry(key, value) for key, value in sources.items()}


def _entry(key: str, value: object) -> ManifestEntry:
    if not isinstance(value, dict):
        raise DocumentError(f"manifest: sources.{key} must be a table")
    unknown = set(value) - _SOURCE_KEYS
    if unknown:
        raise DocumentError(f"manifest: sources.{key} has unknown keys {sorted(unknown)}")
    part_years: dict[str, int] = {}
    parts = value.get("parts", {})
    if not isinstance(parts, dict):
        raise DocumentError(f"manifest: sources.{key}.parts must be a table of en/ar")
    for lang, part in parts.items():
        if lang not in ("en", "ar") or not isinstance(part, dict) or set(part) - _PART_KEYS:
            raise DocumentError(f"manifest: sources.{key}.parts.{lang} must be en/ar with 'year'")
        part_years[lang] = _year(f"sources.{key}.parts.{lang}.year", part.get("year"))
    strings = {}
    for name in ("company", "slug", "ticker", "title", "url"):
        item = value.get(name)
        if item is not None and not (isinstance(item, str) and item.strip()):
            raise DocumentError(f"manifest: sources.{key}.{name} must be a non-empty string")
        limit = _MAX_URL_CHARS if name == "url" else MAX_LABEL_CHARS
        if item is not None and len(item) > limit:
            raise DocumentError(
                f"manifest: sources.{key}.{name} is {len(item):,} characters, "
                f"over the {limit}-character limit"
            )
        strings[name] = item
    year = value.get("year")
    return ManifestEntry(
        **strings,
        year=None if year is None else _year(f"sources.{key}.year", year),
        part_years=part_years,
    )


def _year(where: str, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1800 <= value <= 2200:
        raise DocumentError(f"manifest: {where} must be a year such as 2023")
    return value
