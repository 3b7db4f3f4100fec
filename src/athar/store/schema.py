"""Table definitions (SQLAlchemy Core), written once for SQLite and PostgreSQL alike.

Alembic migrations in ``store/migrations`` create these; a test checks that
the migrated database matches this metadata.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    false,
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

# Claims are derived from documents and replaced whole when a document is
# extracted again; the queryable fields are columns, the whole record is JSON.
claims = Table(
    "claims",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("document_id", String(16), ForeignKey("documents.id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("source", Text, nullable=False),
    Column("hedged", Boolean, nullable=False),
    Column("event_type", String(40)),
    Column("sub_event_type", String(60)),
    Column("date", String(10)),
    Column("date_precision", String(8), nullable=False),
    Column("date_first_day", Date, index=True),
    Column("location", Text),
    Column("admin1", Text),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geo_precision", Integer),
    Column("perpetrator", Text),
    Column("victims", String(20)),
    Column("killed_min", Integer),
    Column("killed_max", Integer),
    Column("injured_min", Integer),
    Column("injured_max", Integer),
    Column("measure", String(40)),
    Column("value_min", BigInteger),
    Column("value_max", BigInteger),
    Column("record", Text, nullable=False),  # the Claim as canonical JSON
    Column("produced_by", String(80), nullable=False),
)

# Which documents were extracted, by which version: a document with no claims
# was still read by the extractor, and a new version can find the stale ones.
extractions = Table(
    "extractions",
    metadata,
    Column("document_id", String(16), ForeignKey("documents.id"), primary_key=True),
    Column("produced_by", String(80), nullable=False),
    Column("claims", Integer, nullable=False),
    Column("digest", HASH, nullable=False),
    Column("extracted_at", String(32), nullable=False),
)

# Incidents are derived from all claims and rebuilt by each reconciliation;
# the columns are what the command line and the web application filter by.
incidents = Table(
    "incidents",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("event_type", String(40), nullable=False, index=True),
    Column("sub_event_type", String(60), nullable=False),
    Column("date", String(10)),
    Column("date_first_day", Date, index=True),
    Column("admin1", Text, index=True),
    Column("grade", String(12), nullable=False, index=True),
    Column("contested", Boolean, nullable=False),
    Column("killed_min", Integer),
    Column("killed_max", Integer),
    Column("record", Text, nullable=False),  # the Incident as canonical JSON
    Column("location", Text),
    Column("country", String(80)),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("perpetrators", Text),  # "; "-joined actors named by any source
    Column("targets", Text),  # "; "-joined
    Column("killed_best", Integer),
    Column("injured_min", Integer),
    Column("injured_max", Integer),
    Column("claim_count", Integer),
    Column("public", Boolean, nullable=False, server_default=false()),
    # The one day that stands for the date (``DateValue.middle_day``: a month's 15th), as the ACLED CSV writes it:
    # "--since"/"--until" select by it, so an export never writes a day outside the range asked for, and each
    # incident falls in one of consecutive ranges. Null in rows stored before it (their first day is read then).
    Column("date_day", Date, index=True),
    # Filtered lists are read in date order (the web application's incident list).
    Index("ix_incidents_grade_date", "grade", "date_first_day"),
    Index("ix_incidents_admin1_date", "admin1", "date_first_day"),
    Index("ix_incidents_event_type_date", "event_type", "date_first_day"),
)

# Analysts' decisions (merge, split, grade, correct, publish): append-only,
# each sealed by its own custody entry, re-applied by every reconciliation.
decisions = Table(
    "decisions",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("action", String(16), nullable=False),
    Column("incident_id", String(16), nullable=False, index=True),
    Column("actor", Text, nullable=False),
    Column("at", String(32), nullable=False),
    Column("record", Text, nullable=False),  # the Decision as canonical JSON
)

# Aggregate figures reconciled into series by measure, place and period.
figure_series = Table(
    "figure_series",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("measure", String(40), nullable=False, index=True),
    Column("victims", String(20)),
    Column("admin1", Text),
    Column("location", Text),
    Column("points", Integer, nullable=False),
    Column("record", Text, nullable=False),  # the FigureSeries as canonical JSON
)

# The media and accounts tables live in their own modules and register on ``metadata`` here.
from athar.store import tables_accounts, tables_media  # noqa: E402, F401
