"""Table definitions (SQLAlchemy Core), written once for SQLite and PostgreSQL alike.

Alembic migrations in ``store/migrations`` create these; a test checks that
the migrated database matches this metadata.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

HASH = String(71)  # "sha256:" + 64 hex digits

items = Table(
    "items",
    metadata,
    Column("sha256", HASH, primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("media_type", String(100), nullable=False),
    Column("original_name", Text),
    Column("source", Text),
    Column("captured_at", String(32), nullable=False),
    Column("captured_by", Text, nullable=False),
    # "reading" until every document of the item is written: a killed ingest is
    # finished by the next run instead of being mistaken for a duplicate.
    Column("status", String(16), nullable=False),
    Column("media", Text),  # MediaInfo as canonical JSON
)

documents = Table(
    "documents",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("content_sha256", HASH, nullable=False, unique=True),
    Column("item_sha256", HASH, ForeignKey("items.sha256"), nullable=False, index=True),
    Column("part", Text, nullable=False),
    Column("media_type", String(100), nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("author", Text),
    Column("outlet", Text),
    Column("published", String(10)),
    Column("published_precision", String(8), nullable=False),
    Column("published_date", Date, index=True),  # first day of `published`, for filters
    Column("language", String(16)),
    Column("encoding", String(40)),
    Column("body", Text, nullable=False),
    Column("comments", Text, nullable=False),  # JSON list of strings
    Column("notes", Text),
    Column("produced_by", String(80), nullable=False),
    Column("created_at", String(32), nullable=False),
)

custody_events = Table(
    "custody_events",
    metadata,
    Column("seq", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False),
    Column("time", String(32), nullable=False),
    Column("actor", Text, nullable=False),
    Column("action", String(40), nullable=False),
    # Deliberately no foreign key: the log outlives anything it talks about.
    Column("item_sha256", HASH),
    Column("details", Text, nullable=False),  # canonical JSON, exactly as hashed
    Column("prev_hash", HASH, nullable=False),
    Column("hash", HASH, nullable=False, unique=True),
)
Index("ix_custody_events_item", custody_events.c.item_sha256)

# One row: the last entry of the chain. Writers lock it, so the chain stays one
# line under concurrent writers, and a log cut short no longer matches it.
custody_head = Table(
    "custody_head",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("hash", HASH, nullable=False),
)
