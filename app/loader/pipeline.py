"""One document from disk to something the store can write: read -> parse -> classify.

Classification here is what the parsers cannot know alone: the manifest's pins, the
company slug, and the final snapshot year of each part.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from app.figures import Figure, figures
from app.loader.company import company_slug
from app.loader.detect import parse_document
from app.loader.document import (
    DocumentError,
    ParsedBlock,
    ParsedClaim,
    ParsedDocument,
    Part,
    check_label,
)
from app.loader.manifest import ManifestEntry, read_manifest
from app.loader.reading import SourceFile, read_source
from app.search.terms import index_text

#: Bump when parsing changes what is stored, so unchanged files are re-imported once.
PARSER_VERSION = "2"  # 2: figures
MANIFEST_NAME = "manifest.toml"


class ClaimInsert(NamedTuple):
    """A claim as the store writes it (after its block id, source id and position)."""

    kind: str
    topic: str | None
    text: str
    lang: str
    line_start: int
    line_end: int
    anchor: str
    cells: str | None  # JSON
    header: str | None  # JSON
    table_line: int | None


def anchor_for(source_key: str, lang: str, block_kind: str, text: str) -> str:
    """Short id for a claim that survives re-imports of the same text (not its position)."""
    digest = hashlib.blake2b(
        f"{source_key}\x1f{lang}\x1f{block_kind}\x1f{text}".encode(), digest_size=5
    )
    return digest.hexdigest()


_JSON = json.JSONEncoder(ensure_ascii=False)  # one encoder: json.dumps(..., ensure_ascii=False)
# builds a new one per call, which showed in the load profile


def claim_rows(source_key: str, block_kind: str, claims: list[ParsedClaim]) -> list[ClaimInsert]:
    """Anchors (a repeated text gets `-2`, `-3`) and JSON cells, ready for the store."""
    seen: dict[str, int] = {}
    headers: dict[tuple[str, ...], str] = {}
    rows: list[ClaimInsert] = []
    for claim in claims:
        anchor = anchor_for(source_key, claim.lang, block_kind, claim.text)
        seen[anchor] = count = seen.get(anchor, 0) + 1
        if count > 1:
            anchor = f"{anchor}-{count}"
        header = None
        if claim.header is not None:
            header = headers.get(claim.header)
            if header is None:
                header = headers[claim.header] = _JSON.encode(claim.header)
        cells = None if claim.cells is None else _JSON.encode(claim.cells)
        rows.append(
            ClaimInsert(
                claim.kind,
                claim.topic,
                claim.text,
                claim.lang,
                claim.line_start,
                claim.line_end,
                anchor,
                cells,
                header,
                claim.table_line,
            )
        )
    return rows


@dataclass(slots=True)
class PreparedDocument:
    source: SourceFile
    parsed: ParsedDocument
    path: str  # as stored: relative to the project root when under it
    name: str
    slug: str
    ticker: str | None
    title: str
    url: str | None
    inferred_years: dict[str, int | None]
    fingerprint: str
    name_pinned: bool = False
    manifest_changes: list[str] = field(default_factory=list)
    rows: dict[tuple[str, str], list[ClaimInsert]] = field(default_factory=dict)  # (lang, kind)
    #: What the full-text index holds for each row, in the rows' order: made here, in the
    #: worker processes, so the store (the one writer) only inserts it.
    search_texts: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    #: The figures of each row (app/figures.py), in the rows' order: read here too.
    figures: dict[tuple[str, str], list[list[Figure]]] = field(default_factory=dict)

    def slim(self) -> PreparedDocument:
        """Without claim objects and line roles (the rows hold what the store needs): what
        crosses from a worker process, where pickling every `ParsedClaim` would cost a good
        part of a parse."""
        parts = [
            Part(
                lang=p.lang,
                year=p.year,
                year_counts={},
                noise_lines=p.noise_lines,
                blocks=[
                    ParsedBlock(kind=b.kind, heading=b.heading, line=b.line, lang=b.lang)
                    for b in p.blocks
                ],
            )
            for p in self.parsed.parts
        ]
        return replace(self, parsed=replace(self.parsed, parts=parts, dropped=[], structure={}))


class Manifests:
    """The `manifest.toml` beside each document (or one given explicitly), read once each."""

    def __init__(self, explicit: Path | None = None) -> None:
        if explicit is not None and not explicit.is_file():
            raise ManifestError(f"{explicit}: no such manifest")
        self.explicit = explicit
        self._cache: dict[Path, dict[str, ManifestEntry]] = {}

    def _entries(self, path: Path) -> dict[str, ManifestEntry]:
        if path not in self._cache:
            try:
                self._cache[path] = read_manifest(path) if path.is_file() else {}
            except DocumentError as exc:
                raise ManifestError(exc.located(str(path))) from None
        return self._cache[path]

    def entry_for(self, document: Path) -> ManifestEntry | None:
        return self._entries(self.explicit or document.parent / MANIFEST_NAME).get(document.stem)

    def unmatched(self, documents: list[Path]) -> list[str]:
        """Entries that pin no document among `documents`: most likely a typo in a source
        key, which would otherwise leave the pin silently unapplied."""
        stems: dict[Path, set[str]] = {}
        for document in documents:
            path = self.explicit or document.parent / MANIFEST_NAME
            stems.setdefault(path, set()).add(document.stem)
        return [
            f'{path}: sources."{key}" matches no document'
            for path, found in stems.items()
            for key in self._entries(path)
            if key not in found
        ]


class ManifestError(Exception):
    """A bad manifest stops the whole load: it is about every document beside it."""


def prepare(path: Path, manifest: ManifestEntry | None, root: Path) -> PreparedDocument:
    """Read, parse and apply pins; raises `DocumentError` for a document we must refuse."""
    source = read_source(path)
    parsed = parse_document(source.text)
    pins = manifest or ManifestEntry()
    changes: list[str] = []

    inferred = {part.lang: part.year for part in parsed.parts}
    for part in parsed.parts:
        pinned = pins.part_years.get(part.lang, pins.year)
        if pinned is not None and pinned != part.year:
            changes.append(f"{part.lang} part year {part.year} -> {pinned}")
            part.year = pinned
        if part.year is None:
            first = part.blocks[0].line if part.blocks else None
            raise DocumentError(
                f"no year mentioned in the {part.lang} part; pin one in {MANIFEST_NAME}", first
            )
    years = [part.year for part in parsed.parts]
    if len(set(years)) != len(years):
        raise DocumentError(f"two parts of one document claim the same year {years}")

    name = _pinned("company", pins.company, parsed.company.name, changes)
    ticker = _pinned("ticker", pins.ticker, parsed.company.ticker or "", changes) or None
    try:
        slug = _pinned("slug", pins.slug, company_slug(name, ticker), changes)
    except ValueError as exc:
        raise DocumentError(f"{exc}; pin a slug in {MANIFEST_NAME}") from None
    title = _pinned("title", pins.title, parsed.title, changes)
    stored = {"company name": name, "slug": slug, "ticker": ticker or "", "title": title}
    for what, label in stored.items():
        check_label(what, label)  # the parsers cap what they read; these are what is stored
    url = pins.url
    fingerprint = hashlib.sha256(
        f"{source.sha256}\n{pins.canonical()}\n{PARSER_VERSION}".encode()
    ).hexdigest()
    rows = {
        (part.lang, block.kind): claim_rows(source.key, block.kind, block.claims)
        for part in parsed.parts
        for block in part.blocks
    }
    return PreparedDocument(
        source=source,
        parsed=parsed,
        path=_display_path(path, root),
        name=name,
        slug=slug,
        ticker=ticker.upper() if ticker else None,
        title=title,
        url=url,
        inferred_years=inferred,
        fingerprint=fingerprint,
        name_pinned=pins.company is not None,
        manifest_changes=changes,
        rows=rows,
        search_texts={
            key: [index_text(r.topic, r.text) for r in block_rows]
            for key, block_rows in rows.items()
        },
        figures={
            key: [figures(r.text, r.lang) for r in block_rows] for key, block_rows in rows.items()
        },
    )


def _pinned(what: str, pin: str | None, inferred: str, changes: list[str]) -> str:
    if pin is not None and pin != inferred:
        changes.append(f"{what} {inferred!r} -> {pin!r}")
        return pin
    return inferred


def _display_path(path: Path, root: Path) -> str:
    resolved = path.resolve()
    try:
        return resolved.relative_to(root.resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()
