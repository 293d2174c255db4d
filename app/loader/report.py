"""What a load did, per company and snapshot year, kept small while documents stream by."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from app.loader.pipeline import PreparedDocument


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
    claims: int = 0
    pruned: list[str] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)

    def add(self, doc: PreparedDocument, status: str) -> None:
        self.documents += 1
        self.statuses[status] += 1
        warned = len(doc.parsed.warnings)
        for change in doc.manifest_changes:
            self.manifest_changes.append(f"{doc.source.key}: {change}")
        for index, part in enumerate(doc.parsed.parts):
            assert part.year is not None
            key = (doc.slug, part.year, part.lang)
            line = self.lines.get(key) or SnapshotLine(doc.slug, part.year, part.lang)
            self.lines[key] = line
            line.documents += 1
            line.blocks += len(part.blocks)
            claims = sum(len(doc.rows[(part.lang, b.kind)]) for b in part.blocks)
            line.claims += claims
            self.claims += claims
            line.noise += part.noise_lines
            line.warnings += warned if index == 0 else 0
            line.inferred.add(doc.inferred_years.get(part.lang))
            line.status.add(status)

    def summary(self) -> str:
        counts = ", ".join(f"{n} {status}" for status, n in sorted(self.statuses.items()))
        return f"documents: {counts or 'none'}; claims: {self.claims}"

    def sorted_lines(self) -> list[SnapshotLine]:
        return [self.lines[k] for k in sorted(self.lines)]
