"""Alembic migrations alone create the schema, and it is exactly what the models say."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import app.db.models  # noqa: F401
from app.db.models import is_search_index_table
from app.loader.migrate import upgrade
from app.settings import get_settings

TABLES = {
    "companies",
    "sources",
    "source_parts",
    "blocks",
    "block_sources",
    "claims",
    "search_state",
    "figures",
    "source_aliases",
    "company_aliases",
}
#: FTS5's table and the shadow tables it keeps its index in (contentless: no `_content`).
SEARCH_TABLES = {
    "claims_search",
    *(f"claims_search_{s}" for s in ("data", "idx", "docsize", "config")),
}


def test_migrations_build_the_models_schema(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    upgrade(db, get_settings().migrations)
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={"include_name": lambda name, kind, _: not is_search_index_table(name)},
        )
        diff = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert diff == []
    names = {
        n
        for (n,) in sqlite3.connect(db).execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    assert names == TABLES | SEARCH_TABLES | {"alembic_version"}


def test_upgrade_is_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    upgrade(db, get_settings().migrations)
    first = db.read_bytes()
    upgrade(db, get_settings().migrations)
    assert db.read_bytes() == first


def test_canvas_query_uses_an_index(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    upgrade(db, get_settings().migrations)
    conn = sqlite3.connect(db)
    plan = " ".join(
        row[-1]
        for row in conn.execute(
            "EXPLAIN QUERY PLAN SELECT c.* FROM blocks b JOIN claims c ON c.block_id = b.id "
            "WHERE b.company_id = ? AND b.year = ? ORDER BY c.block_id, c.position",
            (1, 2023),
        )
    )
    assert "USING INDEX" in plan or "USING COVERING INDEX" in plan
    assert "SCAN c" not in plan


def test_head_revision_constant_matches_alembic() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from app.loader.migrate import HEAD_REVISION

    config = Config()
    config.set_main_option("script_location", str(get_settings().migrations))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


def test_the_store_writes_claims_by_the_models_column_names() -> None:
    """One schema: the models (which the migration is checked against, above) name the
    columns; the store's claim insert follows ClaimInsert's fields, all of them columns."""
    from app.db.models import ClaimTable
    from app.domain import BLOCK_KINDS
    from app.loader.document import ParsedClaim
    from app.loader.pipeline import ClaimInsert, claim_rows
    from app.loader.store import _CLAIM_COLUMNS

    claim = ParsedClaim(
        kind="bullet", text="Pharmacies", line_start=3, line_end=3, lang="en", topic=None
    )
    (values,) = claim_rows("000_x", BLOCK_KINDS[0], [claim])
    assert ClaimInsert(*values).line_end == 3  # the values are in ClaimInsert's order
    columns = set(ClaimTable.__table__.columns.keys())  # type: ignore[attr-defined]
    assert set(_CLAIM_COLUMNS) == columns  # every column is written, the id too (figures name it)
