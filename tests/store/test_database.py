"""The database: migrations build exactly the schema the code declares; writes seal custody in order."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from athar.records import DateValue, Document, Item, sha256_hex
from athar.store import Database
from athar.store.database import GENESIS_HASH, CustodyDraft, WriteBatch
from athar.store.schema import metadata


def test_migrations_build_the_declared_schema(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'a.db'}")
    with db.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    # The web application's full-text index (FTS5 virtual table and its shadow tables) is
    # made by migration 0006 alone: SQLAlchemy metadata cannot declare virtual tables.
    differences = [d for d in differences if not (d[0] == "remove_table" and d[1].name.startswith("web_fts"))]
    assert differences == []


def test_opening_twice_does_not_migrate_again(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    Database(url).close()
    db = Database(url)
    with db.engine.connect() as conn:
        revision = MigrationContext.configure(conn).get_current_revision()
    assert revision is not None and revision == _head()


def _head() -> str | None:
    from importlib import resources

    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(resources.files("athar.store").joinpath("migrations")))
    return ScriptDirectory.from_config(config).get_current_head()


def test_a_batch_is_written_and_read_back_with_its_custody_chained(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'a.db'}")
    item = Item(sha256=sha256_hex(b"x"), size=1, media_type="text/plain", captured_at="t", captured_by="me")
    doc = Document(
        id="0123456789abcdef",
        item_sha256=item.sha256,
        content_sha256=item.sha256,
        body="Body",
        comments=("a comment",),
        published=DateValue("2018-04", "month"),
    )
    batch = WriteBatch(
        new_items=[item],
        documents=[doc],
        completed_items=[item.sha256],
        custody=[CustodyDraft("capture", item.sha256, {"n": 1}), CustodyDraft("read", item.sha256, {"n": 2})],
    )
    sealed = db.write(batch, actor="me")
    assert [e.seq for e in sealed] == [1, 2]
    assert sealed[0].prev_hash == GENESIS_HASH and sealed[1].prev_hash == sealed[0].hash
    assert db.custody_head() == (2, sealed[1].hash)
    assert list(db.iter_documents()) == [doc]
    assert db.item(item.sha256).status == "complete"
    more = db.append_custody([CustodyDraft("export", None, {})], actor="me")
    assert more[0].seq == 3 and more[0].prev_hash == sealed[1].hash


def test_documents_are_listed_newest_first_and_found_by_prefix(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'a.db'}")
    item = Item(sha256=sha256_hex(b"b"), size=1, media_type="application/jsonl", captured_at="t", captured_by="me")
    docs = [
        Document(id=f"{n:016x}", item_sha256=item.sha256, content_sha256=sha256_hex(bytes([n])), published=date)
        for n, date in enumerate([DateValue("2016", "year"), DateValue("2019-11-06", "day"), DateValue(None)])
    ]
    db.write(WriteBatch(new_items=[item], documents=docs), actor="me")
    assert [d.published.value for d in db.list_documents()] == ["2019-11-06", "2016", None]
    assert [d.id for d in db.find_documents("000000000000000")] == [d.id for d in docs]
    assert db.find_documents("%") == []  # LIKE wildcards are escaped


def test_a_long_write_ahead_log_is_emptied_after_a_write_unless_a_reader_holds_it(tmp_path, monkeypatch):
    import sqlite3
    import time

    from athar.store import database

    monkeypatch.setattr(database, "WAL_RESET_BYTES", 1)
    monkeypatch.setattr(database, "WAL_RESET_WAIT_MS", 200)
    path = tmp_path / "a.db"
    db = Database(f"sqlite:///{path}")
    wal = tmp_path / "a.db-wal"
    db.append_custody([CustodyDraft("export", None, {})], actor="me")
    assert wal.stat().st_size == 0  # emptied: SQLite's own checkpoints leave it at its full length

    # Another process's reader holds an old snapshot: the writer waits a moment, gives up, and goes on.
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM custody_events").fetchone()
    db.append_custody([CustodyDraft("export", None, {})], actor="me")
    started = time.monotonic()
    db.append_custody([CustodyDraft("export", None, {})], actor="me")
    assert time.monotonic() - started < 5
    assert wal.stat().st_size > 0
    reader.execute("COMMIT")
    reader.close()
    db.append_custody([CustodyDraft("export", None, {})], actor="me")
    assert wal.stat().st_size == 0 and db.custody_head()[0] == 4  # type: ignore[index]


def test_incident_lists_show_a_week_as_a_week(tmp_path):
    """The list, the map and the API read the incidents table's date column: a week there is "2016-W32", never
    its Monday, which would read as a day; the record keeps its value and precision."""
    from athar.records import Incident
    from athar.web.queries import IncidentFilters, list_incidents

    db = Database(f"sqlite:///{tmp_path / 'a.db'}")
    week = Incident("a" * 16, "Battles", "Armed clash", DateValue("2016-08-08", "week"), None, ("c1",), ("AFP",), 1)
    day = Incident("b" * 16, "Battles", "Armed clash", DateValue("2016-08-09", "day"), None, ("c2",), ("AFP",), 1)
    db.replace_incidents([week, day], actor="me")
    listed = {i["id"]: i["date"] for i in list_incidents(db.engine, IncidentFilters())}
    assert listed == {week.id: "2016-W32", day.id: "2016-08-09"}
    assert db.incident(week.id).date == DateValue("2016-08-08", "week")
