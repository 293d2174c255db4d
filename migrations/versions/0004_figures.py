"""figures: each number a statement writes, read as a value (app/figures.py)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 02:30:00

One row per figure of a claim, in the order written. The loader's parser version moves on
with this revision, so every source is read again once and gets its figures.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "figures",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(), nullable=True),
        sa.Column("currency", sa.String(), nullable=True),
        sa.Column("scale", sa.String(), nullable=True),
        sa.Column("bound", sa.String(), nullable=True),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"]),
        sa.PrimaryKeyConstraint("claim_id", "position"),
        sqlite_with_rowid=False,  # one b-tree, in claim order: rows are appended, and read by claim
    )


def downgrade() -> None:
    op.drop_table("figures")
