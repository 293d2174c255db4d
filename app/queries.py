"""The only module that reads the database for the web side, always read-only."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote


def connect_readonly(path: Path) -> sqlite3.Connection:
    """Open without any chance of writing: `mode=ro` plus `query_only`.

    The loader swaps in new files by rename, so a reader never sees a half-written one.
    """
    conn = sqlite3.connect(
        f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, check_same_thread=False
    )
    conn.execute("PRAGMA query_only = ON")
    return conn


@dataclass(frozen=True, slots=True)
class Totals:
    companies: int
    sources: int
    snapshots: int
    claims: int


def totals(conn: sqlite3.Connection) -> Totals:
    row = conn.execute(
        "SELECT (SELECT COUNT(*) FROM companies), (SELECT COUNT(*) FROM sources),"
        " (SELECT COUNT(*) FROM (SELECT DISTINCT company_id, year FROM blocks)),"
        " (SELECT COUNT(*) FROM claims)"
    ).fetchone()
    return Totals(*row)
