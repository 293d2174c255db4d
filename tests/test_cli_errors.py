"""Bad settings, files and arguments at the command line: one line naming the setting or the
file, exit 2, nothing written, no traceback (the findings of a fresh-clone review)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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


def test_a_worker_count_below_one_is_refused(seeded_db: Path) -> None:
    result = canvas("serve", "--db", seeded_db, "--port", "0", "--workers", "0")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "--workers" in result.stderr


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


@pytest.mark.parametrize("kind", ["missing", "not sqlite"])
def test_serve_refuses_a_missing_or_foreign_database(tmp_path: Path, kind: str) -> None:
    db = tmp_path / "canvas.db"
    if kind == "not sqlite":
        db.write_text("this is not a database\n" * 100)
    line = one_line_error(canvas("serve", "--db", db, "--port", "0"))
    assert "canvas.db" in line and "canvas load" in line, line


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
