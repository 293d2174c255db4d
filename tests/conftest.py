"""Shared fixtures: the real seeds, and a loader run in process or as a real subprocess."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import cli

pytest_plugins = ["tests.web_fixtures", "tests.search_corpus", "tests.compare_corpus"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests in real Chromium (tests/test_browser_*.py) are marked `browser`, so that
    `make test-fast` can leave them out."""
    for item in items:
        if item.path.name.startswith("test_browser_"):
            item.add_marker(pytest.mark.browser)


ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
POST_SEED = SEEDS / "000_47e352ee965e9675.txt"
PAGE_SEED = SEEDS / "001_ead442415cccde68.txt"


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of seeds/ that a test may change."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


@pytest.fixture
def run_cli() -> Iterator[object]:
    """Run `canvas ...` in process; returns (exit code, stdout, stderr)."""
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(cli, [str(a) for a in args])
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, result.stdout, result.stderr

    yield run


def canvas_subprocess(*args: str, **kwargs: object) -> subprocess.Popen[bytes]:
    """The real command line in its own process (for kills and exit codes)."""
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.Popen(  # type: ignore[call-overload]
        [sys.executable, "-m", "app.cli", *map(str, args)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,
    )


def rows(db: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, ordered, for byte-level comparisons of two loads."""
    tables = [t for (t,) in rows(db, "SELECT name FROM sqlite_master WHERE type='table'")]
    return {t: sorted(rows(db, f"SELECT * FROM {t}"), key=repr) for t in sorted(tables)}


# Browser tests (pytest-playwright): Debian's chromium, never a downloaded browser build.
# Without the background-networking flags chromium keeps dialling hosts this machine can't
# reach. The live servers they drive are in tests/live_server.py.
from tests.live_server import live_site as live_site  # noqa: E402
from tests.live_server import serve_documents as serve_documents  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, object]) -> dict[str, object]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
