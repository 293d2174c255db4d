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
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote


class NoDatabase(Exception):
    """There is no loaded database file to read."""


def connect_readonly(path: Path) -> sqlite3.Connection:
    """Open without any chance of writing: `mode=ro` plus `query_only`."""
    conn = sqlite3.connect(
        f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, check_same_thread=False
    )
    conn.execute("PRAGMA query_only = ON")
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
    """A read-only connection that follows the loader's swaps.

    The loader renames a new file over the old one; the path is stat()ed at most once per
    RECHECK_S (a stat per request showed in bench/serve.py's 304 figures; a clock read
    does not) and, when the inode or mtime changed, the new file is opened: a swap
    is served within a millisecond. Requests already holding the old connection finish on
    the old file, which stays readable until closed.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stat_path = os.fspath(path)  # a str: os.stat of a Path converts it every time
        self._open: OpenFile | None = None  # replaced as one when the file changes
        self._checked = -RECHECK_S  # time.monotonic() of the last stat() that found a file
        self._lock = threading.Lock()

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
        """The file at the path (as of RECHECK_S ago at most), from one stat() at most."""
        now = time.monotonic()
        opened = self._open
        if opened is not None and now - self._checked < RECHECK_S:
            return opened
        version = self.version()
        if opened is None or opened.version != version:
            with self._lock:
                opened = self._open
                if opened is None or opened.version != version:
                    conn = connect_readonly(self.path)  # the old one closes when unused
                    opened = self._open = OpenFile(version, content_digest(conn), conn)
        self._checked = now  # only once the file at the path is the one open
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
