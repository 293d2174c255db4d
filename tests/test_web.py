"""The web process reads the loader's database and never writes it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.queries import connect_readonly
from app.web import create_app
from tests.conftest import SEEDS


@pytest.fixture
def loaded_db(tmp_path: Path, run_cli) -> Path:
    db = tmp_path / "canvas.db"
    assert run_cli("load", SEEDS, "--db", db)[0] == 0
    return db


def test_healthz_counts_what_the_loader_stored(loaded_db: Path) -> None:
    with TestClient(create_app(loaded_db)) as client:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "companies": 1,
        "sources": 2,
        "snapshots": 3,
        "claims": 314,
    }


def test_healthz_without_a_database_is_503(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "missing.db")) as client:
        response = client.get("/healthz")
    assert response.status_code == 503
    assert not (tmp_path / "missing.db").exists()


def test_the_web_connection_cannot_write(loaded_db: Path) -> None:
    before = loaded_db.read_bytes()
    conn = connect_readonly(loaded_db)
    try:
        with pytest.raises(sqlite3.OperationalError, match=r"readonly|query_only|read-only"):
            conn.execute("DELETE FROM claims")
    finally:
        conn.close()
    assert loaded_db.read_bytes() == before
