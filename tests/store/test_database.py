"""The database: migrations build exactly the schema the code declares; writes seal custody in order."""

from __future__ import annotations

import datetime as dt

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


def _incident(ref: str, date: DateValue):
    from athar.records import Incident

    return Incident(ref * 16, "Battles", "Armed clash", date, None, (f"c{ref}",), ("AFP",), 1)


def test_a_date_filter_keeps_every_incident_that_may_fall_in_it(tmp_path):
    """An incident dated May 2019 may have happened on the 20th: "since 2019-05-15" keeps it, as does the web
    application's "from"; one dated 30 April is left out."""
    from athar.store.database import IncidentFilter
    from athar.web.queries import IncidentFilters, list_incidents

    db = Database(f"sqlite:///{tmp_path / 'a.db'}")
    month, april, week = (
        _incident("a", DateValue("2019-05", "month")),
        _incident("b", DateValue("2019-04-30", "day")),
        _incident("c", DateValue("2019-05-13", "week")),  # 13-19 May
    )
    db.replace_incidents([month, april, week], actor="me")

    def since(date: str, until: str | None = None) -> set[str]:
        return {i.id[0] for i in db.find_incidents(IncidentFilter(since=date, until=until))}

    assert since("2019-05-15") == {"a", "c"}
    assert since("2019-05-20") == {"a"}
    assert since("2019-04-30", until="2019-04-30") == {"b"}
    assert since("2019-05-01", until="2019-05-13") == {"a", "c"}
    listed = list_incidents(db.engine, IncidentFilters(date_from=dt.date(2019, 5, 15)))
    assert {i["id"][0] for i in listed} == {"a", "c"}


def test_migrating_gives_stored_incidents_their_last_day(tmp_path):
    from importlib import resources

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{tmp_path / 'a.db'}")
    config = Config()
    config.set_main_option("script_location", str(resources.files("athar.store").joinpath("migrations")))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0009")
        conn.execute(
            text(
                "INSERT INTO incidents (id, event_type, sub_event_type, date, date_first_day, grade, contested,"
                " record, public) VALUES (:id, 'Battles', 'Armed clash', :date, :first, 'weak', false, '{}', false)"
            ),
            [
                {"id": "a" * 16, "date": "2019-05", "first": "2019-05-01"},
                {"id": "b" * 16, "date": "2016-W32", "first": "2016-08-08"},
                {"id": "c" * 16, "date": None, "first": None},
            ],
        )
    Database(f"sqlite:///{tmp_path / 'a.db'}").close()  # opening migrates to the head
    with engine.connect() as conn:
        last = dict(conn.execute(text("SELECT substr(id, 1, 1), date_last_day FROM incidents")).all())
    assert last == {"a": "2019-05-31", "b": "2016-08-14", "c": None}
