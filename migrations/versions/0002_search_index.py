"""full-text search index of the statements

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 19:40:00

The index is an FTS5 table without content of its own: its rows are the stems of each
claim (app/search/terms.py), keyed by the claim's id (app/search/keys.py). `search_state`
records which version of the stemming built it; the store rebuilds the index (and renumbers
the claims) when that is not the current one, which is also how an older database gets its
first index.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "search_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("analyser", sa.String(), nullable=False),
        sa.CheckConstraint("id = 1", name="search_state_one_row"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("blocks", schema=None) as batch_op:
        batch_op.create_index("ix_blocks_year", ["year"], unique=False)
    op.execute(
        "CREATE VIRTUAL TABLE claims_search USING fts5("
        "stems, content='', tokenize='unicode61 remove_diacritics 0')"
    )
    # No merging as rows come in: the loader merges the whole index once at commit
    # (`optimize`), which would merge again what merging on the way had merged.
    op.execute("INSERT INTO claims_search (claims_search, rank) VALUES ('automerge', 0)")


def downgrade() -> None:
    op.execute("DROP TABLE claims_search")
    with op.batch_alter_table("blocks", schema=None) as batch_op:
        batch_op.drop_index("ix_blocks_year")
    op.drop_table("search_state")
