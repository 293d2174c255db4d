"""identity: the names each source gives its company, the company's other addresses, the
number of an ordered list's item, and sources found by their text

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 16:30:00

`source_aliases`: every form a document names its company by (a manifest slug, the post's
own slug, the name without and with its legal suffix, the ticker), each as a slug with its
rank; the loader joins a document to the company any of its forms names, and picks the
company's slug from the best-ranked form of all its sources. `company_aliases`: the addresses
the site redirects to a company's slug (the forms only one company has, and its earlier
slugs). `claims.number`: an ordered list's item number as the document wrote it.
`ix_sources_sha256`: a file loaded under a new name is found by its text (a rename). The
parser version moves on with this revision, so every source is read again once.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "source_aliases",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"]),
        sa.PrimaryKeyConstraint("source_id", "alias"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_source_aliases_alias", "source_aliases", ["alias"])
    op.create_table(
        "company_aliases",
        sa.Column("alias", sa.String(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("former", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"]),
        sa.PrimaryKeyConstraint("alias"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_company_aliases_company_id", "company_aliases", ["company_id"])
    op.create_index("ix_sources_sha256", "sources", ["sha256"])
    op.add_column("claims", sa.Column("number", sa.Integer(), nullable=True))  # no table copy


def downgrade() -> None:
    with op.batch_alter_table("claims") as batch:
        batch.drop_column("number")
    op.drop_index("ix_sources_sha256", "sources")
    op.drop_table("company_aliases")
    op.drop_table("source_aliases")
