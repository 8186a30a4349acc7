"""Lookup cache; papers remember announcement, links, source and last sighting; runs count requests.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from tracker.store.types import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("papers", sa.Column("announced", UTCDateTime(), nullable=True))
    op.add_column("papers", sa.Column("links", sa.JSON(none_as_null=True), nullable=True))
    op.add_column("papers", sa.Column("source", sa.String(), nullable=True))
    op.add_column("papers", sa.Column("last_seen", UTCDateTime(), nullable=True))
    op.execute("UPDATE papers SET last_seen = first_seen")
    op.create_index("ix_papers_announced", "papers", ["announced"])
    op.add_column("source_cursors", sa.Column("last_error_at", UTCDateTime(), nullable=True))
    op.add_column("runs", sa.Column("requests", sa.JSON(none_as_null=True), nullable=True))
    op.create_table(
        "lookups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("fetched_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_lookups"),
        sa.UniqueConstraint("kind", "key", name="uq_lookups_kind_key"),
    )


def downgrade() -> None:
    op.drop_table("lookups")
    with op.batch_alter_table("runs") as batch:
        batch.drop_column("requests")
    with op.batch_alter_table("source_cursors") as batch:
        batch.drop_column("last_error_at")
    op.drop_index("ix_papers_announced", table_name="papers")
    with op.batch_alter_table("papers") as batch:
        for column in ("last_seen", "source", "links", "announced"):
            batch.drop_column(column)
