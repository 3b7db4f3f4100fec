"""Tables of the media side (issue 7): registered on the shared metadata by ``athar.store.schema``.

Every row here is sealed in the custody log: an analysis (its hashes and
derived files with it) by its ``analyse-media`` entry, a link to an incident
by ``attach-media``/``detach-media``, a graphic flag by ``flag-media``.
``athar.media.verify`` re-derives each seal from the stored rows.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from athar.store.schema import metadata

HASH = String(71)

# One row per analysed photo or video: what was done, by which version, and the C2PA result.
media_analyses = Table(
    "media_analyses",
    metadata,
    Column("item_sha256", HASH, primary_key=True),
    Column("kind", String(8), nullable=False),
    Column("provenance", String(8), nullable=False, index=True),  # trusted | valid | invalid | none
    Column("frames", Integer, nullable=False),  # hashed frames (1 for an image, 0 when none could be)
    Column("ocr_document", String(16)),
    Column("record", Text, nullable=False),  # the provenance detail and problems, as canonical JSON
    Column("produced_by", String(80), nullable=False),
    Column("analysed_at", String(32), nullable=False),
)

# Files made from an item (frames, thumbnails, contact sheets): each is an item of its own.
media_derivations = Table(
    "media_derivations",
    metadata,
    Column("parent_sha256", HASH, nullable=False),
    Column("kind", String(16), nullable=False),  # keyframe | sample | thumbnail | contact_sheet
    Column("position", Integer, nullable=False),
    Column("derived_sha256", HASH, nullable=False, index=True),
    Column("time_s", Float),
    Column("transformation", Text, nullable=False),  # canonical JSON: tool, filter, sizes
    Column("produced_by", String(80), nullable=False),
    PrimaryKeyConstraint("parent_sha256", "kind", "position"),
)

# Perceptual hashes: one row for an image, one per sampled frame of a video (a bag of frames).
media_hashes = Table(
    "media_hashes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_sha256", HASH, nullable=False),
    Column("position", Integer, nullable=False),
    Column("time_s", Float),
    Column("pdq", String(64), nullable=False),
    Column("quality", Integer, nullable=False),
    Column("phash", String(16), nullable=False),
    Column("box", String(64), nullable=False),  # left,top,right,bottom hashed after trimming borders
    UniqueConstraint("item_sha256", "position", name="uq_media_hashes_item_position"),
)

# Analysts' links of media to incidents (the web application reads this table).
incident_media = Table(
    "incident_media",
    metadata,
    Column("incident_id", String(16), nullable=False),
    Column("item_sha256", HASH, nullable=False),
    Column("reason", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("at", String(32), nullable=False),
    PrimaryKeyConstraint("incident_id", "item_sha256"),
)
Index("ix_incident_media_item", incident_media.c.item_sha256)

# The graphic-content flag: listings and thumbnails hide or blur flagged items by default.
media_flags = Table(
    "media_flags",
    metadata,
    Column("item_sha256", HASH, primary_key=True),
    Column("graphic", Boolean, nullable=False),
    Column("reason", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("at", String(32), nullable=False),
)
