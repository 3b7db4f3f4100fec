"""On PostgreSQL: the same schema as SQLite, PostGIS and text-search indexes (runs in the suite's PostgreSQL pass)."""

from __future__ import annotations

import warnings

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from athar.store import Database
from athar.store.schema import metadata

# Expression indexes of migration 0007, which the table declarations cannot say; PostGIS's own table.
POSTGRES_ONLY = {"ix_incidents_geography", "ix_documents_text", "ix_claims_text"} | {
    f"ix_incidents{part}_newest" for part in ("", "_grade", "_admin1", "_event_type", "_public")
}
POSTGIS_TABLES = {"spatial_ref_sys"}


@pytest.fixture
def postgres(database_url):
    if not database_url:
        pytest.skip("runs in the PostgreSQL pass of scripts/test.sh (ATHAR_TEST_DATABASE_URL)")
    db = Database(database_url)
    yield db
    db.close()


def test_migrations_build_the_declared_schema_on_postgresql_too(postgres):
    def declared(obj, name, type_, reflected, compare_to):
        return not (type_ == "index" and name in POSTGRES_ONLY) and not (type_ == "table" and name in POSTGIS_TABLES)

    with postgres.engine.connect() as conn, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # reflection skips expression indexes with a warning
        context = MigrationContext.configure(conn, opts={"include_object": declared})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_postgis_and_the_text_search_indexes_are_there(postgres):
    with postgres.engine.connect() as conn:
        version = conn.exec_driver_sql("SELECT postgis_lib_version()").scalar()
        indexes = set(conn.exec_driver_sql("SELECT indexname FROM pg_indexes").scalars())
        km = conn.exec_driver_sql(
            "SELECT ST_Distance(ST_MakePoint(37.16, 36.20)::geography, ST_MakePoint(36.29, 33.51)::geography) / 1000"
        ).scalar()
    assert version.startswith("3.") and indexes >= POSTGRES_ONLY
    assert 300 < km < 320  # Aleppo to Damascus
