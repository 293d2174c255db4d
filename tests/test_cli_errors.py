"""Bad settings, files and arguments at the command line: one line naming the setting or the
file, exit 2, nothing written, no traceback (the findings of a fresh-clone review)."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS

SEED = next(SEEDS.glob("000_*"))
pytestmark = pytest.mark.slow  # the real command line, in a subprocess


def canvas(
    *args: object, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CANVAS_")}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *map(str, args)],
        cwd=ROOT,
        env={**clean, "COLUMNS": "200", **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def strays(folder: Path) -> list[str]:
    """What a load may leave beside a database: its lock file, its temp files."""
    return sorted(p.name for p in folder.rglob("*") if ".lock" in p.name or ".tmp-" in p.name)


@pytest.fixture
def db_copy(tmp_path: Path, seeded_db: Path) -> Path:
    """A database of the seeds that this test may (try to) change."""
    target = tmp_path / "db" / "canvas.db"
    target.parent.mkdir()
    shutil.copyfile(seeded_db, target)
    return target


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("CANVAS_WORKERS", "abc"),
        ("CANVAS_WORKERS", "0"),
        ("CANVAS_WORKERS", "-1"),
        ("CANVAS_RENDER_CACHE", "maybe"),
        ("CANVAS_PAGE_CACHE_MB", "0"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it(tmp_path: Path, name: str, value: str) -> None:
    result = canvas("load", SEED, "--db", tmp_path / "x.db", env={name: value})
    line = one_line_error(result)
    assert name in line and repr(value) in line, line
    assert not (tmp_path / "x.db").exists()


def test_a_bad_setting_stops_serve_too(tmp_path: Path, seeded_db: Path) -> None:
    result = canvas("serve", "--db", seeded_db, "--port", "0", env={"CANVAS_WORKERS": "two"})
    assert "CANVAS_WORKERS" in one_line_error(result)


def test_a_worker_count_below_one_is_refused(db_copy: Path) -> None:
    before = digest(db_copy)
    result = canvas("serve", "--db", db_copy, "--port", "0", "--workers", "0")
    assert one_line_error(result) == "canvas: error: --workers 0: at least 1 worker is needed"
    assert result.stdout == ""  # it never said it listens
    assert digest(db_copy) == before and strays(db_copy.parent) == []


@pytest.mark.parametrize("port", ["70000", "65536", "-1"])
def test_a_port_out_of_range_is_one_line(db_copy: Path, port: str) -> None:
    before = digest(db_copy)
    result = canvas("serve", "--db", db_copy, "--port", port)
    assert one_line_error(result) == (
        f"canvas: error: --port {port}: not a port number (1 to 65535, or 0 for any free one)"
    )
    assert result.stdout == ""
    assert digest(db_copy) == before and strays(db_copy.parent) == []


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["serve", "--port", "abc"], "canvas: error: Invalid value for '--port': "),
        (["serve", "--workers", "two"], "canvas: error: Invalid value for '--workers': "),
        (["load", "--nosuch"], "canvas: error: No such option: --nosuch"),
        (["nosuch"], "canvas: error: No such command 'nosuch'."),
        (["check"], "canvas: error: Missing argument 'paths'."),
    ],
)
def test_typers_own_usage_errors_are_one_line_too(args: list[str], said: str) -> None:
    """Not the boxed `Usage: ... Error` panel typer prints by itself."""
    line = one_line_error(canvas(*args))
    assert line.startswith(said), line
    assert "Usage" not in line and "╭" not in line


def test_load_into_a_directory_is_one_line_and_makes_nothing(tmp_path: Path, db_copy: Path) -> None:
    folder = tmp_path / "db"
    before, listing = digest(db_copy), sorted(folder.iterdir())
    result = canvas("load", SEED, "--db", folder)
    assert one_line_error(result) == f"canvas: error: {folder}: is a directory, not a database file"
    assert sorted(folder.iterdir()) == listing and not (tmp_path / "db.lock").exists()
    assert digest(db_copy) == before and strays(tmp_path) == []


@pytest.mark.parametrize(
    "content",
    [
        b"these are my notes, not a database\n",
        bytes(range(256)) * 40,  # random-looking bytes
        b"SQLite",  # shorter than SQLite's header
    ],
    ids=["text", "bytes", "short"],
)
def test_load_into_a_file_that_is_not_sqlite_is_one_line(tmp_path: Path, content: bytes) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_bytes(content)
    result = canvas("load", SEED, "--db", notes)
    said = f"canvas: error: {notes}: not a canvas database (not a SQLite file)"
    assert one_line_error(result) == said
    assert "SQL:" not in result.stderr and "sqlalche" not in result.stderr
    assert notes.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_load_into_another_programs_sqlite_database_is_one_line(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.executescript("CREATE TABLE foo (x); CREATE TABLE bar (y); INSERT INTO foo VALUES (1);")
    conn.close()
    before = digest(other)
    result = canvas("load", SEED, "--db", other)
    assert one_line_error(result) == (
        f"canvas: error: {other}: not a canvas database"
        " (a SQLite database of other tables: bar, foo)"
    )
    assert digest(other) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]


def test_a_bad_document_leaves_the_database_and_nothing_beside_it(
    tmp_path: Path, db_copy: Path
) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("### Key Sauces\n\ntext\n")
    before = digest(db_copy)
    line = one_line_error(canvas("load", bad, "--db", db_copy))
    assert line == f"canvas: error: {bad}:1: unknown block heading 'Key Sauces'"
    assert digest(db_copy) == before
    assert sorted(p.name for p in db_copy.parent.iterdir()) == ["canvas.db"]  # no lock, no temp


@pytest.mark.parametrize(
    ("encoding", "said"),
    [("utf-16", "UTF-16 text"), ("utf-16-le", "UTF-16 text"), ("utf-32", "UTF-32 text")],
)
def test_a_document_in_utf16_is_named_so(
    tmp_path: Path, db_copy: Path, encoding: str, said: str
) -> None:
    doc = tmp_path / "acme.md"
    doc.write_bytes("### Channels\n\n* Agents sold plans in 2021.\n".encode(encoding))
    before = digest(db_copy)
    line = one_line_error(canvas("load", doc, "--db", db_copy))
    assert line == f"canvas: error: {doc}: {said}; save it as UTF-8"
    assert digest(db_copy) == before
    assert sorted(p.name for p in db_copy.parent.iterdir()) == ["canvas.db"]


def test_a_refused_new_database_leaves_no_folders(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("### Key Sauces\n\ntext\n")
    target = tmp_path / "new" / "sub" / "canvas.db"
    assert "unknown block heading" in one_line_error(canvas("load", bad, "--db", target))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.md"]


def test_a_database_under_a_file_is_one_line(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("notes\n")
    target = notes / "canvas.db"
    line = one_line_error(canvas("load", SEED, "--db", target))
    assert line == f"canvas: error: {target}: cannot be written ({notes}: not a folder)"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    assert notes.read_text() == "notes\n"


def test_a_load_leaves_no_lock_file_behind(tmp_path: Path) -> None:
    db = tmp_path / "canvas.db"
    result = canvas("load", SEED, "--db", db, "--quiet")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["canvas.db"]


def test_a_load_that_locks_a_replaced_lock_file_stops(
    tmp_path: Path, db_copy: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race of removing the lock file: a load opens it, the load holding it ends and
    removes it, a third load creates and locks a new one; the first then gets its lock on
    the removed file. It must see that the path names another file now, and stop."""
    lock = db_copy.with_name("canvas.db.lock")
    real_lockf = fcntl.lockf
    held: list[int] = []

    def lockf(fd: int, operation: int, *args: int) -> None:
        real_lockf(fd, operation, *args)
        if operation & fcntl.LOCK_EX and not held:  # now: the holder ends, a third begins
            lock.unlink()
            third = os.open(lock, os.O_RDWR | os.O_CREAT)
            real_lockf(third, fcntl.LOCK_EX | fcntl.LOCK_NB)
            held.append(third)

    monkeypatch.setattr(fcntl, "lockf", lockf)
    before = digest(db_copy)
    try:
        code, _, err = run_cli("load", SEED, "--db", db_copy)
        assert held, "the load never locked"
        assert (code, err.strip()) == (2, f"canvas: error: {db_copy}: another load is running")
        assert digest(db_copy) == before
        assert os.fstat(held[0]).st_ino == os.stat(lock).st_ino  # the third's lock file stays
    finally:
        for fd in held:
            os.close(fd)


