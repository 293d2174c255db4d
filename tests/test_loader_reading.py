"""Bad input: one line on stderr naming the file (and line), exit 2, an untouched database."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.loader.document import DocumentError
from app.loader.reading import expand_paths, read_source
from tests.conftest import POST_SEED, canvas_subprocess

GOOD_POST = "### Key Partners\n\nAcme works with 12 suppliers in 2021.\n"
UTF16 = ": UTF-16 text; save it as UTF-8"


def _bad_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, the error line we expect on stderr)."""
    cases: dict[str, tuple[bytes | None, str]] = {
        "not-utf8": (b"### Key Partners\n\ncaf\xe9 partners\n", ":3: not UTF-8 (byte 0xe9)"),
        "empty": (b"", ": empty document"),
        "blank": (b"\n  \n\t\n", ": empty document"),
        "binary": (b"### Key Partners\n\x00\x01\x02", ":2: binary file (NUL byte)"),
        "utf16-le-bom": (("\ufeff" + GOOD_POST).encode("utf-16-le"), UTF16),
        "utf16-be-bom": (("\ufeff" + GOOD_POST).encode("utf-16-be"), UTF16),
        "utf16-le": (GOOD_POST.encode("utf-16-le"), UTF16),
        "utf16-be": (GOOD_POST.encode("utf-16-be"), UTF16),
        "utf16-arabic-bom": ("\ufeffشركة Acme (ACM)".encode("utf-16-le"), UTF16),
        # an odd number of bytes after the mark: no UTF-16, just bytes that are not UTF-8
        "utf16-bom-then-not": (b"\xff\xfe not text", ":1: not UTF-8 (byte 0xff)"),
        "utf32-le-bom": (GOOD_POST.encode("utf-32"), ": UTF-32 text; save it as UTF-8"),
        "utf32-be": (GOOD_POST.encode("utf-32-be"), ": UTF-32 text; save it as UTF-8"),
        "too-many-lines": (
            b"### Key Partners\n\nAcme in 2021.\n" + b"\n" * 100_000,
            ":100001: file has 100,003 lines, over the 100,000-line limit",
        ),
        "no-block": (
            b"Just some notes about Acme.\n\nNothing canvas-like.\n",
            ": no block heading",
        ),
        "unknown-heading": (
            b"### Key Partners\n\nAcme has partners.\n\n### Favourite Colours\n\nBlue.\n",
            ":5: unknown block heading 'Favourite Colours'",
        ),
        "unknown-page-heading": (
            b"Acme (ACM) - Canvas Business Model: Key Partners\nAcme has 3 partners in 2024.\n"
            b"Acme (ACM) - Canvas Business Model: Lunch Menu\nSoup.\n",
            ":3: unknown block heading 'Lunch Menu'",
        ),
        "long-line": (
            b"### Key Partners\n\n" + b"x" * (1024 * 1024 + 1) + b"\n",
            ":3: line is 1,048,577 bytes, over the 1 MB limit",
        ),
        "huge": (None, ": file is 10,485,761 bytes, over the 10 MB limit"),
        "missing": (None, ": no such file"),
    }
    made: dict[str, tuple[Path, str]] = {}
    for name, (data, message) in cases.items():
        path = folder / f"{name}.md"
        if name == "huge":
            line = b"Acme has partners in 2020.\n"
            body = b"### Key Partners\n\n" + line * (10 * 1024 * 1024 // len(line) + 1)
            path.write_bytes(body[: 10 * 1024 * 1024 + 1])
        elif data is not None:
            path.write_bytes(data)
        made[name] = (path, message)
    return made


@pytest.fixture
def bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    folder = tmp_path / "bad"
    folder.mkdir()
    return _bad_files(folder)


@pytest.mark.parametrize(
    "case",
    [
        "not-utf8",
        "empty",
        "blank",
        "binary",
        "utf16-le-bom",
        "utf16-be-bom",
        "utf16-le",
        "utf16-be",
        "utf16-arabic-bom",
        "utf16-bom-then-not",
        "utf32-le-bom",
        "utf32-be",
        "too-many-lines",
        "no-block",
        "unknown-heading",
        "unknown-page-heading",
        "long-line",
        "huge",
        "missing",
    ],
)
def test_bad_input_is_refused_in_one_line_and_leaves_the_db_alone(
    tmp_path: Path, bad_files: dict[str, tuple[Path, str]], run_cli, case: str
) -> None:
    db = tmp_path / "canvas.db"
    code, _, _ = run_cli("load", POST_SEED, "--db", db)
    assert code == 0
    before = db.read_bytes()
    path, message = bad_files[case]
    code, _out, err = run_cli("load", POST_SEED, path, "--db", db)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"canvas: error: {path}{message}")
    assert db.read_bytes() == before


