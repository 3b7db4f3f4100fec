"""Evidence locker: items, documents, the custody chain and its head.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

HASH = sa.String(71)


def upgrade() -> None:
    op.create_table(
        "items",
        sa.Column("sha256", HASH, primary_key=True),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("original_name", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("captured_at", sa.String(32), nullable=False),
        sa.Column("captured_by", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("media", sa.Text),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("content_sha256", HASH, nullable=False, unique=True),
        sa.Column("item_sha256", HASH, sa.ForeignKey("items.sha256"), nullable=False),
        sa.Column("part", sa.Text, nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("published", sa.String(10)),
        sa.Column("published_precision", sa.String(8), nullable=False),
        sa.Column("published_date", sa.Date),
        sa.Column("language", sa.String(16)),
        sa.Column("encoding", sa.String(40)),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("comments", sa.Text, nullable=False),
        sa.Column("notes", sa.Text),
        sa.Column("produced_by", sa.String(80), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_documents_item_sha256", "documents", ["item_sha256"])
    op.create_index("ix_documents_published_date", "documents", ["published_date"])
    op.create_table(
        "custody_events",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=False),
        sa.Column("time", sa.String(32), nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("item_sha256", HASH),
        sa.Column("details", sa.Text, nullable=False),
        sa.Column("prev_hash", HASH, nullable=False),
        sa.Column("hash", HASH, nullable=False, unique=True),
    )
    op.create_index("ix_custody_events_item", "custody_events", ["item_sha256"])
    op.create_table(
        "custody_head",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("hash", HASH, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("custody_head")
    op.drop_table("custody_events")
    op.drop_table("documents")
    op.drop_table("items")
