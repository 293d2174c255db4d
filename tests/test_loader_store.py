"""The store's guarantees: idempotent, replaces exactly a changed source, atomic, crash-safe."""

from __future__ import annotations

import fcntl
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tests.conftest import PAGE_SEED, POST_SEED, canvas_subprocess, dump, rows


def _load(run_cli, *args: object) -> str:  # type: ignore[no-untyped-def]
    code, out, err = run_cli("load", *args)
    assert code == 0, err
    return out


def _leftovers(db: Path) -> list[str]:
    """Files beside the database other than it and its lock."""
    skip = {db.name, f"{db.name}.lock"}
    return sorted(p.name for p in db.parent.iterdir() if p.is_file() and p.name not in skip)


def test_loading_twice_gives_identical_rows(tmp_path: Path, seeds_copy: Path, run_cli) -> None:
    db = tmp_path / "canvas.db"
    _load(run_cli, seeds_copy, "--db", db)
    first = dump(db)
    out = _load(run_cli, seeds_copy, "--db", db)
    assert dump(db) == first
    assert "this load: 2 documents (2 unchanged); 0 statements written" in out


def test_fresh_databases_get_the_same_anchors_and_keys(
    tmp_path: Path, seeds_copy: Path, run_cli
) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    _load(run_cli, seeds_copy, "--db", a)
    _load(run_cli, seeds_copy, "--db", b)
    query = "SELECT s.key, c.anchor, c.text FROM claims c JOIN sources s ON s.id = c.source_id"
    assert sorted(rows(a, query)) == sorted(rows(b, query))


def test_changed_document_replaces_exactly_its_own_rows(
    tmp_path: Path, seeds_copy: Path, run_cli
) -> None:
    db = tmp_path / "canvas.db"
    _load(run_cli, seeds_copy, "--db", db)
    page_claims = "SELECT c.* FROM claims c JOIN sources s ON s.id = c.source_id WHERE s.key = ?"
    before_page = rows(db, page_claims, (PAGE_SEED.stem,))
    before_post = {a: t for a, t in rows(db, "SELECT anchor, text FROM claims WHERE source_id = 1")}

    post = seeds_copy / POST_SEED.name
    text = post.read_text(encoding="utf-8")
    old = "Cigna also owns and or leases a number of office locations"
    assert old in text
    post.write_text(text.replace(old, "Cigna also rents a handful of office locations"), "utf-8")
    out = _load(run_cli, seeds_copy, "--db", db)

    assert "(1 replaced, 1 unchanged)" in out
    assert rows(db, page_claims, (PAGE_SEED.stem,)) == before_page  # untouched, ids included
    after_post = {
        a: t
        for a, t in rows(
            db,
            "SELECT c.anchor, c.text FROM claims c JOIN sources s ON s.id = c.source_id "
            "WHERE s.key = ?",
            (POST_SEED.stem,),
        )
    }
    assert len(after_post) == len(before_post)
    changed = set(after_post.items()) - set(before_post.items())
    assert [t for _, t in changed] == [
        "Cigna also rents a handful of office locations across its various operating jurisdictions."
    ]
    # every untouched line keeps its anchor
    assert len(set(after_post) & set(before_post)) == len(before_post) - 1


def test_a_block_removed_from_a_document_disappears(
    tmp_path: Path, seeds_copy: Path, run_cli
) -> None:
    db = tmp_path / "canvas.db"
    _load(run_cli, seeds_copy, "--db", db)
    post = seeds_copy / POST_SEED.name
    lines = post.read_text(encoding="utf-8").split("\n")
    start = lines.index("### Key Resources")
    end = lines.index("### Cost Structure")
    post.write_text("\n".join(lines[:start] + lines[end:]), encoding="utf-8")
    _load(run_cli, seeds_copy, "--db", db)
    kinds = {k for (k,) in rows(db, "SELECT kind FROM blocks WHERE year = 2015")}
    assert "key-resources" not in kinds and len(kinds) == 8
    assert rows(db, "SELECT COUNT(*) FROM blocks WHERE year = 2023") == [(9,)]


