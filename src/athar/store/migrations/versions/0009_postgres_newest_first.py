"""PostgreSQL only: indexes in the order incident lists are read (newest first, undated last).

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26

The web application lists incidents by ``date_first_day DESC NULLS LAST, id``.
PostgreSQL cannot read an ascending index backwards in that order, so at a
million incidents every page sorted the whole table (1.7 s). SQLite's indexes
take no NULLS clause, and at its sizes the sort is cheap.
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

NEWEST_FIRST = "date_first_day DESC NULLS LAST, id"
INDEXES = {
    "ix_incidents_newest": "",
    "ix_incidents_grade_newest": "grade, ",
    "ix_incidents_admin1_newest": "admin1, ",
    "ix_incidents_event_type_newest": "event_type, ",
    "ix_incidents_public_newest": "public, ",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, leading in INDEXES.items():
        op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON incidents ({leading}{NEWEST_FIRST})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
