"""The web process reads the loader's database, never writes it, and follows its swaps."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.db.connection import connect_readonly
from app.web import create_app
from tests.conftest import PAGE_SEED, POST_SEED, SEEDS
from tests.web_fixtures import load


@pytest.fixture
def loaded_db(tmp_path: Path) -> Path:
    return load([SEEDS], tmp_path / "canvas.db")


def test_healthz_counts_what_the_loader_stored(loaded_db: Path) -> None:
    with TestClient(base_url="http://127.0.0.1", app=create_app(loaded_db)) as client:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "companies": 1,
        "sources": 2,
        "snapshots": 3,
        "claims": 314,
    }


def test_without_a_database_pages_are_503_and_nothing_is_created(tmp_path: Path) -> None:
    with TestClient(base_url="http://127.0.0.1", app=create_app(tmp_path / "missing.db")) as client:
        assert client.get("/healthz").status_code == 503
        page = client.get("/c/cigna/2015")
        api = client.get("/api/companies")
    assert page.status_code == 503 and "canvas load" in page.text
    assert api.status_code == 503 and "canvas load" in api.json()["detail"]  # JSON for the API
    assert api.headers["content-type"] == "application/json"
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


@pytest.mark.parametrize("render_cache", [True, False])
def test_a_swapped_database_is_served_without_restart_or_failed_request(
    tmp_path: Path, render_cache: bool
) -> None:
    db = load([POST_SEED], tmp_path / "canvas.db")
    with TestClient(
        base_url="http://127.0.0.1", app=create_app(db, render_cache=render_cache)
    ) as client:
        first = client.get("/c/cigna/2015").text
        assert "Cigna</bdi>" in first
        assert client.get("/c/cigna/2023").status_code == 404
        statuses: list[int] = []
        stop = threading.Event()

        def hammer() -> None:
            while not stop.is_set():
                statuses.append(client.get("/c/cigna/2015").status_code)

        thread = threading.Thread(target=hammer)
        thread.start()
        try:
            load([POST_SEED, PAGE_SEED], db)
        finally:
            stop.set()
            thread.join()
        assert statuses and set(statuses) == {200}
        assert client.get("/c/cigna/2023").status_code == 200
        # the cached 2015 page was rendered again: the company now has its full name
        assert "Cigna Corporation</bdi>" in client.get("/c/cigna/2015").text
