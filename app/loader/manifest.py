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

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from app.domain import MAX_SLUG_CHARS, SLUG
from app.loader.document import MAX_LABEL_CHARS, DocumentError

_SOURCE_KEYS = {"company", "slug", "ticker", "title", "url", "year", "parts"}
_PART_KEYS = {"year"}
_MAX_URL_CHARS = 2000  # what browsers and crawlers reliably keep
#: A manifest pins a handful of values per source, some 200 bytes: a megabyte is thousands
#: of sources. Anything larger is not a manifest a person wrote.
MAX_MANIFEST_BYTES = 1024 * 1024
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]{1,60}")
_SHOWN_KEY_CHARS = 60
#: What a URL never holds as written (spaces, controls, a backslash browsers read as `/`):
#: such a value is text pasted by mistake, or an attempt to make the link another one.
_NOT_IN_URL = re.compile(r"[\x00-\x20\x7f\\]")


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
    size = path.stat().st_size
    if size > MAX_MANIFEST_BYTES:
        raise DocumentError(f"manifest is {size:,} bytes, over the 1 MB limit")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DocumentError(f"manifest is not valid TOML: {exc}") from None
    except RecursionError:  # tomllib reads nested arrays and inline tables recursively
        raise DocumentError(
            "manifest nests arrays or inline tables too deeply (a manifest needs three levels)"
        ) from None
    sources = data.get("sources", {})
    unknown_top = set(data) - {"sources"}
    if unknown_top or not isinstance(sources, dict):
        raise DocumentError(f"manifest: unknown top-level keys {_keys(unknown_top)}")
    return {key: _entry(key, value) for key, value in sources.items()}


def _shown(key: str) -> str:
    """A key as TOML writes it (bare, or quoted with escapes), cut short: one line."""
    if _BARE_KEY.fullmatch(key):
        return key
    if len(key) > _SHOWN_KEY_CHARS:
        return json.dumps(key[:_SHOWN_KEY_CHARS], ensure_ascii=False)[:-1] + '..."'
    return json.dumps(key, ensure_ascii=False)


def _keys(keys: set[str]) -> str:
    """Unknown keys as a list, as Python writes one (escaped: one line), at most five."""
    shown = sorted(keys)
    listed = [
        repr(k if len(k) <= _SHOWN_KEY_CHARS else k[:_SHOWN_KEY_CHARS] + "...") for k in shown[:5]
    ]
    return f"[{', '.join(listed)}{', ...' if len(shown) > 5 else ''}]"


def _entry(key: str, value: object) -> ManifestEntry:
    where = f"sources.{_shown(key)}"
    if not isinstance(value, dict):
        raise DocumentError(f"manifest: {where} must be a table")
    unknown = set(value) - _SOURCE_KEYS
    if unknown:
        raise DocumentError(f"manifest: {where} has unknown keys {_keys(unknown)}")
    part_years: dict[str, int] = {}
    parts = value.get("parts", {})
    if not isinstance(parts, dict):
        raise DocumentError(f"manifest: {where}.parts must be a table of en/ar")
    for lang, part in parts.items():
        if lang not in ("en", "ar") or not isinstance(part, dict) or set(part) - _PART_KEYS:
            raise DocumentError(f"manifest: {where}.parts.{_shown(lang)} must be en/ar with 'year'")
        part_years[lang] = _year(f"{where}.parts.{lang}.year", part.get("year"))
    strings = {}
    for name in ("company", "slug", "ticker", "title", "url"):
        item = value.get(name)
        if item is not None and not (isinstance(item, str) and item.strip()):
            raise DocumentError(f"manifest: {where}.{name} must be a non-empty string")
        limit = {"url": _MAX_URL_CHARS, "slug": MAX_SLUG_CHARS}.get(name, MAX_LABEL_CHARS)
        if item is not None and len(item) > limit:
            raise DocumentError(
                f"manifest: {where}.{name} is {len(item):,} characters, "
                f"over the {limit}-character limit"
            )
        strings[name] = item
    if strings["slug"] is not None and not SLUG.fullmatch(strings["slug"]):
        raise DocumentError(
            f"manifest: {where}.slug must be lowercase ASCII letters and digits with single "
            "hyphens between them (such as 'acme-robotics')"
        )
    if strings["url"] is not None and not _is_web_url(strings["url"]):
        raise DocumentError(f"manifest: {where}.url must be an http or https URL")
    year = value.get("year")
    return ManifestEntry(
        **strings,
        year=None if year is None else _year(f"{where}.year", year),
        part_years=part_years,
    )


def _is_web_url(url: str) -> bool:
    """An absolute `http` or `https` URL with a host: the site draws it as a live link, so
    `javascript:`, `data:`, relative and scheme-relative (`//host`) URLs are refused."""
    if _NOT_IN_URL.search(url):
        return False
    try:
        parts = urlsplit(url)
        _ = parts.port  # a port that is no number raises ValueError
    except ValueError:  # an unclosed `[` of an IPv6 host, a bad port
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _year(where: str, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1800 <= value <= 2200:
        raise DocumentError(f"manifest: {where} must be a year such as 2023")
    return value
