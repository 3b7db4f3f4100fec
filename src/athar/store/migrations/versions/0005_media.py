"""Media evidence: derived items, perceptual hashes, text in frames, provenance (issue 7).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

HASH = sa.String(71)


def upgrade() -> None:
    op.create_table(
        "media_analyses",
        sa.Column("item_sha256", HASH, primary_key=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("provenance", sa.String(8), nullable=False),
        sa.Column("frames", sa.Integer, nullable=False),
        sa.Column("ocr_document", sa.String(16)),
        sa.Column("record", sa.Text, nullable=False),
        sa.Column("produced_by", sa.String(80), nullable=False),
        sa.Column("analysed_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_media_analyses_provenance", "media_analyses", ["provenance"])
    op.create_table(
        "media_derivations",
        sa.Column("parent_sha256", HASH, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("derived_sha256", HASH, nullable=False),
        sa.Column("time_s", sa.Float),
        sa.Column("transformation", sa.Text, nullable=False),
        sa.Column("produced_by", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("parent_sha256", "kind", "position"),
    )
    op.create_index("ix_media_derivations_derived_sha256", "media_derivations", ["derived_sha256"])
    op.create_table(
        "media_hashes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("item_sha256", HASH, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("time_s", sa.Float),
        sa.Column("pdq", sa.String(64), nullable=False),
        sa.Column("quality", sa.Integer, nullable=False),
        sa.Column("phash", sa.String(16), nullable=False),
        sa.Column("box", sa.String(64), nullable=False),
        sa.UniqueConstraint("item_sha256", "position", name="uq_media_hashes_item_position"),
    )
    op.create_table(
        "incident_media",
        sa.Column("incident_id", sa.String(16), nullable=False),
        sa.Column("item_sha256", HASH, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("incident_id", "item_sha256"),
    )
    op.create_index("ix_incident_media_item", "incident_media", ["item_sha256"])
    op.create_table(
        "media_flags",
        sa.Column("item_sha256", HASH, primary_key=True),
        sa.Column("graphic", sa.Boolean, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("media_flags")
    op.drop_index("ix_incident_media_item", "incident_media")
    op.drop_table("incident_media")
    op.drop_table("media_hashes")
    op.drop_index("ix_media_derivations_derived_sha256", "media_derivations")
    op.drop_table("media_derivations")
    op.drop_index("ix_media_analyses_provenance", "media_analyses")
    op.drop_table("media_analyses")
