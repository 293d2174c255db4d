"""Fixtures for the web tests: the seeds loaded once, and a fresh app per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from app.cli import cli
from app.web import create_app
from tests.conftest import SEEDS


def load(paths: list[Path], db: Path) -> Path:
    result = CliRunner().invoke(cli, ["load", *map(str, paths), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return load([SEEDS], tmp_path_factory.mktemp("web") / "canvas.db")


def site_client(db: Path) -> TestClient:
    """A fresh app over `db`, asked as a browser on this machine would (Host 127.0.0.1)."""
    return TestClient(base_url="http://127.0.0.1", app=create_app(db), follow_redirects=False)


@pytest.fixture
def client(seeded_db: Path) -> Iterator[TestClient]:
    with site_client(seeded_db) as test_client:
        yield test_client
