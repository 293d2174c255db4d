"""Reading a document from disk, refusing what is not a text document we can cite."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from app.loader.document import MAX_LINES, DocumentError

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_LINE_BYTES = 1024 * 1024
DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown")
#: Byte order marks of the encodings editors save "Unicode" text in, besides UTF-8: the
#: UTF-32 ones first, since UTF-32LE's begins with UTF-16LE's.
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32", "utf-32-le", 4),
    (b"\x00\x00\xfe\xff", "UTF-32", "utf-32-be", 4),
    (b"\xff\xfe", "UTF-16", "utf-16-le", 2),
    (b"\xfe\xff", "UTF-16", "utf-16-be", 2),
)
_SAMPLE_BYTES = 4096  # enough of a file to tell UTF-16 or UTF-32 text from binary data


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
    if (wide := _wide_encoding(data)) is not None:
        raise DocumentError(f"{wide} text; save it as UTF-8")
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
    line_count = text.count("\n") + (0 if text.endswith("\n") else 1)
    if line_count > MAX_LINES:  # before any line is cut out: see document.py's caps
        raise DocumentError(
            f"file has {line_count:,} lines, over the {MAX_LINES:,}-line limit", MAX_LINES + 1
        )
    if len(data) > MAX_LINE_BYTES:  # a smaller file cannot hold a line over the limit
        _check_line_lengths(data)
    return SourceFile(
        path=path,
        key=path.stem,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        line_count=line_count,
    )


def _check_line_lengths(data: bytes) -> None:
    """A `DocumentError` at the first line over MAX_LINE_BYTES; lines are found, not split
    out (a list of every line would be a second copy of the file)."""
    start, number = 0, 1
    while True:
        end = data.find(b"\n", start)
        length = (len(data) if end < 0 else end) - start
        if length > MAX_LINE_BYTES:
            raise DocumentError(f"line is {length:,} bytes, over the 1 MB limit", number)
        if end < 0:
            return
        start, number = end + 1, number + 1


def _wide_encoding(data: bytes) -> str | None:
    """`UTF-16` or `UTF-32` for text saved in that encoding (which the NUL check would call
    binary): by its byte order mark or, without one, by the NULs of ASCII text in it (in
    UTF-16LE `a` is `61 00`: a NUL in every odd byte and none in the even ones); either way
    only when the file is whole characters of that width and a sample of it reads as text
    in that encoding (binary data reads as control characters)."""
    for bom, name, codec, width in _BOMS:
        if data.startswith(bom):
            whole = len(data) % width == 0
            return name if whole and _reads_as_text(data[len(bom) :], codec) else None
    if b"\x00" not in data[:_SAMPLE_BYTES]:
        return None
    for name, codec, width, high in (
        ("UTF-32", "utf-32-le", 4, (1, 2, 3)),  # ASCII `a`: 61 00 00 00
        ("UTF-32", "utf-32-be", 4, (0, 1, 2)),
        ("UTF-16", "utf-16-le", 2, (1,)),
        ("UTF-16", "utf-16-be", 2, (0,)),
    ):
        sample = data[: _SAMPLE_BYTES - _SAMPLE_BYTES % width]
        units = len(sample) // width
        nuls = [sample[i::width].count(0) for i in range(width)]
        ascii_text = all(nuls[i] * 2 >= units for i in high) and all(
            nuls[i] * 100 <= units for i in range(width) if i not in high
        )
        if units and ascii_text and len(data) % width == 0 and _reads_as_text(data, codec):
            return name
    return None


def _reads_as_text(data: bytes, codec: str) -> bool:
    """Whether the start of `data` decodes in `codec` to printable text and line ends."""
    sample = data[:_SAMPLE_BYTES]
    try:
        text = sample.decode(codec, "surrogatepass")  # a pair the sample cuts in two
    except UnicodeDecodeError:
        return False
    readable = sum(1 for c in text if c.isprintable() or c in "\t\n\r")
    return readable * 100 >= len(text) * 95


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
