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
import hashlib
import itertools
import os
import shutil
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, NamedTuple

from app.db.queries import Totals, totals
from app.domain import slugify
from app.figures import Figure
from app.loader.company import FULL_NAME, TICKER
from app.loader.migrate import upgrade
from app.loader.pipeline import ClaimInsert, PreparedDocument, StoredMeaning
from app.search.keys import SEARCH_INDEX, KeyRangeError, search_key
from app.search.terms import ANALYSER, index_text
from app.settings import PROJECT_ROOT

PutResult = Literal["added", "replaced", "unchanged", "moved", "renamed", "duplicate"]


class Put(NamedTuple):
    """What `Store.put` did with a document, and under which company slug it is filed."""

    status: PutResult
    slug: str
    #: moved: the path it was at; renamed: the key it was stored under; duplicate: the key
    #: that holds the same text (this document was not written)
    earlier: str | None = None


#: The claim columns in ClaimInsert's order, named once (a row is inserted as a whole).
_CLAIM_COLUMNS = ("id", "block_id", "source_id", "position", *ClaimInsert._fields)
_INSERT_CLAIM = (
    f"INSERT INTO claims ({', '.join(_CLAIM_COLUMNS)})"
    f" VALUES ({', '.join('?' * len(_CLAIM_COLUMNS))})"
)


_INSERT_FIGURE = (
    "INSERT INTO figures (claim_id, position, value, unit, currency, scale, bound, text,"
    " span_start, span_end, label, metric, scope, period, period_text, period_source,"
    " qualifiers) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
)


#: A claim's place (what its search key packs) and its text, for the index.
_PLACES = (
    "SELECT b.year, b.company_id, b.kind, b.lang, c.position, c.topic, c.text"
    " FROM claims c JOIN blocks b ON b.id = c.block_id"
)


