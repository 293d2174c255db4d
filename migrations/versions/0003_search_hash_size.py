"""the full-text index holds 64 MB of terms before it writes a segment

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 01:50:00

FTS5 writes the terms it holds to a new segment when they pass its `hashsize` (1 MB by
default), so one of the store's batches of index rows (app/loader/store.py) became a dozen
segments that `optimize` merged again at commit. With 64 MB a batch is one segment. The
setting lives in the index's own config, so it is made once here, not at every load (which
would change the file of a load that changed nothing).
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

HASH_BYTES = 64 * 1024 * 1024


def upgrade() -> None:
    op.execute(f"INSERT INTO claims_search (claims_search, rank) VALUES ('hashsize', {HASH_BYTES})")


def downgrade() -> None:
    op.execute("INSERT INTO claims_search (claims_search, rank) VALUES ('hashsize', 1048576)")