def test_check_refuses_bad_input_the_same_way(
    bad_files: dict[str, tuple[Path, str]], run_cli
) -> None:
    path, message = bad_files["unknown-heading"]
    code, out, err = run_cli("check", path)
    assert code == 2
    assert err.strip() == f"canvas: error: {path}{message}"
    assert out == ""


def test_real_process_exit_status_and_stderr(bad_files: dict[str, tuple[Path, str]]) -> None:
    path, message = bad_files["binary"]
    proc = canvas_subprocess("check", path)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert err.decode().strip() == f"canvas: error: {path}{message}"


def test_read_source_strips_bom_and_counts_lines(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_bytes("\ufeff".encode() + GOOD_POST.encode() + b"last line without newline")
    source = read_source(path)
    assert source.text.startswith("### Key Partners")
    assert source.line_count == 4
    assert source.key == "doc"


def test_read_source_reports_the_line_of_a_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_bytes(b"ok\nok\nbad \xc3\x28 here\n")
    with pytest.raises(DocumentError) as caught:
        read_source(path)
    assert caught.value.line == 3


def test_folders_expand_to_their_documents_only(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text(GOOD_POST)
    (tmp_path / "a.txt").write_text(GOOD_POST)
    (tmp_path / "manifest.toml").write_text("")
    (tmp_path / "notes.json").write_text("{}")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.md").write_text(GOOD_POST)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.markdown").write_text(GOOD_POST)
    found = [p.relative_to(tmp_path).as_posix() for p in expand_paths([tmp_path])]
    assert found == ["a.txt", "b.md", "sub/d.markdown"]


@pytest.mark.parametrize(
    "data",
    [
        b"### Key Partners\n\x00\x01\x02",
        bytes(range(256)) * 16,  # every byte value, NULs at every fourth place of 1,024
        b"\x01\x00\x02\x00" * 1000,  # small 16-bit integers: NULs where UTF-16 has them
        ("شركة " * 200).encode("utf-16-le"),  # UTF-16 without BOM or ASCII: no NUL pattern
    ],
    ids=["nul-in-text", "all-bytes", "int16", "arabic-utf16-no-bom"],
)
def test_binary_data_is_not_taken_for_utf16(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "doc.md"
    path.write_bytes(data)
    with pytest.raises(DocumentError, match=r"^binary file \(NUL byte\)$"):
        read_source(path)


def test_a_file_of_exactly_the_line_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_bytes(GOOD_POST.encode() + b"\n" * (100_000 - 3))
    assert read_source(path).line_count == 100_000


def test_long_lines_are_found_without_splitting_the_file(tmp_path: Path) -> None:
    """The line over 1 MB is named wherever it is, the last line without a newline too."""
    line = b"x" * (1024 * 1024 + 1)
    for body, number in ((b"a\n" * 5 + line, 6), (line + b"\nb\n", 1), (b"a\n" + line + b"\n", 2)):
        path = tmp_path / "doc.md"
        path.write_bytes(body)
        with pytest.raises(DocumentError, match="over the 1 MB limit") as caught:
            read_source(path)
        assert caught.value.line == number
    path.write_bytes(b"a\n" * 600_000)  # over 1 MB, short lines: fine (100,000 lines aside)
    with pytest.raises(DocumentError, match="line limit"):
        read_source(path)
    path.write_bytes((b"y" * 1024 * 1024 + b"\n") * 2)
    assert read_source(path).line_count == 2
