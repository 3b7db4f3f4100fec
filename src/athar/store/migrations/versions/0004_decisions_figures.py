"""Incidents searchable by every filter; analysts' decisions; figure series.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_INCIDENT_COLUMNS = (
    ("location", sa.Text),
    ("country", sa.String(80)),
    ("latitude", sa.Float),
    ("longitude", sa.Float),
    ("perpetrators", sa.Text),
    ("targets", sa.Text),
    ("killed_best", sa.Integer),
    ("injured_min", sa.Integer),
    ("injured_max", sa.Integer),
    ("claim_count", sa.Integer),
)


def upgrade() -> None:
    # Stored incidents keep their records (custody seals those), so columns are added, not rebuilt.
    for name, kind in _INCIDENT_COLUMNS:
        op.add_column("incidents", sa.Column(name, kind))
    op.add_column("incidents", sa.Column("public", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_index("ix_incidents_event_type", "incidents", ["event_type"])
    op.create_index("ix_incidents_admin1", "incidents", ["admin1"])
    op.create_index("ix_incidents_grade", "incidents", ["grade"])
    op.create_table(
        "decisions",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("incident_id", sa.String(16), nullable=False, index=True),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.create_table(
        "figure_series",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("measure", sa.String(40), nullable=False, index=True),
        sa.Column("victims", sa.String(20)),
        sa.Column("admin1", sa.Text),
        sa.Column("location", sa.Text),
        sa.Column("points", sa.Integer, nullable=False),
        sa.Column("record", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("figure_series")
    op.drop_table("decisions")
    for index in ("ix_incidents_grade", "ix_incidents_admin1", "ix_incidents_event_type"):
        op.drop_index(index, "incidents")
    for name in [n for n, _ in _INCIDENT_COLUMNS] + ["public"]:
        op.drop_column("incidents", name)
