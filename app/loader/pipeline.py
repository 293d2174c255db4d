"""One document from disk to something the store can write: read -> parse -> classify.

Classification here is what the parsers cannot know alone: the manifest's pins, the
company slug, and the final snapshot year of each part.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from app.domain import Lang
from app.figure_meaning import Context, Meaning, meanings, vocabulary
from app.figures import Figure, figures
from app.loader.company import Form, company_forms
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
PARSER_VERSION = "4"  # 2: figures; 3: company forms, numbered items, data-first tables; 4: meanings
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
    number: int | None


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
                claim.number,
            )
        )
    return rows


class FigureColumns:
    """The figures of a block's rows (`figures()` of each), packed in columns: per figure its
    value, its span and one code for its unit, currency, scale and bound, 18 bytes where a
    `Figure` of objects took about 180. A statement may hold 40 figures, so a 3 MB document
    of short statements packed with them held 90 MB of `Figure`s (bench/loader_memory.py).
    A row's figures are built again, as `Figure`s, when they are read (by the store); a
    figure's text is its span of the row's text. Crosses from a worker as a few arrays."""

    __slots__ = (
        "_codes",
        "_ends",
        "_kinds",
        "_meaning_codes",
        "_meanings",
        "_offsets",
        "_rows",
        "_starts",
        "_values",
    )

    def __init__(self, rows: list[ClaimInsert]) -> None:
        self._rows = rows  # the texts the spans are of (shared with PreparedDocument.rows)
        self._offsets = array("I", [0])  # row i's figures: [offsets[i], offsets[i + 1])
        self._values = array("d")  # every value (|value| < 2**53: a double holds it exactly)
        self._starts = array("I")
        self._ends = array("I")
        self._codes = array("H")  # index into _kinds
        self._kinds: list[tuple[str | None, str | None, str | None, str | None, bool]] = []
        kinds: dict[tuple[str | None, str | None, str | None, str | None, bool], int] = {}
        # what each figure measures (app/figure_meaning.py), as a code into a list of the
        # distinct meanings: most figures of a document share a few
        self._meaning_codes = array("I")
        self._meanings: list[StoredMeaning] = []
        meaning_codes: dict[StoredMeaning, int] = {}
        lead_in: str | None = None
        headers: dict[str, list[str]] = {}  # a table's header, read once for all its rows
        for row in rows:
            found = figures(row.text, row.lang)
            meant = meanings(row.text, found, _context(row, lead_in, headers)) if found else []
            if row.kind == "paragraph":  # a line ending in ":" introduces what follows it
                lead_in = row.text if row.text.rstrip().endswith(":") else None
            for f, m in zip(found, meant, strict=True):
                stored = _stored(m)
                code = meaning_codes.get(stored)
                if code is None:
                    code = meaning_codes[stored] = len(self._meanings)
                    self._meanings.append(stored)
                self._meaning_codes.append(code)
                kind = (f.unit, f.currency, f.scale, f.bound, isinstance(f.value, int))
                code = kinds.get(kind)
                if code is None:
                    code = kinds[kind] = len(self._kinds)
                    self._kinds.append(kind)
                self._values.append(f.value)
                self._starts.append(f.start)
                self._ends.append(f.end)
                self._codes.append(code)
            self._offsets.append(len(self._values))

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[list[tuple[Figure, StoredMeaning]]]:
        offsets = self._offsets
        for index, row in enumerate(self._rows):
            # most statements have no figure: no call for them
            yield self._figures(index, row.text) if offsets[index + 1] > offsets[index] else []

    def _figures(self, index: int, text: str) -> list[tuple[Figure, StoredMeaning]]:
        kinds, make = self._kinds, tuple.__new__  # as Figure(...) does, without its frame
        found: list[tuple[Figure, StoredMeaning]] = []
        for n in range(self._offsets[index], self._offsets[index + 1]):
            unit, currency, scale, bound, whole = kinds[self._codes[n]]
            value, start, end = self._values[n], self._starts[n], self._ends[n]
            figure = make(Figure, (int(value) if whole else value, unit, currency, scale,
                                   text[start:end], start, end, bound))  # fmt: skip
            found.append((figure, self._meanings[self._meaning_codes[n]]))
        return found


#: A figure's meaning as the store writes it: label, metric, scope, period, period as
#: written, where the period was read, qualifiers (comma-separated); each capped.
StoredMeaning = tuple[
    str | None, str | None, str | None, str | None, str | None, str | None, str | None
]
MEANING_CHARS = 200  # a label, a scope or a period as written, at most


def _context(row: ClaimInsert, lead_in: str | None, headers: dict[str, list[str]]) -> Context:
    """What the meaning of a row's figures reads around it. The snapshot's year is not
    known here (a pin may set it later): a period nothing writes is stored as none, and
    readers show the snapshot's year, marked."""
    header = None
    if row.header:
        header = headers.get(row.header)
        if header is None:
            header = headers[row.header] = json.loads(row.header)
    return Context(
        kind=row.kind,
        lang=row.lang,
        snapshot_year=0,
        cells=json.loads(row.cells) if row.cells else None,
        header=header,
        topic=row.topic,
        lead_in=lead_in if row.kind != "paragraph" else None,
    )


