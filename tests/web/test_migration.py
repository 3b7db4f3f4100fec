"""Migration 0006 makes exactly the web tables (and the FTS5 index) and takes them away again."""

from __future__ import annotations

from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

from athar.store import Database
from athar.web.auth import ensure_tables

WEB_TABLES = {"web_users", "web_sessions", "web_login_attempts", "web_search_state", "web_fts"}


def _alembic(db: Database, target: str, how) -> None:
    config = Config()
    config.set_main_option("script_location", str(resources.files("athar.store").joinpath("migrations")))
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        how(config, target)


def test_0006_upgrades_and_downgrades(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'a.db'}")
    assert set(inspect(db.engine).get_table_names()) >= WEB_TABLES
    _alembic(db, "0005", command.downgrade)
    left = set(inspect(db.engine).get_table_names())
    assert not {t for t in left if t.startswith("web_")}
    _alembic(db, "head", command.upgrade)
    assert set(inspect(db.engine).get_table_names()) >= WEB_TABLES


def test_workspaces_stamped_0006_before_it_had_tables_are_repaired(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'a.db'}")
    _alembic(db, "0005", command.downgrade)
    with db.engine.begin() as conn:  # what the empty placeholder 0006 left behind
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0006'")
    assert not WEB_TABLES & set(inspect(db.engine).get_table_names())
    ensure_tables(db.engine)
    assert set(inspect(db.engine).get_table_names()) >= WEB_TABLES