def test_prune_removes_sources_no_longer_given(tmp_path: Path, seeds_copy: Path, run_cli) -> None:
    db = tmp_path / "canvas.db"
    _load(run_cli, seeds_copy, "--db", db)
    (seeds_copy / PAGE_SEED.name).unlink()
    _load(run_cli, seeds_copy, "--db", db)
    assert len(rows(db, "SELECT key FROM sources")) == 2  # plain load keeps what it had
    out = _load(run_cli, seeds_copy, "--db", db, "--prune")
    assert f"pruned: {PAGE_SEED.stem}" in out
    assert rows(db, "SELECT key FROM sources") == [(POST_SEED.stem,)]
    assert rows(db, "SELECT DISTINCT year FROM blocks") == [(2015,)]
    assert rows(
        db, "SELECT COUNT(*) FROM claims WHERE source_id NOT IN (SELECT id FROM sources)"
    ) == [(0,)]


def test_a_failed_load_leaves_the_database_untouched(
    tmp_path: Path, seeds_copy: Path, run_cli
) -> None:
    db = tmp_path / "canvas.db"
    _load(run_cli, seeds_copy, "--db", db)
    before = db.read_bytes()
    (seeds_copy / POST_SEED.name).write_text(
        (seeds_copy / POST_SEED.name).read_text(encoding="utf-8") + "\nchanged\n", "utf-8"
    )
    (seeds_copy / "zzz_bad.txt").write_bytes(b"\xff\xfe not text")
    code, _, err = run_cli("load", seeds_copy, "--db", db)
    assert code == 2
    assert "zzz_bad.txt:1: not UTF-8" in err
    assert db.read_bytes() == before
    assert _leftovers(db) == []


def test_keep_going_loads_the_good_and_lists_the_bad(
    tmp_path: Path, seeds_copy: Path, run_cli
) -> None:
    db = tmp_path / "canvas.db"
    (seeds_copy / "bad.md").write_text("### Key Sauces\n\ntext\n", encoding="utf-8")
    code, _, err = run_cli("load", seeds_copy, "--db", db, "--keep-going")
    assert code == 2
    assert "bad.md:1: unknown block heading 'Key Sauces'" in err
    assert len(rows(db, "SELECT key FROM sources")) == 2


def test_a_second_loader_waits_its_turn(tmp_path: Path, seeds_copy: Path, run_cli) -> None:
    db = tmp_path / "canvas.db"
    fd = os.open(tmp_path / "canvas.db.lock", os.O_RDWR | os.O_CREAT)
    fcntl.lockf(fd, fcntl.LOCK_EX)
    try:
        proc = canvas_subprocess("load", seeds_copy, "--db", db)
        _, err = proc.communicate(timeout=120)
    finally:
        os.close(fd)
    assert proc.returncode == 2
    assert err.decode().strip() == f"canvas: error: {db}: another load is running"
    assert not db.exists()


def test_a_target_that_is_not_a_canvas_database_is_refused(
    tmp_path: Path, seeds_copy: Path, run_cli
) -> None:
    db = tmp_path / "canvas.db"
    db.write_text("these are my notes, not a database\n")
    code, _, err = run_cli("load", seeds_copy, "--db", db)
    assert code == 2 and "not a canvas database" in err
    assert db.read_text() == "these are my notes, not a database\n"
    assert _leftovers(db) == []


def test_a_reader_keeps_its_snapshot_while_the_loader_swaps(
    tmp_path: Path, seeds_copy: Path, run_cli
) -> None:
    db = tmp_path / "canvas.db"
    _load(run_cli, seeds_copy / POST_SEED.name, "--db", db)
    reader = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        inode = os.stat(db).st_ino
        _load(run_cli, seeds_copy, "--db", db)
        assert os.stat(db).st_ino != inode  # a new file, renamed over the old one
        assert reader.execute("SELECT COUNT(*) FROM sources").fetchone() == (1,)
    finally:
        reader.close()
    assert rows(db, "SELECT COUNT(*) FROM sources") == [(2,)]


