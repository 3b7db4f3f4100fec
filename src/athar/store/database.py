"""Open a workspace database, migrate it, and run the queries the stages need."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, func, insert, select, update
from sqlalchemy.engine import Connection

from athar.records import (
    HASH_PREFIX,
    CustodyEvent,
    DateValue,
    Document,
    Item,
    MediaInfo,
    canonical_json,
    utc_now,
)
from athar.store.schema import custody_events, custody_head, documents, items

GENESIS_HASH = HASH_PREFIX + "0" * 64
_WRITE = "athar_write"
_T = TypeVar("_T")


@dataclass(frozen=True)
class CustodyDraft:
    """A custody entry before the database gives it its place in the chain."""

    action: str
    item_sha256: str | None
    details: dict[str, Any]
    # The row this entry seals ("item:<sha256>" or "document:<content sha256>"):
    # if another writer stored that row first, the entry is dropped with it.
    seals: str | None = None


@dataclass
class WriteBatch:
    """Everything one transaction writes: rows and the custody entries that seal them."""

    new_items: list[Item] = field(default_factory=list)
    completed_items: list[str] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    custody: list[CustodyDraft] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.new_items or self.completed_items or self.documents or self.custody)


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" below open the transaction, so it can be IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")  # evidence: a commit survives power loss
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A writer takes the lock before it reads the custody head: two writers
        # can never both extend the chain from the same entry. Readers don't wait.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")

    return engine


def _migrate(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    location = str(resources.files("athar.store").joinpath("migrations"))
    config = Config()
    config.set_main_option("script_location", location)
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as conn:
        if MigrationContext.configure(conn).get_current_revision() == head:
            return
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


class Database:
    """A workspace's database (SQLite by default, any SQLAlchemy URL)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = _sqlite_engine(url) if url.startswith("sqlite") else create_engine(url)
        _migrate(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction (holding SQLite's write lock from its start)."""
        with self.engine.connect() as conn:
            conn.execution_options(**{_WRITE: True})
            with conn.begin():
                yield conn

    # -- writing -----------------------------------------------------------------

    def write(self, batch: WriteBatch, *, actor: str) -> list[CustodyEvent]:
        """Write a batch in one transaction, appending its custody entries to the chain."""
        if not batch:
            return []
        with self.transaction() as conn:
            head = self._lock_head(conn)
            # Another process may have stored the same bytes since we looked:
            # under the lock, keep only what is still new, and its custody.
            new_items = _absent(conn, items.c.sha256, batch.new_items, lambda i: i.sha256)
            new_documents = _absent(conn, documents.c.content_sha256, batch.documents, lambda d: d.content_sha256)
            written = {f"item:{i.sha256}" for i in new_items} | {f"document:{d.content_sha256}" for d in new_documents}
            drafts = [d for d in batch.custody if d.seals is None or d.seals in written]
            if new_items:
                conn.execute(insert(items), [_item_row(item) for item in new_items])
            if new_documents:
                now = utc_now()
                conn.execute(insert(documents), [_document_row(doc, now) for doc in new_documents])
            if batch.completed_items:
                conn.execute(update(items).where(items.c.sha256.in_(batch.completed_items)).values(status="complete"))
            return self._append_custody(conn, drafts, actor=actor, head=head)

    @staticmethod
    def _lock_head(conn: Connection) -> tuple[int, str] | None:
        """Read the chain head, locking it (PostgreSQL; SQLite's lock is already held) until commit."""
        row = conn.execute(select(custody_head.c.seq, custody_head.c.hash).with_for_update()).first()
        return (row.seq, row.hash) if row else None

    def _append_custody(
        self, conn: Connection, drafts: Sequence[CustodyDraft], *, actor: str, head: tuple[int, str] | None
    ) -> list[CustodyEvent]:
        if not drafts:
            return []
        seq, prev = head if head else (0, GENESIS_HASH)
        time = utc_now()
        sealed = []
        for draft in drafts:
            seq += 1
            entry = CustodyEvent(seq, time, actor, draft.action, draft.item_sha256, draft.details, prev)
            entry = CustodyEvent(**{**entry.__dict__, "hash": entry.compute_hash()})
            sealed.append(entry)
            prev = entry.hash
        conn.execute(insert(custody_events), [_custody_row(e) for e in sealed])
        if head:
            conn.execute(update(custody_head).where(custody_head.c.id == 1).values(seq=seq, hash=prev))
        else:
            conn.execute(insert(custody_head).values(id=1, seq=seq, hash=prev))
        return sealed

    def append_custody(self, drafts: Sequence[CustodyDraft], *, actor: str) -> list[CustodyEvent]:
        """Append entries that seal no new rows (an export, a verification)."""
        with self.transaction() as conn:
            return self._append_custody(conn, drafts, actor=actor, head=self._lock_head(conn))

    # -- reading -----------------------------------------------------------------

    def item_statuses(self, shas: Iterable[str]) -> dict[str, str]:
        shas = list(shas)
        if not shas:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(select(items.c.sha256, items.c.status).where(items.c.sha256.in_(shas)))
            return {row.sha256: row.status for row in rows}

    def existing_content(self, content_hashes: Iterable[str]) -> set[str]:
        """Which of these content hashes already have a document."""
        found: set[str] = set()
        hashes = list(content_hashes)
        with self.engine.connect() as conn:
            for start in range(0, len(hashes), 500):
                chunk = hashes[start : start + 500]
                rows = conn.execute(select(documents.c.content_sha256).where(documents.c.content_sha256.in_(chunk)))
                found.update(row.content_sha256 for row in rows)
        return found

    def item(self, sha256: str) -> Item | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(items).where(items.c.sha256 == sha256)).first()
        return _row_item(row) if row else None

    def iter_items(self) -> Iterator[Item]:
        with self.engine.connect() as conn:
            for row in conn.execute(select(items).order_by(items.c.sha256)):
                yield _row_item(row)

    def iter_documents(self) -> Iterator[Document]:
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=1000).execute(select(documents).order_by(documents.c.id)):
                yield _row_document(row)

    def list_documents(self, *, limit: int = 50, offset: int = 0) -> list[Document]:
        query = (
            select(documents)
            .order_by(documents.c.published_date.desc().nulls_last(), documents.c.id)
            .limit(limit)
            .offset(offset)
        )
        with self.engine.connect() as conn:
            return [_row_document(row) for row in conn.execute(query)]

    def find_documents(self, prefix: str) -> list[Document]:
        """Documents whose id (or content hash) starts with ``prefix``."""
        bare = prefix.removeprefix(HASH_PREFIX).lower()
        query = select(documents).where(
            documents.c.id.startswith(bare[:16], autoescape=True)
            | documents.c.content_sha256.startswith(HASH_PREFIX + bare, autoescape=True)
        )
        with self.engine.connect() as conn:
            return [_row_document(row) for row in conn.execute(query.limit(10))]

    def find_items(self, prefix: str) -> list[Item]:
        bare = prefix.removeprefix(HASH_PREFIX).lower()
        query = select(items).where(items.c.sha256.startswith(HASH_PREFIX + bare, autoescape=True))
        with self.engine.connect() as conn:
            return [_row_item(row) for row in conn.execute(query.limit(10))]

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                "items": conn.execute(select(func.count()).select_from(items)).scalar_one(),
                "documents": conn.execute(select(func.count()).select_from(documents)).scalar_one(),
                "custody_events": conn.execute(select(func.count()).select_from(custody_events)).scalar_one(),
            }

    def iter_custody(self, *, item_sha256: str | None = None) -> Iterator[CustodyEvent]:
        query = select(custody_events).order_by(custody_events.c.seq)
        if item_sha256 is not None:
            query = query.where(custody_events.c.item_sha256 == item_sha256)
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=1000).execute(query):
                yield _row_custody(row)

    def custody_head(self) -> tuple[int, str] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(custody_head.c.seq, custody_head.c.hash)).first()
        return (row.seq, row.hash) if row else None


