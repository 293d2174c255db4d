"""The database as the web process opens it: a swap, a deletion or a new file is seen by
the first request after RECHECK_S (a millisecond), and between two of them no stat() is made."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from app.db.connection import RECHECK_S, Database, NoDatabase
from tests.conftest import PAGE_SEED, POST_SEED
from tests.web_fixtures import load


def test_the_database_follows_swaps_and_deletion_at_the_next_call(tmp_path: Path) -> None:
    path = tmp_path / "canvas.db"
    database = Database(path)
    with pytest.raises(NoDatabase):
        database.snapshot()
    load([POST_SEED], path)
    first = database.snapshot()
    assert database.snapshot() is first  # unchanged: the same open file
    load([POST_SEED, PAGE_SEED], path)
    second = database.snapshot()
    assert second.version != first.version and second.digest != first.digest
    path.unlink()
    time.sleep(RECHECK_S * 2)
    for _ in range(2):  # and it stays gone, not back to the old connection
        with pytest.raises(NoDatabase):
            database.snapshot()
    load([POST_SEED], path)
    time.sleep(RECHECK_S * 2)
    assert database.snapshot().digest == first.digest  # the same documents: the same digest


def test_within_recheck_the_open_file_is_answered_without_a_stat(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "canvas.db"
    load([POST_SEED], path)
    database = Database(path)
    now = time.monotonic()
    monkeypatch.setattr(time, "monotonic", lambda: now)  # the clock stands still
    first = database.snapshot()
    stats: list[str] = []
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: stats.append(p) or real_stat(p, *a, **k))
    assert database.snapshot() is first and stats == []  # no system call
    monkeypatch.setattr(time, "monotonic", lambda: now + RECHECK_S * 1.5)  # past it, in floats too
    assert database.snapshot() is first and len(stats) == 1  # then one