def test_a_load_while_another_runs_keeps_the_others_lock_file(
    tmp_path: Path, db_copy: Path
) -> None:
    lock = db_copy.with_name("canvas.db.lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX)
        before = digest(db_copy)
        line = one_line_error(canvas("load", SEED, "--db", db_copy))
        assert line == f"canvas: error: {db_copy}: another load is running"
        assert os.stat(lock).st_ino == os.fstat(fd).st_ino  # not removed: not the loser's
        assert digest(db_copy) == before
    finally:
        os.close(fd)


def test_version() -> None:
    result = canvas("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"canvas {version('canvas-viewer')}\n"
    assert version("canvas-viewer")[0].isdigit()


@pytest.mark.parametrize("command", ["", "load", "check", "serve"])
@pytest.mark.parametrize("option", ["-h", "--help"])
def test_h_and_help_on_every_command(command: str, option: str) -> None:
    result = canvas(*filter(None, [command, option]))
    assert result.returncode == 0, result.stderr
    assert f"Usage: canvas {command}".rstrip() in result.stdout
    assert "-h" in result.stdout and "--help" in result.stdout


def test_check_names_each_bad_file_and_shows_the_others(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEED, docs / SEED.name)
    (docs / "a_bad.md").write_text("### Key Sauces\n\ntext\n")
    (docs / "z_empty.md").write_text("\n")
    result = canvas("check", docs)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"canvas: error: {docs / 'a_bad.md'}:1: unknown block heading 'Key Sauces'",
        f"canvas: error: {docs / 'z_empty.md'}: empty document",
    ]
    assert f"{docs / SEED.name}: markdown-post, company 'Cigna'" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "warning"),
    [
        ("CANVAS_WORKER", "CANVAS_WORKER is not a setting; did you mean CANVAS_WORKERS?"),
        (
            "CANVAS_PAGECACHE_MB",
            "CANVAS_PAGECACHE_MB is not a setting; did you mean CANVAS_PAGE_CACHE_MB?",
        ),
        ("CANVAS_NO_SUCH_THING", "CANVAS_NO_SUCH_THING is not a setting"),
    ],
)
def test_an_unknown_variable_is_one_warning_line(name: str, warning: str) -> None:
    result = canvas("check", SEED, env={name: "4"})
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [f"canvas: warning: {warning}"]
    assert "markdown-post" in result.stdout  # the command ran as it would have


