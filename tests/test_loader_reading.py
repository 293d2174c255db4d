"""Bad input: one line on stderr naming the file (and line), exit 2, an untouched database."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.loader.document import DocumentError
from app.loader.reading import expand_paths, read_source
from tests.conftest import POST_SEED, canvas_subprocess

GOOD_POST = "### Key Partners\n\nAcme works with 12 suppliers in 2021.\n"


def _bad_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, the error line we expect on stderr)."""
    cases: dict[str, tuple[bytes | None, str]] = {
        "not-utf8": (b"### Key Partners\n\ncaf\xe9 partners\n", ":3: not UTF-8 (byte 0xe9)"),
        "empty": (b"", ": empty document"),
        "blank": (b"\n  \n\t\n", ": empty document"),
        "binary": (b"### Key Partners\n\x00\x01\x02", ":2: binary file (NUL byte)"),
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
