"""What a load did, per company and snapshot year, kept small while documents stream by:
the rows of the report's table, each warning with its file and line, and every source whose
fate a user must know (renamed, moved, a copy not loaded twice, left without a file)."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field

from app.loader.pipeline import PreparedDocument
from app.loader.store import Put

#: Statuses that wrote a document's statements.
WRITTEN = frozenset({"added", "replaced", "renamed"})


@dataclass(slots=True)
class SnapshotLine:
    slug: str
    year: int
    lang: str
    documents: int = 0
    blocks: int = 0
    claims: int = 0
    noise: int = 0
    warnings: int = 0
    inferred: set[int | None] = field(default_factory=set)
    status: set[str] = field(default_factory=set)


@dataclass(slots=True)
class LoadReport:
    lines: dict[tuple[str, int, str], SnapshotLine] = field(default_factory=dict)
    manifest_changes: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    documents: int = 0
    written: int = 0  # statements this load wrote
    pruned: list[str] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    #: `path:line: message`, in the order documents came
    warnings: list[str] = field(default_factory=list)
    #: `renamed a -> b`, `moved k: a -> b`, `not loaded k: the same text as j`
    events: list[str] = field(default_factory=list)
    #: (key, path) of stored sources whose file is gone, left until `--prune`
    unreferenced: list[tuple[str, str]] = field(default_factory=list)

    def add(self, doc: PreparedDocument, put: Put) -> None:
        self.documents += 1
        self.statuses[put.status] += 1
        key = doc.source.key
        if put.status == "renamed":
            self.events.append(f"renamed {put.earlier} -> {key}")
        elif put.status == "moved":
            self.events.append(f"moved {key}: {put.earlier} -> {doc.path}")
        elif put.status == "duplicate":
            self.events.append(
                f"not loaded {key} ({doc.path}): the same text as {put.earlier}, already loaded"
            )
        for change in doc.manifest_changes:
            self.manifest_changes.append(f"{key}: {change}")
        if put.status != "duplicate":  # a copy's warnings are its original's
            self.warnings.extend(f"{doc.path}:{w.line}: {w.message}" for w in doc.parsed.warnings)
        parts = doc.parsed.parts
        # A warning belongs to the part whose block heading comes last before its line.
        starts = sorted((b.line, i) for i, p in enumerate(parts) for b in p.blocks)
        owners = Counter(
            starts[max(bisect_right(starts, (w.line, len(parts))) - 1, 0)][1] if starts else 0
            for w in doc.parsed.warnings
        )
        for index, part in enumerate(parts):
            assert part.year is not None
            line_key = (put.slug, part.year, part.lang)
            line = self.lines.get(line_key) or SnapshotLine(put.slug, part.year, part.lang)
            self.lines[line_key] = line
            line.status.add(put.status)
            line.inferred.add(doc.inferred_years.get(part.lang))
            if put.status == "duplicate":
                continue  # nothing of it was written
            line.documents += 1
            line.blocks += len(part.blocks)
            claims = sum(len(doc.rows[(part.lang, b.kind)]) for b in part.blocks)
            line.claims += claims
            if put.status in WRITTEN:
                self.written += claims
            line.noise += part.noise_lines
            line.warnings += owners[index]

    def rename_slugs(self, changes: dict[str, str]) -> None:
        """A company's slug settled at commit (app.loader.store): its rows follow it."""
        if not changes:
            return
        moved: dict[tuple[str, int, str], SnapshotLine] = {}
        for (slug, year, lang), line in self.lines.items():
            line.slug = changes.get(slug, slug)
            moved[(line.slug, year, lang)] = line
        self.lines = moved

    def summary(self) -> str:
        counts = ", ".join(f"{n} {status}" for status, n in sorted(self.statuses.items()))
        noun = "document" if self.documents == 1 else "documents"
        return f"this load: {self.documents} {noun} ({counts or 'none'}); " + (
            f"{self.written:,} statements written"
        )

    def sorted_lines(self) -> list[SnapshotLine]:
        return [self.lines[k] for k in sorted(self.lines)]
