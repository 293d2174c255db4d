"""Bring a database file to the newest schema with the project's Alembic migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

#: The newest migration's revision; a test checks it against Alembic's own view of head.
HEAD_REVISION = "0006"


def current_revision(db_path: Path) -> str | None:
    """The file's schema revision, read without importing Alembic (half a second)."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    conn = sqlite3.connect(db_path)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
    return row[0] if row else None


def upgrade(db_path: Path, migrations: Path) -> None:
    """Run the migrations unless the file is already at head."""
    if current_revision(db_path) == HEAD_REVISION:
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations))
    config.set_main_option("sqlalchemy.url", f"sqlite:///{db_path}")
    command.upgrade(config, "head")