#: Index rows held in memory before they go into the index (some 30 MB of them).
SEARCH_BATCH = 100_000


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _figure_rows(
    numbered: list[tuple[int, Iterable[list[tuple[Figure, StoredMeaning]]]]],
) -> Iterator[tuple[object, ...]]:
    """The figures' rows, block by block: each block's claims have consecutive ids."""
    for first, block in numbered:
        for claim_id, found in enumerate(block, start=first):
            for n, (f, meaning) in enumerate(found):
                yield (claim_id, n, f.value, f.unit, f.currency, f.scale, f.bound, f.text,
                       f.start, f.end, *meaning)  # fmt: skip


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
        """Refuses (StoreError, one line naming `target` as given) a target that can never
        be a canvas database: a directory, a file that is not SQLite, or a SQLite database
        of something else. Checked here, before a lock or temp file is made, so a refused
        target leaves nothing behind. A missing or empty file is a new database."""
        shown = str(target)
        self.shown = shown
        if target.is_dir():
            raise StoreError(f"{shown}: is a directory, not a database file")
        if target.exists() and not target.is_file():
            raise StoreError(f"{shown}: not a regular file, not a database file")
        if target.is_file():
            try:
                with open(target, "rb") as handle:
                    header = handle.read(16)
            except OSError as exc:
                raise StoreError(f"{shown}: cannot be read ({exc.strerror or exc})") from None
            if header and header != b"SQLite format 3\x00":
                raise StoreError(f"{shown}: not a canvas database (not a SQLite file)")
            if header:
                try:  # immutable: read as a plain file, no lock and no -shm/-wal made
                    probe = sqlite3.connect(f"{target.resolve().as_uri()}?immutable=1", uri=True)
                    try:
                        tables = [
                            name
                            for (name,) in probe.execute(
                                "SELECT name FROM sqlite_master WHERE type = 'table'"
                                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
                            )
                        ]
                    finally:
                        probe.close()
                except sqlite3.Error as exc:
                    raise StoreError(f"{shown}: not a canvas database ({exc})") from None
                if tables and "alembic_version" not in tables:
                    listed = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
                    raise StoreError(
                        f"{shown}: not a canvas database (a SQLite database of other"
                        f" tables: {listed})"
                    )
        target = target.resolve()
        self.paths = _Paths(
            target=target,
            temp=target.with_name(f"{target.name}.tmp-{os.getpid()}"),
            lock=target.with_name(f"{target.name}.lock"),
        )
        self.migrations = migrations
        self.conn: sqlite3.Connection | None = None
        self._lock_fd: int | None = None
        self._made_dirs: list[Path] = []  # folders __enter__ created, deepest first
        self._committed = False
        self._pending: list[tuple[int, int, str]] = []  # (key, source id, stems) to index
        self._pending_sources: set[int] = set()  # the sources those rows are of
        self._next_claim_id: int | None = None  # ids are given, not left to SQLite
        self._load_paths: dict[str, str] = {}  # key -> path of this load's files: expect()
        self._root = PROJECT_ROOT
        self._touched: set[int] = set()  # companies a document was written to
        self._moved_from: dict[int, set[int]] = {}  # company -> companies its sources left
        self.slug_changes: dict[str, str] = {}  # a company's slug before -> after commit
        self.warnings: list[str] = []
        self.totals: Totals | None = None  # the database as the commit leaves it

    # -- lifecycle ------------------------------------------------------------------
    def __enter__(self) -> Store:
        paths = self.paths
        folder = paths.target.parent
        self._made_dirs = [d for d in (folder, *folder.parents) if not d.exists()]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._lock_fd = os.open(paths.lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:  # e.g. a file where a folder of the path should be
            self.__exit__(None, None, None)
            what = "not a folder" if isinstance(exc, FileExistsError) else exc.strerror
            where = f"{exc.filename}: " if exc.filename else ""
            raise StoreError(f"{self.shown}: cannot be written ({where}{what})") from None
        try:
            # A POSIX record lock, not flock(): forked parse workers must not inherit it,
            # or a killed loader's orphaned workers would hold the database hostage.
            fcntl.lockf(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            # The lock file is removed as a load ends (__exit__). One opened just before
            # that is locked in vain: the path names another file now (or none), which
            # the next load may hold. So the lock counts only if the path still names it.
            held, named = os.fstat(self._lock_fd), os.stat(paths.lock)
            if (held.st_dev, held.st_ino) != (named.st_dev, named.st_ino):
                raise OSError("lock file replaced")
        except OSError:
            os.close(self._lock_fd)
            self._lock_fd = None
            raise StoreError(f"{self.shown}: another load is running") from None
        try:  # from here on, a failure leaves nothing behind: no temp file, no lock file
            self._remove_stale_temps()
            try:
                if paths.target.exists():
                    shutil.copyfile(paths.target, paths.temp)
            except OSError as exc:
                raise StoreError(f"{self.shown}: cannot be read ({exc.strerror or exc})") from None
            try:
                upgrade(paths.temp, self.migrations)
            except Exception as exc:
                # The cause on one line: SQLAlchemy's own message spans several (SQL, URL).
                reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
                raise StoreError(f"{self.shown}: not a canvas database ({reason})") from None
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
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        if not self._committed:
            self._discard()
        if self._lock_fd is not None:
            # Removed while still held (and only if the path still names it): a load that
            # opened it meanwhile finds it replaced once it locks, and stops (__enter__).
            try:
                held, named = os.fstat(self._lock_fd), os.stat(self.paths.lock)
                if (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino):
                    self.paths.lock.unlink()
            except OSError:
                pass
            fcntl.lockf(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None
        if not self._committed:
            # The folders made for a new database that was not written, each if empty
            # (another load may have begun in it meanwhile).
            for made in self._made_dirs:
                try:
                    made.rmdir()
                except OSError:
                    break
        self._made_dirs = []

    def commit(self) -> None:
        conn = self._db()
        conn.execute("DELETE FROM blocks WHERE id NOT IN (SELECT block_id FROM block_sources)")
        self._settle_companies()
        self._flush_search()
        conn.execute(f"INSERT INTO {SEARCH_INDEX} ({SEARCH_INDEX}) VALUES ('optimize')")
        self.totals = totals(conn)
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
        if not self.paths.temp.parent.is_dir():  # no folder to make it in: nothing was made
            return
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
    def expect(self, documents: dict[str, str], root: Path = PROJECT_ROOT) -> None:
        """The documents this load reads (key -> path), so that a text already stored under
        another key is told apart: a rename when that key's file is gone, else a copy."""
        self._load_paths = dict(documents)
        self._root = root

    def put(self, doc: PreparedDocument) -> Put:
        """Write one document, replacing exactly the rows of an earlier version of it (under
        its key, or under the key it had before a rename); a copy of a stored document under
        another key is not written twice."""
        conn = self._db()
        key = doc.source.key
        row = conn.execute(
            "SELECT id, fingerprint, path, company_id FROM sources WHERE key = ?", (key,)
        ).fetchone()
        if row is not None and row[1] == doc.fingerprint:
            slug = self._slug_of(row[3])
            if row[2] != doc.path:
                conn.execute("UPDATE sources SET path = ? WHERE id = ?", (doc.path, row[0]))
                return Put("moved", slug, row[2])
            return Put("unchanged", slug)
        status: PutResult = "added" if row is None else "replaced"
        earlier = None
        if row is None and (twin := self._twin(doc)) is not None:
            twin_id, twin_key, twin_path, twin_company = twin
            holder = Path(self._load_paths.get(twin_key) or self._located(twin_path))
            if holder.exists():
                # A copy while the twin's file still holds this text; if it holds another
                # now (edited, and loaded after this one), this text is no copy: added.
                if _sha256(holder) == doc.source.sha256:
                    return Put("duplicate", self._slug_of(twin_company), twin_key)
            else:  # the twin's file is gone: this is it, under its new name
                row = (twin_id, None, twin_path, twin_company)
                status, earlier = "renamed", twin_key
        if row is not None:
            self._delete_source(row[0])
        company_id, slug = self._company(doc)
        if row is not None and row[3] != company_id:
            self._moved_from.setdefault(company_id, set()).add(int(row[3]))
        self._touched.add(company_id)
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
        conn.executemany(
            "INSERT INTO source_aliases (source_id, alias, rank) VALUES (?,?,?)",
            [(source_id, form.slug, form.rank) for form in doc.forms],
        )
        links: list[tuple[int, int, int]] = []
        claims: list[tuple[object, ...]] = []
        numbered: list[tuple[int, Iterable[list[tuple[Figure, StoredMeaning]]]]] = []
        # Ids given, not left to SQLite, so the figures can name their claim; read once a
        # load (this is the only writer), then counted here.
        if self._next_claim_id is None:
            found = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM claims").fetchone()
            self._next_claim_id = int(found[0])
        claim_id = self._next_claim_id
        pending: list[tuple[int, int, str]] = []  # (key, source id, stems): as self._pending
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
                numbered.append((claim_id, doc.figures[(part.lang, block.kind)]))
                for i, r in enumerate(rows):
                    claims.append((claim_id, block_id, source_id, start + i, *r))
                    claim_id += 1
                pending.extend((first + i, source_id, t) for i, t in enumerate(texts))
        # One statement per table and document: per-block calls showed in the load profile.
        conn.executemany(
            "INSERT INTO block_sources (block_id, source_id, heading_line) VALUES (?,?,?)", links
        )
        conn.executemany(_INSERT_CLAIM, claims)
        # Streamed: a document may hold 400,000 figures, and a row of each at once would
        # weigh some 100 MB (bench/loader_memory.py).
        conn.executemany(_INSERT_FIGURE, _figure_rows(numbered))
        self._next_claim_id = claim_id
        self._pending.extend(pending)
        self._pending_sources.add(source_id)
        if len(self._pending) >= SEARCH_BATCH:
            self._flush_search()
        return Put(status, slug, earlier)

    def _twin(self, doc: PreparedDocument) -> tuple[int, str, str, int] | None:
        """A stored source of another key with the same text and the same snapshots."""
        conn = self._db()
        parts = {(p.lang, p.year) for p in doc.parsed.parts}
        for found in conn.execute(
            "SELECT id, key, path, company_id FROM sources WHERE sha256 = ? AND key != ?",
            (doc.source.sha256, doc.source.key),
        ).fetchall():
            stored = set(conn.execute("SELECT lang, year FROM source_parts WHERE source_id = ?",
                                      (found[0],)).fetchall())  # fmt: skip
            if stored == parts:
                return int(found[0]), str(found[1]), str(found[2]), int(found[3])
        return None

    def _located(self, stored_path: str) -> Path:
        path = Path(stored_path)
        return path if path.is_absolute() else self._root / path

    def _slug_of(self, company_id: int) -> str:
        found = self._db().execute("SELECT slug FROM companies WHERE id = ?", (company_id,))
        return str(found.fetchone()[0])

    def unreferenced(self, keep: Iterable[str]) -> list[tuple[str, str]]:
        """(key, path) of every stored source outside `keep` whose file is gone: rows that
        no current file stands for, left until `--prune` removes them."""
        keep_set = set(keep)
        return sorted(
            (str(key), str(path))
            for key, path in self._db().execute("SELECT key, path FROM sources")
            if key not in keep_set and not self._located(path).exists()
        )

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
        conn.execute("DELETE FROM source_aliases WHERE source_id = ?", (source_id,))
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

    def _company(self, doc: PreparedDocument) -> tuple[int, str]:
        """The company the document names: by its ticker, else by any of its name forms that
        a company's slug, earlier slug or sources already use (a company listed under
        another ticker is another company); a new company when none does."""
        conn = self._db()
        found = None
        if doc.ticker:
            found = conn.execute(
                "SELECT id, slug, name, ticker FROM companies WHERE ticker = ?", (doc.ticker,)
            ).fetchone()
        if found is None:
            found = self._named_company(doc)
        if found is None:
            slug = self._free_slug(doc)
            created = conn.execute(
                "INSERT INTO companies (slug, name, ticker) VALUES (?,?,?)",
                (slug, doc.name, doc.ticker),
            ).lastrowid
            return int(created or 0), slug
        company_id, slug, name, ticker = found
        if doc.ticker and not ticker:
            conn.execute("UPDATE companies SET ticker = ? WHERE id = ?", (doc.ticker, company_id))
        if len(doc.name) > len(name) or doc.name_pinned:
            conn.execute("UPDATE companies SET name = ? WHERE id = ?", (doc.name, company_id))
        return int(company_id), str(slug)

    def _named_company(self, doc: PreparedDocument) -> tuple[int, str, str, str | None] | None:
        forms = [f.slug for f in doc.forms if f.rank < TICKER]  # a ticker names by ticker
        if not forms:
            return None
        marks = ",".join("?" * len(forms))
        rows = (
            self._db()
            .execute(
                f"SELECT id, slug, name, ticker FROM companies WHERE slug IN ({marks})"
                " UNION SELECT c.id, c.slug, c.name, c.ticker FROM source_aliases a"
                " JOIN sources s ON s.id = a.source_id JOIN companies c ON c.id = s.company_id"
                f" WHERE a.alias IN ({marks}) AND a.rank < {TICKER}"
                " UNION SELECT c.id, c.slug, c.name, c.ticker FROM company_aliases a"
                f" JOIN companies c ON c.id = a.company_id WHERE a.alias IN ({marks}) AND a.former",
                forms * 3,
            )
            .fetchall()
        )
        rows = [r for r in rows if not (doc.ticker and r[3] and r[3] != doc.ticker)]
        if not rows:
            return None
        rows.sort(key=lambda r: (r[1] != doc.slug, r[0]))  # its own slug first, then oldest
        if len(rows) > 1:
            self.warnings.append(
                f"{doc.path}: its names match companies {', '.join(r[1] for r in rows)};"
                f" filed under {rows[0][1]} (pin a slug in the manifest to choose)"
            )
        company_id, slug, name, ticker = rows[0]
        return int(company_id), str(slug), str(name), ticker

    def _free_slug(self, doc: PreparedDocument) -> str:
        """The best form no company has as its slug; else the name with the ticker, or a
        number (another company of the same name)."""
        base = doc.forms[0].slug
        ticker = [f"{base}-{slugify(doc.ticker)}"] if doc.ticker else []
        numbered = (f"{base}-{n}" for n in itertools.count(2))  # some number is free
        candidates = itertools.chain((f.slug for f in doc.forms), ticker, numbered)
        return next(slug for slug in candidates if not self._slug_taken(slug))

    def _slug_taken(self, slug: str) -> bool:
        found = self._db().execute("SELECT 1 FROM companies WHERE slug = ?", (slug,))
        return found.fetchone() is not None

    def _settle_companies(self) -> None:
        """At commit: each company this load touched takes the best form of all its sources
        as its slug (a manifest slug, then a post's own slug, then the shortest name); a slug
        it leaves, and the slugs of a company its sources left, stay as redirects; every form
        only one company's sources give is an address of that company; companies without
        sources go."""
        conn = self._db()
        for company_id in sorted(self._touched):
            current = conn.execute("SELECT slug FROM companies WHERE id = ?", (company_id,))
            row = current.fetchone()
            if (
                row is None
                or not conn.execute(
                    "SELECT 1 FROM sources WHERE company_id = ?", (company_id,)
                ).fetchone()
            ):
                continue
            forms = conn.execute(
                "SELECT a.alias, min(a.rank) FROM source_aliases a JOIN sources s"
                " ON s.id = a.source_id WHERE s.company_id = ? GROUP BY a.alias",
                (company_id,),
            ).fetchall()
            named = [f for f in forms if f[1] < FULL_NAME] or forms
            for slug, _ in sorted(named, key=lambda f: (f[1], len(f[0]), f[0])):
                if slug == row[0]:
                    break
                if not self._slug_taken(slug):
                    conn.execute("UPDATE companies SET slug = ? WHERE id = ?", (slug, company_id))
                    self._former(row[0], company_id)
                    self.slug_changes[row[0]] = slug
                    break
        for company_id, olds in self._moved_from.items():
            for old in olds:
                if conn.execute("SELECT 1 FROM sources WHERE company_id = ?", (old,)).fetchone():
                    continue  # the old company lives on through other sources
                gone = conn.execute("SELECT slug FROM companies WHERE id = ?", (old,)).fetchone()
                conn.execute(
                    "UPDATE company_aliases SET company_id = ? WHERE company_id = ?",
                    (company_id, old),
                )
                if gone is not None:
                    self._former(gone[0], company_id)
        conn.execute(
            "DELETE FROM company_aliases WHERE NOT former"
            " OR company_id NOT IN (SELECT company_id FROM sources)"
        )
        conn.execute("DELETE FROM companies WHERE id NOT IN (SELECT company_id FROM sources)")
        conn.execute("DELETE FROM company_aliases WHERE alias IN (SELECT slug FROM companies)")
        conn.execute(
            "INSERT INTO company_aliases (alias, company_id, former)"
            " SELECT a.alias, min(s.company_id), 0 FROM source_aliases a"
            " JOIN sources s ON s.id = a.source_id"
            " WHERE a.alias NOT IN (SELECT slug FROM companies)"
            " GROUP BY a.alias HAVING count(DISTINCT s.company_id) = 1"
            " ON CONFLICT (alias) DO UPDATE SET company_id = excluded.company_id, former = 0"
        )

    def _former(self, slug: str, company_id: int) -> None:
        self._db().execute(
            "INSERT INTO company_aliases (alias, company_id, former) VALUES (?, ?, 1)"
            " ON CONFLICT (alias) DO UPDATE SET company_id = excluded.company_id, former = 1",
            (slug, company_id),
        )

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
