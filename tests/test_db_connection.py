"""The database as the web process opens it: a swap, a deletion or a new file is seen by
the very next request."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.db.connection import Database, NoDatabase
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
    for _ in range(2):  # and it stays gone, not back to the old connection
        with pytest.raises(NoDatabase):
            database.snapshot()
    load([POST_SEED], path)
    assert database.snapshot().digest == first.digest  # the same documents: the same digest
