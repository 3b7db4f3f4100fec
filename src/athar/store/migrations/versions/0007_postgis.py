"""PostgreSQL only: PostGIS and a spatial index on where incidents happened; full-text indexes.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26

SQLite needs nothing here (distance filters use a bounding box, then the exact
great-circle distance). On PostgreSQL the index is an expression index on the
incidents' latitude/longitude as geography, so no column is duplicated; the
text-search indexes are expression indexes too (PostgreSQL's own text search,
"simple" configuration: no stemming, so Arabic and English alike).
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

GEOGRAPHY = "(ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)::geography)"
DOCUMENT_TEXT = "to_tsvector('simple', coalesce(title, '') || ' ' || body)"
CLAIM_TEXT = "to_tsvector('simple', (record::json ->> 'text'))"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    installed = bind.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").first()
    if not installed:
        available = bind.exec_driver_sql("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'").first()
        if not available:
            raise RuntimeError(
                "PostGIS is not installed on the PostgreSQL server (Debian: apt-get install postgresql-15-postgis-3)"
            )
        # Needs a superuser, or a database owner once an administrator has run it.
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    op.execute(f"CREATE INDEX IF NOT EXISTS ix_incidents_geography ON incidents USING gist ({GEOGRAPHY})")
    op.execute(f"CREATE INDEX IF NOT EXISTS ix_documents_text ON documents USING gin (({DOCUMENT_TEXT}))")
    op.execute(f"CREATE INDEX IF NOT EXISTS ix_claims_text ON claims USING gin (({CLAIM_TEXT}))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for index in ("ix_incidents_geography", "ix_documents_text", "ix_claims_text"):
            op.execute(f"DROP INDEX IF EXISTS {index}")
