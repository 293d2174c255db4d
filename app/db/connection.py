"""The site's connection to the loader's database: read-only, and following its swaps.

One module for every connection concern (opening, the file swap, the content digest the
ETags carry), as Datasette keeps its own in one place; the queries are in app.db.queries.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote


class NoDatabase(Exception):
    """There is no loaded database file to read."""


class TimedConnection(sqlite3.Connection):
    """A connection whose every statement stops when it has run for `limit_s` seconds, as
    Datasette bounds its queries: SQLite calls a handler every `_STEPS` virtual-machine
    steps, which interrupts the statement once its time is up (`sqlite3.OperationalError:
    interrupted`, raised where the statement runs or is stepped)."""

    limit_s = float("inf")  # no limit until one is set (the loader's tests read directly)
    _deadline = float("inf")

    def start(self) -> None:
        """A statement begins: its time starts now."""
        self._deadline = time.monotonic() + self.limit_s

    def execute(self, sql: str, parameters: object = (), /) -> sqlite3.Cursor:
        self.start()
        return super().execute(sql, parameters)  # type: ignore[arg-type]  # typeshed: a Row param

    def cursor(  # type: ignore[override]  # one signature for typeshed's two overloads
        self, factory: type[sqlite3.Cursor] | None = None
    ) -> sqlite3.Cursor:
        """Cursors whose statements start the clock too (app.db.rows executes on one)."""
        return super().cursor(factory or TimedCursor)

    def _over(self) -> bool:
        return time.monotonic() > self._deadline


class TimedCursor(sqlite3.Cursor):
    """A cursor of a TimedConnection: each statement it runs gets its own time."""

    def execute(self, sql: str, parameters: object = (), /) -> TimedCursor:
        connection = self.connection
        if isinstance(connection, TimedConnection):
            connection.start()
        super().execute(sql, parameters)  # type: ignore[arg-type]  # typeshed: a Row param
        return self


#: Steps between two looks at the clock: a few microseconds of work at most.
_STEPS = 1000


def connect_readonly(path: Path, limit_s: float | None = None) -> sqlite3.Connection:
    """Open without any chance of writing: `mode=ro` plus `query_only`; with `limit_s`, each
    statement stops after that many seconds (TimedConnection)."""
    conn = sqlite3.connect(
        f"file:{quote(str(path.resolve()))}?mode=ro",
        uri=True,
        check_same_thread=False,
        factory=TimedConnection,
    )
    conn.execute("PRAGMA query_only = ON")
    if limit_s is not None:
        conn.limit_s = limit_s
        conn.set_progress_handler(conn._over, _STEPS)
    return conn


class OpenFile(NamedTuple):
    """The database file a request reads: what identifies it, what it holds, its connection."""

    version: tuple[int, int]  # (inode, mtime): changes on every load
    digest: str  # the content's: the same for the same loaded documents in any file
    connection: sqlite3.Connection


#: How old the answer to "which file is at the path" may be: a millisecond, far below what a
#: reader can tell, and above the time between two requests under load.
RECHECK_S = 0.001


class Database:
    """Read-only connections, one per thread, that follow the loader's swaps.

    The loader renames a new file over the old one; the path is stat()ed at most once per
    RECHECK_S (a stat per request showed in bench/serve.py's 304 figures; a clock read
    does not) and, when the inode or mtime changed, the new file is read from: a swap is
    served within a millisecond. Each thread that serves requests (the event loop's, and
    Starlette's worker threads for the handlers that run there) has a connection of its
    own, opened on the file its first request after a swap finds; a request already
    holding the old connection finishes on the old file, which stays readable until
    closed. Every statement stops after `limit_s` seconds (QueryTimeout: a 503).
    """

    def __init__(self, path: Path, limit_s: float | None = None) -> None:
        self.path = path
        self.limit_s = limit_s
        self._stat_path = os.fspath(path)  # a str: os.stat of a Path converts it every time
        self._file: tuple[tuple[int, int], str] | None = None  # (version, digest) at the path
        self._checked = -RECHECK_S  # time.monotonic() of the last stat() that found a file
        self._lock = threading.Lock()
        self._local = threading.local()  # .open: this thread's OpenFile

    def version(self) -> tuple[int, int]:
        """Identifies the file now at the path (inode, mtime): changes on every load."""
        try:
            stat = os.stat(self._stat_path)
        except FileNotFoundError:
            raise NoDatabase(str(self.path)) from None
        return (stat.st_ino, stat.st_mtime_ns)

    def connection(self) -> sqlite3.Connection:
        return self.snapshot().connection

    def snapshot(self) -> OpenFile:
        """The file at the path (as of RECHECK_S ago at most), from one stat() at most, and
        this thread's connection to it."""
        now = time.monotonic()
        found = self._file
        if found is None or now - self._checked >= RECHECK_S:
            version = self.version()
            if found is None or found[0] != version:
                with self._lock:  # one digest per file, whichever thread sees it first
                    found = self._file
                    if found is None or found[0] != version:
                        with closing(connect_readonly(self.path)) as conn:
                            found = self._file = (version, content_digest(conn))
            self._checked = now  # only once the file at the path is the one known
        version, digest = found
        opened: OpenFile | None = getattr(self._local, "open", None)
        if opened is None or opened.version != version:  # the old one closes when unused
            opened = OpenFile(version, digest, connect_readonly(self.path, self.limit_s))
            self._local.open = opened
        return opened


def content_digest(conn: sqlite3.Connection) -> str:
    """Every source's fingerprint (its bytes, manifest entry and parser version: all that
    the loader derives rows from) and the schema version, hashed."""
    digest = hashlib.sha256()
    for (version,) in conn.execute("SELECT version_num FROM alembic_version"):
        digest.update(f"schema {version}\n".encode())
    for key, fingerprint in conn.execute("SELECT key, fingerprint FROM sources ORDER BY key"):
        digest.update(f"{key} {fingerprint}\n".encode())
    return digest.hexdigest()[:16]