# -- rows <-> records ----------------------------------------------------------------


def _absent(conn: Connection, column: Any, records: list[_T], key: Callable[[_T], str]) -> list[_T]:
    """The records whose key is not yet in ``column``."""
    if not records:
        return records
    keys = [key(r) for r in records]
    present: set[str] = set()
    for start in range(0, len(keys), 500):
        present.update(conn.execute(select(column).where(column.in_(keys[start : start + 500]))).scalars())
    return [r for r in records if key(r) not in present] if present else records


def _item_row(item: Item) -> dict[str, Any]:
    row = item.to_dict()
    row["media"] = canonical_json(row["media"]) if item.media else None
    return row


def _row_item(row: Any) -> Item:
    data = dict(row._mapping)
    data["media"] = MediaInfo.from_dict(json.loads(data["media"])) if data["media"] else None
    return Item.from_dict(data)


def _document_row(doc: Document, now: str) -> dict[str, Any]:
    row = doc.to_dict()
    row.pop("published")
    row["published"] = doc.published.value
    row["published_precision"] = doc.published.precision
    row["published_date"] = doc.published.first_day
    row["comments"] = canonical_json(list(doc.comments))
    row["created_at"] = now
    return row


def _row_document(row: Any) -> Document:
    data = dict(row._mapping)
    data["published"] = DateValue(data.pop("published"), data.pop("published_precision"))
    data["comments"] = tuple(json.loads(data["comments"]))
    data.pop("published_date", None)
    data.pop("created_at", None)
    return Document.from_dict(data)


def _custody_row(entry: CustodyEvent) -> dict[str, Any]:
    row = entry.to_dict()
    row["details"] = canonical_json(entry.details)
    return row


def _row_custody(row: Any) -> CustodyEvent:
    data = dict(row._mapping)
    data["details"] = json.loads(data["details"])
    return CustodyEvent(**data)
