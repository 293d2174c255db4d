"""The directory watch that spares the web process a stat() per request, and the database
that relies on it: a swap, a deletion or a new file is seen by the very next request."""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path

import pytest

from app import file_watch
from app.queries import Database, NoDatabase
from tests.conftest import PAGE_SEED, POST_SEED
from tests.web_fixtures import load

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="inotify is Linux's")


def test_a_watch_changes_its_token_on_each_change_in_its_directory(tmp_path: Path) -> None:
    watch = file_watch.watch(tmp_path / "canvas.db")
    assert watch is not None
    token = watch.token()
    assert watch.token() == token  # nothing happened
    (tmp_path / "new.db").write_bytes(b"x")  # created
    created = watch.token()
    assert created != token
    os.replace(tmp_path / "new.db", tmp_path / "canvas.db")  # the loader's rename
    renamed = watch.token()
    assert renamed != created
    (tmp_path / "canvas.db").unlink()
    assert watch.token() != renamed
    assert watch.token() == watch.token()


def test_two_watches_on_one_directory_each_see_the_change(tmp_path: Path) -> None:
    first, second = file_watch.watch(tmp_path / "a.db"), file_watch.watch(tmp_path / "b.db")
    assert first is not None and second is not None
    before = first.token(), second.token()
    (tmp_path / "a.db").write_bytes(b"x")
    assert (first.token(), second.token()) != before
    assert first.token() != before[0] and second.token() != before[1]


def test_threads_may_ask_one_watch_at_once(tmp_path: Path) -> None:
    """One poll object serves the process; concurrent polls raise unless serialised."""
    watch = file_watch.watch(tmp_path / "canvas.db")
    assert watch is not None
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            for i in range(20_000):
                watch.token()
                if i % 5_000 == 0:
                    (tmp_path / f"{threading.get_ident()}-{i}").write_bytes(b"x")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    before = watch.token()
    (tmp_path / "last").write_bytes(b"x")
    assert watch.token() != before


def test_a_removed_directory_leaves_the_watch_always_changed(tmp_path: Path) -> None:
    folder = tmp_path / "gone"
    folder.mkdir()
    watch = file_watch.watch(folder / "canvas.db")
    assert watch is not None
    folder.rmdir()
    assert watch.token() == -1 == watch.token()  # -1 never counts as unchanged


def test_a_symlinked_database_gets_no_watch(tmp_path: Path) -> None:
    (tmp_path / "real.db").write_bytes(b"x")
    (tmp_path / "link.db").symlink_to(tmp_path / "real.db")
    assert file_watch.watch(tmp_path / "link.db") is None
    assert file_watch.watch(tmp_path / "missing-dir" / "canvas.db") is None


def test_a_forked_child_stats_rather_than_read_the_parents_events(tmp_path: Path) -> None:
    watch = file_watch.watch(tmp_path / "canvas.db")
    assert watch is not None
    pid = os.fork()
    if pid == 0:  # the child: its inherited watch is forsaken, a new one works
        signal.alarm(10)  # never hang the suite
        code = 0 if watch.token() == -1 else 1
        fresh = file_watch.watch(tmp_path / "canvas.db")
        if fresh is None or fresh.token() < 0:
            code = 2
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    before = watch.token()
    (tmp_path / "canvas.db").write_bytes(b"x")
    assert watch.token() != before  # the parent's events were left to the parent


@pytest.mark.parametrize("watched", [True, False])
def test_the_database_follows_swaps_and_deletion_at_the_next_call(
    tmp_path: Path, watched: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not watched:  # no inotify (another OS, the limits reached): a stat() every call
        monkeypatch.setattr(file_watch, "watch", lambda path: None)
    path = tmp_path / "canvas.db"
    database = Database(path)
    with pytest.raises(NoDatabase):
        database.snapshot()
    load([POST_SEED], path)
    first = database.snapshot()
    assert database.snapshot() is first  # unchanged: the same open file
    load([POST_SEED, PAGE_SEED], path)
    second = database.snapshot()
    assert second[0] != first[0] and second[1] != first[1]
    path.unlink()
    for _ in range(2):  # and it stays gone, not back to the old connection
        with pytest.raises(NoDatabase):
            database.snapshot()
    load([POST_SEED], path)
    assert database.snapshot()[1] == first[1]  # the same documents: the same digest
