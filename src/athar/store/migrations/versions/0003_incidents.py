"""Incidents: claims from many documents reconciled into events.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incidents",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("event_type", sa.String(40), nullable=False),
        sa.Column("sub_event_type", sa.String(60), nullable=False),
        sa.Column("date", sa.String(10)),
        sa.Column("date_first_day", sa.Date),
        sa.Column("admin1", sa.Text),
        sa.Column("grade", sa.String(12), nullable=False),
        sa.Column("contested", sa.Boolean, nullable=False),
        sa.Column("killed_min", sa.Integer),
        sa.Column("killed_max", sa.Integer),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.create_index("ix_incidents_date_first_day", "incidents", ["date_first_day"])


def downgrade() -> None:
    op.drop_table("incidents")
