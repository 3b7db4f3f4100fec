"""Incidents keep the one day that stands for their date (a month's 15th), which date filters select by.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Rows stored before stay null until the next reconciliation rewrites them; filters read their first day.
    op.add_column("incidents", sa.Column("date_day", sa.Date(), nullable=True))
    op.create_index("ix_incidents_date_day", "incidents", ["date_day"])


def downgrade() -> None:
    op.drop_index("ix_incidents_date_day", "incidents")
    op.drop_column("incidents", "date_day")
