"""Reading a document from disk, refusing what is not a text document we can cite."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from app.loader.document import DocumentError

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_LINE_BYTES = 1024 * 1024
DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown")


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: Path
    key: str
    text: str
    sha256: str
    line_count: int


def read_source(path: Path) -> SourceFile:
    """The file's text, or a `DocumentError` that says what is wrong (and where)."""
    if not path.exists():
        raise DocumentError("no such file")
    if not path.is_file():
        raise DocumentError("not a regular file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DocumentError(f"file is {size:,} bytes, over the 10 MB limit")
    data = path.read_bytes()
    if b"\x00" in data:
        raise DocumentError("binary file (NUL byte)", data.count(b"\n", 0, data.index(b"\x00")) + 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DocumentError(f"not UTF-8 (byte 0x{data[exc.start]:02x})", line) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise DocumentError("empty document")
    if len(data) > MAX_LINE_BYTES:  # a smaller file cannot hold a line over the limit
        for number, line in enumerate(data.split(b"\n"), start=1):
            if len(line) > MAX_LINE_BYTES:
                raise DocumentError(f"line is {len(line):,} bytes, over the 1 MB limit", number)
    line_count = text.count("\n") + (0 if text.endswith("\n") else 1)
    return SourceFile(
        path=path,
        key=path.stem,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        line_count=line_count,
    )


def expand_paths(paths: list[Path]) -> list[Path]:
    """Directories become their document files (sorted, recursive); files stay as given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in DOCUMENT_SUFFIXES
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        else:
            found.append(path)
    return found
