"""figure meaning: what each figure measures, for when, and how it is said

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 23:40:00

Each figure gets its label (in the document's words), the metric of app/metrics.toml its
label names (none where unclear), the scope beside it (a segment, a region), its period
(`2015`, `2025Q3`, `2025-06-30`, `FY2024`, `2014/2016`; NULL where the document writes none,
which readers show as the snapshot's year, marked), the period as written and where it was
read (statement, cell, header, topic, lead-in), and its qualifiers (projected, at least,
about, earlier, increment, change, adjusted; comma-separated). Read by app/figure_meaning.py;
the parser version moves on with this revision, so every source is read again once.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

COLUMNS = ("label", "metric", "scope", "period", "period_text", "period_source", "qualifiers")


def upgrade() -> None:
    with op.batch_alter_table("figures") as batch:
        for name in COLUMNS:
            batch.add_column(sa.Column(name, sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("figures") as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)