def test_an_unknown_variable_leaves_the_exit_status_alone(db_copy: Path) -> None:
    before = digest(db_copy)
    result = canvas("serve", "--db", db_copy, "--port", "70000", env={"CANVAS_WORKER": "4"})
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "canvas: warning: CANVAS_WORKER is not a setting; did you mean CANVAS_WORKERS?",
        "canvas: error: --port 70000: not a port number (1 to 65535, or 0 for any free one)",
    ]
    assert digest(db_copy) == before


def test_a_missing_manifest_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such.toml"
    result = canvas("load", SEED, "--db", tmp_path / "x.db", "--manifest", missing)
    line = one_line_error(result)
    assert str(missing) in line
    assert not (tmp_path / "x.db").exists()
    assert str(missing) in one_line_error(canvas("check", SEED, "--manifest", missing))


def test_a_manifest_entry_for_no_document_is_a_warning(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEED, docs / SEED.name)
    (docs / "manifest.toml").write_text('[sources."999_nothing_here"]\nyear = 2020\n')
    result = canvas("load", docs, "--db", tmp_path / "x.db")
    assert result.returncode == 0, result.stderr
    assert "999_nothing_here" in result.stdout + result.stderr
    assert "matches no document" in result.stdout + result.stderr


def test_keep_going_names_a_bad_file_once(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEED, docs / SEED.name)
    (docs / "002_bad.md").write_text("---\ntitle: [unclosed\n---\n")
    result = canvas("load", docs, "--db", tmp_path / "x.db", "--keep-going")
    assert result.returncode == 2
    said = result.stdout + result.stderr
    assert said.count("002_bad.md") == 1, said


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("missing", "no database here; `canvas load --db {db}` writes one"),
        ("empty", "an empty file; `canvas load --db {db}` writes the database"),
        ("not sqlite", "not a canvas database (not a SQLite file)"),
        ("other tables", "not a canvas database (no such table: companies)"),
        ("directory", "is a directory, not a database file"),
    ],
)
def test_serve_refuses_a_missing_or_foreign_database(tmp_path: Path, kind: str, said: str) -> None:
    """It suggests `canvas load` only where that would work."""
    db = tmp_path / "canvas.db"
    if kind == "empty":
        db.write_bytes(b"")
    elif kind == "not sqlite":
        db.write_text("this is not a database\n" * 100)
    elif kind == "other tables":
        sqlite3.connect(db).executescript("CREATE TABLE foo (x);")
    elif kind == "directory":
        db.mkdir()
    before = sorted(tmp_path.rglob("*"))
    line = one_line_error(canvas("serve", "--db", db, "--port", "0"))
    assert line == f"canvas: error: {db}: {said.format(db=db)}", line
    assert sorted(tmp_path.rglob("*")) == before


def test_the_top_level_help_speaks_to_users() -> None:
    result = canvas("--help")
    assert result.returncode == 0
    assert "thin command line" not in result.stdout and "app/loader" not in result.stdout
    for command in ("load", "check", "serve"):
        assert command in result.stdout
    assert "canvas load" in result.stdout  # says how to begin


def test_make_run_takes_a_port() -> None:
    """`make run PORT=8080`: the Makefile passes the port to `canvas serve` (dry run)."""
    make = shutil.which("make")
    assert make is not None
    dry = subprocess.run(
        [make, "-n", "run", "PORT=8080"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "canvas serve" in dry.stdout and "--port 8080" in dry.stdout, dry.stdout
