"""Alembic environment: the loader runs migrations on the new database file it builds."""

from __future__ import annotations

from alembic import context
from sqlalchemy import MetaData, create_engine

config = context.config


def _target_metadata() -> MetaData | None:
    """The models, only for `alembic revision --autogenerate`: importing SQLModel costs a
    loader a third of a second on every fresh database, and upgrades do not need it."""
    if not getattr(config.cmd_opts, "autogenerate", False):
        return None
    from sqlmodel import SQLModel

    import app.db.models  # noqa: F401  (registers the tables on SQLModel.metadata)

    return SQLModel.metadata


target_metadata = _target_metadata()


def _include_name(name: str | None, kind: str, parent: object) -> bool:
    """The FTS5 index's tables are made by SQL in migration 0002, not by the models."""
    from app.db.models import is_search_index_table

    return not is_search_index_table(name)


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        include_name=_include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            include_name=_include_name,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        context.configure(
            connection=conn,
            target_metadata=target_metadata,
            render_as_batch=True,
            include_name=_include_name,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
