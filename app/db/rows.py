"""Rows read by column name, whatever row factory the connection has.

The site's queries name their columns (`AS block_kind` where two tables share one) and read
rows by those names, so a reordered SELECT cannot shift a value into the wrong field; the
dataclasses they fill carry the domain's Literal types (app.domain): the loader stores
only values of those types, so a row's `kind` or `lang` is typed where it enters the site.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable


def named(conn: sqlite3.Connection, sql: str, args: Iterable[object] = ()) -> list[sqlite3.Row]:
    """All rows of `sql`, each readable by column name (`row["slug"]`)."""
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, tuple(args)).fetchall()


def first(conn: sqlite3.Connection, sql: str, args: Iterable[object] = ()) -> sqlite3.Row | None:
    """The first row of `sql`, by column name, or None."""
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    row: sqlite3.Row | None = cursor.execute(sql, tuple(args)).fetchone()
    return row