# -- kill -9 ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough documents that a load takes a while: copies of the page seed, renamed."""
    folder = tmp_path_factory.mktemp("corpus")
    text = PAGE_SEED.read_text(encoding="utf-8")
    for n in range(400):  # each its own text (after the disclaimer): copies are loaded once
        (folder / f"page_{n:04d}.txt").write_text(f"{text}Copy {n}.\n", encoding="utf-8")
    return folder


def _wait_for(predicate, timeout: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.002)
    return False


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if text in cmdline:
                found.append(int(entry.name))
    return found


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["temp-created", "mid-write", "late"])
def test_kill_9_leaves_the_previous_file_exactly_as_it_was(
    tmp_path: Path, seeds_copy: Path, big_corpus: Path, run_cli, moment: str
) -> None:
    db = tmp_path / "canvas.db"
    _load(run_cli, seeds_copy, "--db", db)
    before = db.read_bytes()
    temps = lambda: list(tmp_path.glob("canvas.db.tmp-*"))  # noqa: E731

    proc = canvas_subprocess("load", big_corpus, "--db", db, "--quiet")
    try:
        assert _wait_for(lambda: bool(temps()) or proc.poll() is not None)
        if moment == "mid-write":
            assert _wait_for(
                lambda: (
                    any(t.stat().st_size > 2 * len(before) for t in temps() if t.exists())
                    or proc.poll() is not None
                )
            )
        elif moment == "late":
            assert _wait_for(
                lambda: (
                    any(t.stat().st_size > 8 * len(before) for t in temps() if t.exists())
                    or proc.poll() is not None
                )
            )
        assert proc.poll() is None, "the load finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    # its parse workers notice and end too, rather than lingering with the corpus open
    assert _wait_for(lambda: not _processes_mentioning(str(db)), timeout=5)
    assert db.read_bytes() == before
    assert not list(tmp_path.glob("*-journal")) and not list(tmp_path.glob("*-wal"))
    reader = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert reader.execute("SELECT COUNT(*) FROM sources").fetchone() == (2,)
    finally:
        reader.close()
    # the next load cleans up after the killed one
    _load(run_cli, seeds_copy, "--db", db)
    assert _leftovers(db) == []


def test_figures_are_stored_with_their_claims_and_replaced_with_them(tmp_path: Path) -> None:
    from tests.search_corpus import post
    from tests.web_fixtures import load

    docs = tmp_path / "docs"
    docs.mkdir()
    doc = docs / "950_zed_2024.txt"
    bullets = ["In 2024 premiums were $6,328 million, up 12%.", "بلغ عدد العملاء ١٫٥ مليون."]
    doc.write_text(post("zed", "Businessmodel of Zed", 2024, {"Revenue Streams": bullets}))
    db = load([docs], tmp_path / "c.db")
    sql = (
        "SELECT c.text, f.text, f.value, f.currency, f.unit FROM figures f"
        " JOIN claims c ON c.id = f.claim_id ORDER BY c.position, f.position"
    )
    assert rows(db, sql) == [
        (bullets[0], "$6,328 million", 6_328_000_000, "USD", None),
        (bullets[0], "12%", 12, None, "%"),
        (bullets[1], "١٫٥ مليون", 1_500_000, None, None),
    ]
    doc.write_text(post("zed", "Businessmodel of Zed", 2024, {"Revenue Streams": ["2024: 7%."]}))
    load([docs], db)
    assert [r[1:] for r in rows(db, sql)] == [("7%", 7, None, "%")]
    orphans = "SELECT count(*) FROM figures WHERE claim_id NOT IN (SELECT id FROM claims)"
    assert rows(db, orphans) == [(0,)]