def _stored(m: Meaning) -> StoredMeaning:
    def cap(text: str | None) -> str | None:
        return text[:MEANING_CHARS] if text else None

    period = m.period if m.period is not None and m.period.source != "snapshot" else None
    return (
        cap(m.label),
        m.metric,
        cap(m.scope),
        period.key if period else None,
        cap(period.text) if period else None,
        period.source if period else None,
        ",".join(m.qualifiers) or None,
    )


@dataclass(slots=True)
class PreparedDocument:
    source: SourceFile
    parsed: ParsedDocument
    path: str  # as stored: relative to the project root when under it
    name: str
    slug: str  # the best of `forms`; the store may file it under another form's company
    forms: list[Form]
    ticker: str | None
    title: str
    url: str | None
    inferred_years: dict[Lang, int | None]  # each part's year read from it, before pins
    fingerprint: str
    name_pinned: bool = False
    manifest_changes: list[str] = field(default_factory=list)
    rows: dict[tuple[str, str], list[ClaimInsert]] = field(default_factory=dict)  # (lang, kind)
    #: What the full-text index holds for each row, in the rows' order: made here, in the
    #: worker processes, so the store (the one writer) only inserts it.
    search_texts: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    #: The figures of each row (app/figures.py), in the rows' order: read here too.
    figures: dict[tuple[str, str], FigureColumns] = field(default_factory=dict)

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


def prepare(
    path: Path, manifest: ManifestEntry | None, root: Path, for_store: bool = False
) -> PreparedDocument:
    """Read, parse and apply pins; raises `DocumentError` for a document we must refuse.
    `for_store`: only what the store writes (`PreparedDocument.slim`), made so."""
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
    handle = parsed.company.handle
    inferred_forms = company_forms(name, ticker, handle)
    forms = company_forms(name, ticker, handle, pins.slug) if pins.slug else inferred_forms
    if not forms:
        raise DocumentError(
            f"cannot make a slug from company name {name!r}; pin a slug in {MANIFEST_NAME}"
        )
    inferred_slug = inferred_forms[0].slug if inferred_forms else "-"
    slug = _pinned("slug", pins.slug, inferred_slug, changes)
    title = _pinned("title", pins.title, parsed.title, changes)
    stored = {"company name": name, "slug": slug, "ticker": ticker or "", "title": title}
    for what, label in stored.items():
        check_label(what, label)  # the parsers cap what they read; these are what is stored
    url = pins.url
    fingerprint = hashlib.sha256(
        f"{source.sha256}\n{pins.canonical()}\n{PARSER_VERSION}\n{vocabulary().digest}".encode()
    ).hexdigest()
    rows: dict[tuple[str, str], list[ClaimInsert]] = {}
    for part in parsed.parts:
        for block in part.blocks:
            rows[(part.lang, block.kind)] = claim_rows(source.key, block.kind, block.claims)
            if for_store:  # the rows hold what the store needs: the claims go block by block,
                block.claims = []  # so a document's claims and rows are never all held at once
    prepared = PreparedDocument(
        source=source,
        parsed=parsed,
        path=_display_path(path, root),
        name=name,
        slug=slug,
        forms=forms,
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
        figures={key: FigureColumns(block_rows) for key, block_rows in rows.items()},
    )
    return prepared.slim() if for_store else prepared


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
