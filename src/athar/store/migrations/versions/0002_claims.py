"""Claims: what each document says happened, and which documents were extracted.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claims",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("document_id", sa.String(16), sa.ForeignKey("documents.id"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("span_end", sa.Integer, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("hedged", sa.Boolean, nullable=False),
        sa.Column("event_type", sa.String(40)),
        sa.Column("sub_event_type", sa.String(60)),
        sa.Column("date", sa.String(10)),
        sa.Column("date_precision", sa.String(8), nullable=False),
        sa.Column("date_first_day", sa.Date),
        sa.Column("location", sa.Text),
        sa.Column("admin1", sa.Text),
        sa.Column("latitude", sa.Float),
        sa.Column("longitude", sa.Float),
        sa.Column("geo_precision", sa.Integer),
        sa.Column("perpetrator", sa.Text),
        sa.Column("victims", sa.String(20)),
        sa.Column("killed_min", sa.Integer),
        sa.Column("killed_max", sa.Integer),
        sa.Column("injured_min", sa.Integer),
        sa.Column("injured_max", sa.Integer),
        sa.Column("measure", sa.String(40)),
        sa.Column("value_min", sa.BigInteger),
        sa.Column("value_max", sa.BigInteger),
        sa.Column("record", sa.Text, nullable=False),
        sa.Column("produced_by", sa.String(80), nullable=False),
    )
    op.create_index("ix_claims_document_id", "claims", ["document_id"])
    op.create_index("ix_claims_date_first_day", "claims", ["date_first_day"])
    op.create_table(
        "extractions",
        sa.Column("document_id", sa.String(16), sa.ForeignKey("documents.id"), primary_key=True),
        sa.Column("produced_by", sa.String(80), nullable=False),
        sa.Column("claims", sa.Integer, nullable=False),
        sa.Column("digest", sa.String(71), nullable=False),
        sa.Column("extracted_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("extractions")
    op.drop_table("claims")
