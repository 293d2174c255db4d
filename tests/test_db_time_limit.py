"""Every statement of a request stops at its time limit (app.db.connection.TimedConnection),
and the site answers that request 503 with its own headers; a request's database work runs
in a worker thread with a connection of its own, which follows the loader's file swaps."""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from app.db import queries
from app.db.connection import Database, connect_readonly
from app.db.rows import named
from tests.conftest import PAGE_SEED, POST_SEED
from tests.web_fixtures import load, site_client

#: Counts without end: only a time limit stops it.
ENDLESS = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"


def test_a_statement_past_its_limit_is_interrupted(seeded_db: Path) -> None:
    with closing(connect_readonly(seeded_db, limit_s=0.05)) as conn:
        with pytest.raises(sqlite3.OperationalError, match="interrupted"):
            conn.execute(ENDLESS).fetchone()
        # the next statement has a time of its own
        assert conn.execute("SELECT count(*) FROM companies").fetchone() == (1,)


def test_a_statement_run_on_a_cursor_has_a_time_of_its_own(seeded_db: Path) -> None:
    """The site's queries run on cursors (app.db.rows): each statement's clock starts
    when it does, not at the connection's last `execute` (which, a limit ago, made every
    later one fail at once: a comparison answered 503 under load)."""
    with closing(connect_readonly(seeded_db, limit_s=0.05)) as conn:
        conn.execute("SELECT 1").fetchone()
        time.sleep(0.1)  # longer than the limit, between two statements
        short = ENDLESS.replace("FROM n)", "FROM n WHERE x < 20000)")  # a few milliseconds
        assert named(conn, short)[0][0] == 20000
        with pytest.raises(sqlite3.OperationalError, match="interrupted"):
            named(conn, ENDLESS)


def test_without_a_limit_a_long_statement_runs_to_its_end(seeded_db: Path) -> None:
    with closing(connect_readonly(seeded_db)) as conn:
        finite = ENDLESS.replace("FROM n)", "FROM n WHERE x < 300000)")
        assert conn.execute(finite).fetchone() == (300000,)


def _stuck(conn: sqlite3.Connection, *args: object, **kwargs: object) -> object:
    return conn.execute(ENDLESS).fetchone()


@pytest.mark.parametrize(
    ("path", "kind"), [("/", "text/html"), ("/api/companies", "application/json")]
)
def test_a_request_whose_query_runs_too_long_is_a_503_with_the_sites_headers(
    seeded_db: Path, monkeypatch: pytest.MonkeyPatch, path: str, kind: str
) -> None:
    monkeypatch.setenv("CANVAS_QUERY_TIME_LIMIT_MS", "50")
    monkeypatch.setattr(queries, "company_page", _stuck)
    from app.settings import get_settings

    get_settings.cache_clear()
    try:
        with site_client(seeded_db) as client:
            response = client.get(path)
    finally:
        get_settings.cache_clear()
    assert response.status_code == 503
    assert response.headers["content-type"].startswith(kind)
    assert response.headers["retry-after"] == "2"
    assert response.headers["x-content-type-options"] == "nosniff"  # the site's own headers
    assert "content-security-policy" in response.headers


def test_each_thread_reads_through_a_connection_of_its_own(tmp_path: Path) -> None:
    path = load([POST_SEED], tmp_path / "canvas.db")
    database = Database(path)
    here = database.snapshot()
    seen: list[object] = []
    worker = threading.Thread(target=lambda: seen.append(database.snapshot()))
    worker.start()
    worker.join()
    [there] = seen
    assert there.connection is not here.connection  # type: ignore[attr-defined]
    assert (there.version, there.digest) == (here.version, here.digest)  # type: ignore[attr-defined]
    load([POST_SEED, PAGE_SEED], path)  # the loader swaps the file
    import time

    time.sleep(0.002)
    after = database.snapshot()
    assert after.version != here.version and after.connection is not here.connection
    assert after.connection.execute("SELECT count(*) FROM sources").fetchone() == (2,)
