"""The only module that writes to the database.

A load never touches the live file: it copies it (or starts empty) into a new file beside
it, migrates, writes, checks `PRAGMA integrity_check`, and renames the new file over the
target. Readers holding the old file keep reading it; a failure or `kill -9` anywhere
leaves the target byte for byte as it was, with no journal beside it.

The full-text index is written here too, in the same transaction, so it is swapped in with
the rest. The index's key for a claim is its place (app/search/keys.py); new claims' rows wait
in memory, SEARCH_BATCH at most, and go into the index in key order, because FTS5 writes rows
that come in rising rowid order into a few large segments, and rows in any other order into
many small ones it must merge (twice the work). At commit the index is merged into one
segment (FTS5's `optimize`): a query's set-up then costs a tenth. The index has no copy of
the text: a claim's index row is removed by reading its text again with the same stemming,
which `search_state` guarantees (another stemming means a rebuild).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from app.loader.migrate import upgrade
from app.loader.pipeline import ClaimInsert, PreparedDocument
from app.search.keys import SEARCH_INDEX, KeyRangeError, search_key
from app.search.terms import ANALYSER, index_text

PutResult = Literal["added", "replaced", "unchanged"]


#: The claim columns in ClaimInsert's order, named once (a row is inserted as a whole).
_CLAIM_COLUMNS = ("id", "block_id", "source_id", "position", *ClaimInsert._fields)
_INSERT_CLAIM = (
    f"INSERT INTO claims ({', '.join(_CLAIM_COLUMNS)})"
    f" VALUES ({', '.join('?' * len(_CLAIM_COLUMNS))})"
)


_INSERT_FIGURE = (
    "INSERT INTO figures (claim_id, position, value, unit, currency, scale, bound, text,"
    " span_start, span_end) VALUES (?,?,?,?,?,?,?,?,?,?)"
)


#: A claim's place (what its search key packs) and its text, for the index.
_PLACES = (
    "SELECT b.year, b.company_id, b.kind, b.lang, c.position, c.topic, c.text"
    " FROM claims c JOIN blocks b ON b.id = c.block_id"
)


#: Index rows held in memory before they go into the index (some 30 MB of them).
SEARCH_BATCH = 100_000


class StoreError(Exception):
    """The target database cannot be updated (locked, not a canvas database, corrupt)."""


@dataclass(frozen=True, slots=True)
class _Paths:
    target: Path
    temp: Path
    lock: Path


class Store:
    """Use as a context manager; `commit()` swaps the new file in, leaving it discards it."""

    def __init__(self, target: Path, migrations: Path) -> None:
        target = target.resolve()
        self.paths = _Paths(
            target=target,
            temp=target.with_name(f"{target.name}.tmp-{os.getpid()}"),
            lock=target.with_name(f"{target.name}.lock"),
        )
        self.migrations = migrations
        self.conn: sqlite3.Connection | None = None
        self._lock_fd: int | None = None
        self._committed = False
        self._pending: list[tuple[int, int, str]] = []  # (key, source id, stems) to index
        self._pending_sources: set[int] = set()  # the sources those rows are of
        self._next_claim_id: int | None = None  # ids are given, not left to SQLite

    # -- lifecycle ------------------------------------------------------------------
    def __enter__(self) -> Store:
        paths = self.paths
        paths.target.parent.mkdir(parents=True, exist_ok=True)
        self._lock_fd = os.open(paths.lock, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            # A POSIX record lock, not flock(): forked parse workers must not inherit it,
            # or a killed loader's orphaned workers would hold the database hostage.
            fcntl.lockf(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(self._lock_fd)
            self._lock_fd = None
            raise StoreError(f"{paths.target}: another load is running") from None
        self._remove_stale_temps()
        if paths.target.exists():
            shutil.copyfile(paths.target, paths.temp)
        try:
            upgrade(paths.temp, self.migrations)
        except Exception as exc:
            self._discard()
            raise StoreError(f"{paths.target}: not a canvas database ({exc})") from None
        self.conn = sqlite3.connect(paths.temp, isolation_level=None)
        self.conn.execute("PRAGMA foreign_keys = ON")
        # The temp file is thrown away on failure, so it needs no journal of its own.
        self.conn.execute("PRAGMA journal_mode = OFF")
        self.conn.execute("PRAGMA synchronous = OFF")
        self.conn.execute("PRAGMA cache_size = -16384")  # 16 MB: memory flat in N
        self.conn.execute("BEGIN")
        state = self.conn.execute("SELECT analyser FROM search_state").fetchone()
        if state is None or state[0] != ANALYSER:
            self._rebuild_search()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if not self._committed:
            self._discard()
        if self._lock_fd is not None:
            fcntl.lockf(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    def commit(self) -> None:
        conn = self._db()
        conn.execute("DELETE FROM blocks WHERE id NOT IN (SELECT block_id FROM block_sources)")
        conn.execute("DELETE FROM companies WHERE id NOT IN (SELECT company_id FROM sources)")
        self._flush_search()
        conn.execute(f"INSERT INTO {SEARCH_INDEX} ({SEARCH_INDEX}) VALUES ('optimize')")
        conn.execute(
            "INSERT INTO search_state (id, analyser) VALUES (1, ?)"
            " ON CONFLICT (id) DO UPDATE SET analyser = excluded.analyser",
            (ANALYSER,),
        )
        conn.execute("COMMIT")
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        fk_problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems != ["ok"] or fk_problems:
            raise StoreError(f"integrity check failed: {problems[:3]} {fk_problems[:3]}")
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.close()
        self.conn = None
        with open(self.paths.temp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(self.paths.temp, self.paths.target)
        directory = os.open(self.paths.target.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
        self._committed = True

    def _discard(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{self.paths.temp}{suffix}").unlink(missing_ok=True)

    def _remove_stale_temps(self) -> None:
        """Temp files of killed loaders: we hold the lock, so none is in use."""
        for stale in self.paths.target.parent.glob(f"{self.paths.target.name}.tmp-*"):
            stale.unlink(missing_ok=True)

    def _db(self) -> sqlite3.Connection:
        if self.conn is None:
            raise StoreError("store is not open")
        return self.conn

    # -- writing --------------------------------------------------------------------
    def put(self, doc: PreparedDocument) -> PutResult:
        """Write one document, replacing exactly the rows of an earlier version of it."""
        conn = self._db()
        key = doc.source.key
        row = conn.execute("SELECT id, fingerprint FROM sources WHERE key = ?", (key,)).fetchone()
        if row is not None and row[1] == doc.fingerprint:
            return "unchanged"
        if row is not None:
            self._delete_source(row[0])
        company_id = self._company(doc)
        source_id = conn.execute(
            "INSERT INTO sources (key, company_id, path, title, kind, sha256, line_count, text,"
            " url, summary, fingerprint) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                key,
                company_id,
                doc.path,
                doc.title,
                doc.parsed.kind,
                doc.source.sha256,
                doc.source.line_count,
                doc.source.text,
                doc.url,
                doc.parsed.summary,
                doc.fingerprint,
            ),
        ).lastrowid
        assert source_id is not None
        links: list[tuple[int, int, int]] = []
        claims: list[tuple[object, ...]] = []
        numbers: list[tuple[object, ...]] = []
        # Ids given, not left to SQLite, so the figures can name their claim; read once a
        # load (this is the only writer), then counted here.
        if self._next_claim_id is None:
            found = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM claims").fetchone()
            self._next_claim_id = int(found[0])
        claim_id = self._next_claim_id
        pending: list[tuple[int, str]] = []
        for part in doc.parsed.parts:
            assert part.year is not None
            last_line = max(
                [b.line for b in part.blocks]
                + [row.line_end for b in part.blocks for row in doc.rows[(part.lang, b.kind)]]
            )
            conn.execute(
                "INSERT INTO source_parts (source_id, lang, year, inferred_year, line_start,"
                " line_end, noise_lines) VALUES (?,?,?,?,?,?,?)",
                (
                    source_id,
                    part.lang,
                    part.year,
                    doc.inferred_years.get(part.lang),
                    min(b.line for b in part.blocks),
                    last_line,
                    part.noise_lines,
                ),
            )
            for block in part.blocks:
                block_id, fresh = self._block(
                    company_id, part.year, part.lang, block.kind, block.heading
                )
                links.append((block_id, source_id, block.line))
                rows = doc.rows[(part.lang, block.kind)]
                texts = doc.search_texts[(part.lang, block.kind)]
                start = 0 if fresh else self._next_position(block_id)
                try:  # positions are consecutive, and so are keys: the last one is checked
                    if rows:
                        last = start + len(rows) - 1
                        search_key(part.year, company_id, block.kind, part.lang, last)
                    first = search_key(part.year, company_id, block.kind, part.lang, start)
                except KeyRangeError as exc:
                    raise StoreError(f"{doc.path}: {exc}") from None
                for i, (r, found) in enumerate(
                    zip(rows, doc.figures[(part.lang, block.kind)], strict=True)
                ):
                    claims.append((claim_id, block_id, source_id, start + i, *r))
                    numbers.extend(
                        (claim_id, n, f.value, f.unit, f.currency, f.scale, f.bound, f.text,
                         f.start, f.end)
                        for n, f in enumerate(found)
                    )  # fmt: skip
                    claim_id += 1
                pending.extend((first + i, source_id, t) for i, t in enumerate(texts))
        # One statement per table and document: per-block calls showed in the load profile.
        conn.executemany(
            "INSERT INTO block_sources (block_id, source_id, heading_line) VALUES (?,?,?)", links
        )
        conn.executemany(_INSERT_CLAIM, claims)
        conn.executemany(_INSERT_FIGURE, numbers)
        self._next_claim_id = claim_id
        self._pending.extend(pending)
        self._pending_sources.add(source_id)
        if len(self._pending) >= SEARCH_BATCH:
            self._flush_search()
        return "added" if row is None else "replaced"

    def prune(self, keep: Iterable[str]) -> list[str]:
        """Delete every source not in `keep`; returns the keys removed."""
        conn = self._db()
        keep_set = set(keep)
        gone = [(i, k) for i, k in conn.execute("SELECT id, key FROM sources") if k not in keep_set]
        for source_id, _ in gone:
            self._delete_source(source_id)
        return sorted(k for _, k in gone)

    def _delete_source(self, source_id: int) -> None:
        conn = self._db()
        if source_id in self._pending_sources:  # written by this load: not indexed yet
            self._pending = [row for row in self._pending if row[1] != source_id]
            self._pending_sources.discard(source_id)
        else:  # indexed: its rows leave the index by their stems
            places = conn.execute(_PLACES + " WHERE c.source_id = ?", (source_id,))
            conn.executemany(
                f"INSERT INTO {SEARCH_INDEX} ({SEARCH_INDEX}, rowid, stems)"
                " VALUES ('delete', ?, ?)",
                sorted((search_key(*p[:5]), index_text(p[5], p[6])) for p in places.fetchall()),
            )
        conn.execute(
            "DELETE FROM figures WHERE claim_id IN (SELECT id FROM claims WHERE source_id = ?)",
            (source_id,),
        )
        conn.execute("DELETE FROM claims WHERE source_id = ?", (source_id,))
        conn.execute("DELETE FROM block_sources WHERE source_id = ?", (source_id,))
        conn.execute("DELETE FROM source_parts WHERE source_id = ?", (source_id,))
        conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))

    def _flush_search(self) -> None:
        """The waiting index rows into the index, in key order."""
        self._pending.sort()
        self._db().executemany(
            f"INSERT INTO {SEARCH_INDEX} (rowid, stems) VALUES (?,?)",
            [(key, stems) for key, _, stems in self._pending],
        )
        self._pending = []
        self._pending_sources.clear()

    def _rebuild_search(self) -> None:
        """Index every claim anew: for a database from before the index, or one whose
        index another stemming built."""
        conn = self._db()
        conn.execute(f"INSERT INTO {SEARCH_INDEX} ({SEARCH_INDEX}) VALUES ('delete-all')")
        places = conn.execute(_PLACES)
        while batch := places.fetchmany(10_000):
            try:
                self._pending += [(search_key(*p[:5]), 0, index_text(p[5], p[6])) for p in batch]
            except KeyRangeError as exc:
                raise StoreError(f"{self.paths.target}: {exc}") from None
            if len(self._pending) >= SEARCH_BATCH:
                self._flush_search()
        self._flush_search()

    def _company(self, doc: PreparedDocument) -> int:
        """Ticker first, then slug: a post without ticker joins the page with one."""
        conn = self._db()
        found = None
        if doc.ticker:
            found = conn.execute(
                "SELECT id, name, ticker FROM companies WHERE ticker = ?", (doc.ticker,)
            ).fetchone()
        slug = doc.slug
        if found is None:
            found = conn.execute(
                "SELECT id, name, ticker FROM companies WHERE slug = ?", (slug,)
            ).fetchone()
            if found is not None and doc.ticker and found[2] and found[2] != doc.ticker:
                slug = f"{slug}-{doc.ticker.lower()}"  # same name, another listed company
                found = conn.execute(
                    "SELECT id, name, ticker FROM companies WHERE slug = ?", (slug,)
                ).fetchone()
        if found is None:
            return (
                conn.execute(
                    "INSERT INTO companies (slug, name, ticker) VALUES (?,?,?)",
                    (slug, doc.name, doc.ticker),
                ).lastrowid
                or 0
            )
        company_id, name, ticker = found
        if doc.ticker and not ticker:
            conn.execute("UPDATE companies SET ticker = ? WHERE id = ?", (doc.ticker, company_id))
        if len(doc.name) > len(name) or doc.name_pinned:
            conn.execute("UPDATE companies SET name = ? WHERE id = ?", (doc.name, company_id))
        return int(company_id)

    def _block(
        self, company_id: int, year: int, lang: str, kind: str, heading: str
    ) -> tuple[int, bool]:
        """The block's id, and whether this call created it."""
        conn = self._db()
        row = conn.execute(
            "SELECT id FROM blocks WHERE company_id = ? AND year = ? AND lang = ? AND kind = ?",
            (company_id, year, lang, kind),
        ).fetchone()
        if row is not None:
            return int(row[0]), False
        created = conn.execute(
            "INSERT INTO blocks (company_id, year, kind, lang, heading) VALUES (?,?,?,?,?)",
            (company_id, year, kind, lang, heading),
        ).lastrowid
        return int(created or 0), True

    def _next_position(self, block_id: int) -> int:
        """Another source feeds this block too: its claims come after that source's."""
        return int(
            self._db()
            .execute(
                "SELECT COALESCE(MAX(position), -1) + 1 FROM claims WHERE block_id = ?",
                (block_id,),
            )
            .fetchone()[0]
        )
