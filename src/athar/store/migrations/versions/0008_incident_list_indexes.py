"""Incident lists filtered and ordered by date stay fast at 100,000+ incidents.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_incidents_grade_date": ["grade", "date_first_day"],
    "ix_incidents_admin1_date": ["admin1", "date_first_day"],
    "ix_incidents_event_type_date": ["event_type", "date_first_day"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "incidents", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, "incidents")
