"""Incidents keep the last day their date may mean, so that a date filter finds every incident that may fall in it.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28

"--since 2019-05-15" compared an incident's first day only: an incident dated May 2019 (1 to 31 May) was left
out though it may have happened on the 20th. Filters now keep an incident whose days overlap the bound's.
Incidents are rebuilt by every reconciliation; the ones stored already get their last day from their date here.
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

from athar.records import DateValue

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("incidents", sa.Column("date_last_day", sa.Date))
    op.create_index("ix_incidents_date_last_day", "incidents", ["date_last_day"])
    incidents = sa.table("incidents", sa.column("id", sa.String), sa.column("date", sa.String))
    bind = op.get_bind()
    rows = bind.execute(sa.select(incidents.c.id, incidents.c.date).where(incidents.c.date.is_not(None))).all()
    last_days = [{"ref": ref, "last": _last_day(date)} for ref, date in rows]
    if last_days:
        bind.execute(
            sa.text("UPDATE incidents SET date_last_day = :last WHERE id = :ref"),
            last_days,
        )


def _last_day(date: str) -> dt.date | None:
    try:
        return DateValue.parse(date).last_day
    except ValueError:  # nothing the code wrote, but a stored value is no reason to stop migrating
        return None


def downgrade() -> None:
    op.drop_index("ix_incidents_date_last_day", "incidents")
    op.drop_column("incidents", "date_last_day")
