"""Open a workspace database, migrate it, and run the queries the stages need."""

from __future__ import annotations

import dataclasses
import fcntl
import json
import math
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, delete, event, func, insert, select, text, update
from sqlalchemy.engine import Connection

from athar.errors import NotFoundError
from athar.records import (
    HASH_PREFIX,
    NO_LOCATION,
    Claim,
    CustodyEvent,
    DateValue,
    Decision,
    Document,
    FigureSeries,
    Incident,
    Item,
    MediaInfo,
    Place,
    canonical_json,
    sha256_hex,
    utc_now,
)
from athar.store.schema import (
    claims,
    custody_events,
    custody_head,
    decisions,
    documents,
    extractions,
    figure_series,
    incidents,
    items,
)

GENESIS_HASH = HASH_PREFIX + "0" * 64
_WRITE = "athar_write"
_PG_WRITE_LOCK = 0x41544852  # "ATHR": the advisory lock every writer takes
_PG_RECONCILE_LOCK = 0x41544853  # "ATHS": held through a whole reconciliation
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
    # document id -> its claims; replaces whatever an earlier extraction stored
    extractions: dict[str, Extraction] = field(default_factory=dict)
    custody: list[CustodyDraft] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.new_items or self.completed_items or self.documents or self.extractions or self.custody)


@dataclass(frozen=True)
class Extraction:
    """The claims one extractor version found in one document (maybe none)."""

    document_id: str
    produced_by: str
    claims: tuple[Claim, ...]

    @property
    def digest(self) -> str:
        """What custody seals: the set of the claims' digests (stored order may differ)."""
        return records_digest(canonical_json(c.to_dict()) for c in self.claims)


@dataclass(frozen=True)
class IncidentFilter:
    """What `athar incidents` (and the exports) can narrow incidents by; every field given must hold."""

    event_type: str | None = None  # event type or sub-event type, as ACLED spells it
    # YYYY[-MM[-DD]] or YYYY-Www: incidents whose first day is on or after the first day of this, on or before the
    # last day of that. By first day, consecutive ranges part incidents (an export per year counts each once); an
    # incident dated May 2019 is not "since 2019-05-15".
    since: str | None = None
    until: str | None = None
    governorate: str | None = None  # admin1, any case
    perpetrator: str | None = None  # part of an actor's name, any case
    grade: str | None = None
    contested: bool | None = None
    target: str | None = None
    public: bool | None = None
    near: tuple[float, float, float] | None = None  # latitude, longitude, kilometres

    def conditions(self, dialect: str = "sqlite") -> list[Any]:
        c = incidents.c
        out: list[Any] = []
        if self.near:
            lat, lon, km = self.near
            if dialect == "postgresql":  # PostGIS, on the spatial index of migration 0007
                out.append(
                    text(
                        "ST_DWithin(ST_SetSRID(ST_MakePoint(incidents.longitude, incidents.latitude), 4326)::geography,"
                        " ST_SetSRID(ST_MakePoint(:near_lon, :near_lat), 4326)::geography, :near_m)"
                    ).bindparams(near_lon=lon, near_lat=lat, near_m=km * 1000)
                )
            else:  # a bounding box here; the exact distance is checked on the rows found
                dlat = km / 111.0
                dlon = km / (111.0 * max(math.cos(math.radians(lat)), 0.01))
                out.append(c.latitude.between(lat - dlat, lat + dlat))
                out.append(c.longitude.between(lon - dlon, lon + dlon))
        if self.event_type:
            kind = self.event_type.lower()
            out.append((func.lower(c.event_type) == kind) | (func.lower(c.sub_event_type) == kind))
        day = func.coalesce(c.date_day, c.date_first_day)
        if self.since:
            out.append(day >= DateValue.parse(self.since).first_day)
        if self.until:
            out.append(day <= DateValue.parse(self.until).last_day)
        if self.governorate:
            out.append(func.lower(c.admin1) == self.governorate.lower())
        if self.perpetrator:
            out.append(func.lower(c.perpetrators).contains(self.perpetrator.lower(), autoescape=True))
        if self.grade:
            out.append(c.grade == self.grade)
        if self.contested is not None:
            out.append(c.contested == self.contested)
        if self.target:
            out.append(func.lower(c.targets).contains(self.target.lower(), autoescape=True))
        if self.public is not None:
            out.append(c.public == self.public)
        return out


def _within(incident: Incident, lat: float, lon: float, km: float) -> bool:
    from athar.geo.gazetteer import distance_km

    place = incident.place.place if incident.place else None
    here = Place("", "", lat, lon, "point", "")
    return place is not None and distance_km(place, here) <= km


BUSY_TIMEOUT_MS = 60_000  # SQLite: how long a statement waits for another process's lock
# A SQLite write-ahead log longer than this is emptied after a write, waiting this long for readers.
WAL_RESET_BYTES = 256 * 2**20
WAL_RESET_WAIT_MS = 2_000


def _file_size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except FileNotFoundError:
        return 0


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
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
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
        database = self.engine.url.database if self.engine.dialect.name == "sqlite" else None
        self._wal = f"{database}-wal" if database and database != ":memory:" else None
        self._wal_reset_at = WAL_RESET_BYTES
        _migrate(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction, holding the database's one write lock from its start.

        SQLite: BEGIN IMMEDIATE. PostgreSQL: a transaction-scoped advisory
        lock, so writers in many processes (ingests, the web application)
        extend the custody chain one at a time, even before it has a head row.
        """
        with self.engine.connect() as conn:
            conn.execution_options(**{_WRITE: True})
            with conn.begin():
                if self.engine.dialect.name == "postgresql":
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_WRITE_LOCK})")
                yield conn
            if self._wal is not None and _file_size(self._wal) > self._wal_reset_at:
                self._reset_wal(conn)

    def _reset_wal(self, conn: Connection) -> None:
        """Empty SQLite's write-ahead log, waiting a moment for readers of older snapshots.

        Readers in other processes (Dask workers reading documents) can keep
        SQLite's own checkpoints from ever starting the log again: it grew to
        5.6 GB in a 100,000-report ingest on two workers. A reader that holds
        its snapshot longer than the wait stops the reset: the next try comes
        when the log has grown as much again, so a writer never waits often.
        """
        raw = conn.connection.driver_connection
        assert raw is not None  # a checked-out connection always has its DBAPI connection
        raw.execute(f"PRAGMA busy_timeout={WAL_RESET_WAIT_MS}")
        try:
            blocked = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            raw.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        assert self._wal is not None
        self._wal_reset_at = _file_size(self._wal) + WAL_RESET_BYTES if blocked else WAL_RESET_BYTES

    @contextmanager
    def reconciling(self) -> Iterator[None]:
        """Held through a whole reconciliation, from reading the claims to storing the incidents.

        Two processes reconciling at once (two ingests, an ingest and an
        analyst's decision in the web application) would otherwise each read
        the claims, and the slower one would store incidents computed before
        the other's claims or decision. Runs take turns instead: every writer
        reconciles after its own writes, so the last run sees everything.
        PostgreSQL: a session advisory lock; SQLite: a lock file beside the
        database (``flock``; an in-memory database has no other process).
        """
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql(f"SELECT pg_advisory_lock({_PG_RECONCILE_LOCK})")
                try:
                    yield
                finally:
                    conn.exec_driver_sql(f"SELECT pg_advisory_unlock({_PG_RECONCILE_LOCK})")
            return
        path = self.engine.url.database
        if not path or path == ":memory:":
            yield
            return
        with open(f"{path}.reconcile-lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    # -- writing -----------------------------------------------------------------

    def write(self, batch: WriteBatch, *, actor: str) -> list[CustodyEvent]:
        """Write a batch in one transaction, appending its custody entries to the chain."""
        if not batch:
            return []
        with self.transaction() as conn:
            head = self.lock_head(conn)
            # Another process may have stored the same bytes since we looked:
            # under the lock, keep only what is still new, and its custody.
            new_items = still_absent(conn, items.c.sha256, batch.new_items, lambda i: i.sha256)
            new_documents = still_absent(conn, documents.c.content_sha256, batch.documents, lambda d: d.content_sha256)
            written = {f"item:{i.sha256}" for i in new_items} | {f"document:{d.content_sha256}" for d in new_documents}
            drafts = [d for d in batch.custody if d.seals is None or d.seals in written]
            if new_items:
                conn.execute(insert(items), [item_row(item) for item in new_items])
            if new_documents:
                now = utc_now()
                conn.execute(insert(documents), [document_row(doc, now) for doc in new_documents])
            if batch.completed_items:
                conn.execute(update(items).where(items.c.sha256.in_(batch.completed_items)).values(status="complete"))
            if batch.extractions:
                self._replace_claims(conn, list(batch.extractions.values()))
            return self.append_custody_entries(conn, drafts, actor=actor, head=head)

    @staticmethod
    def _replace_claims(conn: Connection, found: list[Extraction]) -> None:
        ids = [e.document_id for e in found]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            conn.execute(delete(claims).where(claims.c.document_id.in_(chunk)))
            conn.execute(delete(extractions).where(extractions.c.document_id.in_(chunk)))
        now = utc_now()
        rows = [_claim_row(claim) for e in found for claim in e.claims]
        if rows:
            conn.execute(insert(claims), rows)
        conn.execute(
            insert(extractions),
            [
                {
                    "document_id": e.document_id,
                    "produced_by": e.produced_by,
                    "claims": len(e.claims),
                    "digest": e.digest,
                    "extracted_at": now,
                }
                for e in found
            ],
        )

    @staticmethod
    def lock_head(conn: Connection) -> tuple[int, str] | None:
        """Read the chain head, locking it (PostgreSQL; SQLite's lock is already held) until commit."""
        row = conn.execute(select(custody_head.c.seq, custody_head.c.hash).with_for_update()).first()
        return (row.seq, row.hash) if row else None

    def append_custody_entries(
        self, conn: Connection, drafts: Sequence[CustodyDraft], *, actor: str, head: tuple[int, str] | None
    ) -> list[CustodyEvent]:
        """Seal what a write transaction wrote: extend the chain from ``head`` (taken with ``lock_head``)."""
        if not drafts:
            return []
        seq, prev = head if head else (0, GENESIS_HASH)
        time = utc_now()
        sealed = []
        for draft in drafts:
            seq += 1
            entry = CustodyEvent(seq, time, actor, draft.action, draft.item_sha256, draft.details, prev)
            entry = dataclasses.replace(entry, hash=entry.compute_hash())
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
            return self.append_custody_entries(conn, drafts, actor=actor, head=self.lock_head(conn))

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

    def documents_by_id(self, ids: Iterable[str]) -> dict[str, Document]:
        wanted = sorted(set(ids))
        found: dict[str, Document] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), 500):
                for row in conn.execute(select(documents).where(documents.c.id.in_(wanted[start : start + 500]))):
                    doc = _row_document(row)
                    found[doc.id] = doc
        return found

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
                "claims": conn.execute(select(func.count()).select_from(claims)).scalar_one(),
                "custody_events": conn.execute(select(func.count()).select_from(custody_events)).scalar_one(),
            }

    def iter_custody(self, *, item_sha256: str | None = None, action: str | None = None) -> Iterator[CustodyEvent]:
        query = select(custody_events).order_by(custody_events.c.seq)
        if item_sha256 is not None:
            query = query.where(custody_events.c.item_sha256 == item_sha256)
        if action is not None:
            query = query.where(custody_events.c.action == action)
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=1000).execute(query):
                yield _row_custody(row)

    def claims_of(self, document_id: str) -> list[Claim]:
        query = select(claims.c.record).where(claims.c.document_id == document_id).order_by(claims.c.span_start)
        with self.engine.connect() as conn:
            return [Claim.from_dict(json.loads(r)) for r in conn.execute(query).scalars()]

    def claims_by_id(self, ids: Iterable[str]) -> dict[str, Claim]:
        wanted = list(ids)
        found: dict[str, Claim] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), 500):
                query = select(claims.c.record).where(claims.c.id.in_(wanted[start : start + 500]))
                for record in conn.execute(query).scalars():
                    claim = Claim.from_dict(json.loads(record))
                    found[claim.id] = claim
        return found

    def iter_claims(self) -> Iterator[Claim]:
        query = select(claims.c.record).order_by(claims.c.document_id, claims.c.span_start, claims.c.id)
        with self.engine.connect() as conn:
            for record in conn.execution_options(yield_per=1000).execute(query).scalars():
                yield Claim.from_dict(json.loads(record))

    def stored_extractions(self, document_ids: Iterable[str] | None = None) -> dict[str, list[str]]:
        """Each extracted document's claims as stored (raw records, unparsed: verification reads these).

        All documents, or only ``document_ids``.
        """
        if document_ids is not None:
            wanted = sorted(set(document_ids))
            out: dict[str, list[str]] = {}
            for start in range(0, len(wanted), 500):
                out.update(self._stored_extractions(wanted[start : start + 500]))
            return out
        return self._stored_extractions(None)

    def _stored_extractions(self, ids: list[str] | None) -> dict[str, list[str]]:
        done = select(extractions.c.document_id)
        found_claims = select(claims.c.document_id, claims.c.record)
        if ids is not None:
            done = done.where(extractions.c.document_id.in_(ids))
            found_claims = found_claims.where(claims.c.document_id.in_(ids))
        with self.engine.connect() as conn:
            found: dict[str, list[str]] = {row.document_id: [] for row in conn.execute(done)}
            for row in conn.execution_options(yield_per=1000).execute(found_claims):
                found.setdefault(row.document_id, []).append(row.record)
        return found

    def stored_incidents(self) -> list[str]:
        """The incidents as stored (raw records, unparsed)."""
        with self.engine.connect() as conn:
            return list(conn.execute(select(incidents.c.record)).scalars())

    def documents_to_extract(self, produced_by: str, *, everything: bool = False) -> Iterator[Document]:
        """Documents never extracted, or extracted by another version (all of them with ``everything``)."""
        query = select(documents).outerjoin(extractions, extractions.c.document_id == documents.c.id)
        if not everything:
            query = query.where((extractions.c.produced_by.is_(None)) | (extractions.c.produced_by != produced_by))
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=500).execute(query.order_by(documents.c.id)):
                yield _row_document(row)

    def replace_incidents(
        self, found: Sequence[Incident], series: Sequence[FigureSeries] = (), *, actor: str
    ) -> CustodyEvent:
        """Store a reconciliation's incidents and figure series in place of the last one's, sealed by one entry."""
        digest = records_digest(canonical_json(i.to_dict()) for i in found)
        series_digest = records_digest(canonical_json(s.to_dict()) for s in series)
        with self.transaction() as conn:
            head = self.lock_head(conn)
            conn.execute(delete(incidents))
            conn.execute(delete(figure_series))
            for start in range(0, len(found), 1000):  # rows made a thousand at a time: memory stays flat
                conn.execute(insert(incidents), [_incident_row(i) for i in found[start : start + 1000]])
            if series:
                conn.execute(insert(figure_series), [_series_row(s) for s in series])
            details = {"incidents": len(found), "digest": digest, "series": len(series), "series_digest": series_digest}
            return self.append_custody_entries(
                conn, [CustodyDraft("reconcile", None, details)], actor=actor, head=head
            )[0]

    def iter_incidents(self) -> Iterator[Incident]:
        query = select(incidents.c.record).order_by(incidents.c.date_first_day.nulls_last(), incidents.c.id)
        with self.engine.connect() as conn:
            for record in conn.execution_options(yield_per=1000).execute(query).scalars():
                yield Incident.from_dict(json.loads(record))

    def find_incidents(self, where: IncidentFilter | None = None, *, limit: int | None = None) -> list[Incident]:
        """Incidents matching every filter given, in date order."""
        where = where or IncidentFilter()
        query = select(incidents.c.record)
        for condition in where.conditions(self.engine.dialect.name):
            query = query.where(condition)
        exact = where.near is not None and self.engine.dialect.name != "postgresql"
        query = query.order_by(incidents.c.date_first_day.nulls_last(), incidents.c.id).limit(None if exact else limit)
        with self.engine.connect() as conn:
            found = [Incident.from_dict(json.loads(r)) for r in conn.execute(query).scalars()]
        if exact and where.near:
            found = [i for i in found if _within(i, *where.near)][:limit]
        return found

    def incident(self, ref: str) -> Incident | None:
        """One incident by its id (or an unambiguous prefix of at least 6 characters)."""
        query = select(incidents.c.record).where(incidents.c.id == ref)
        if len(ref) >= 6:
            query = select(incidents.c.record).where(incidents.c.id.startswith(ref, autoescape=True)).limit(2)
        with self.engine.connect() as conn:
            rows = list(conn.execute(query).scalars())
        return Incident.from_dict(json.loads(rows[0])) if len(rows) == 1 else None

    def find_incident(self, ref: str) -> Incident:
        """``incident(ref)``, or :class:`NotFoundError` saying where it went if an analyst merged it away."""
        found = self.incident(ref)
        if found is not None:
            return found
        merges = [d for d in self.decisions() if d.action == "merge" and any(o.startswith(ref) for o in d.others)]
        if merges and len(ref) >= 6:
            into = self.incident(merges[-1].incident_id)
            raise NotFoundError("ATH406", ref=ref, into=into.id if into else merges[-1].incident_id, seq=merges[-1].seq)
        raise NotFoundError("ATH405", ref=ref)

    def incident_of_claims(self) -> dict[str, str]:
        """Which stored incident holds each claim (what keeps incident ids stable across runs)."""
        held: dict[str, str] = {}
        with self.engine.connect() as conn:
            for record in conn.execution_options(yield_per=1000).execute(select(incidents.c.record)).scalars():
                data = json.loads(record)
                held.update(dict.fromkeys(data["claims"], data["id"]))
        return held

    def stored_figure_series(self) -> list[str]:
        """The figure series as stored (raw records, unparsed)."""
        with self.engine.connect() as conn:
            return list(conn.execute(select(figure_series.c.record)).scalars())

    def iter_figure_series(self, *, measure: str | None = None) -> Iterator[FigureSeries]:
        query = select(figure_series.c.record).order_by(figure_series.c.points.desc(), figure_series.c.id)
        if measure:
            query = query.where(figure_series.c.measure == measure)
        with self.engine.connect() as conn:
            for record in conn.execute(query).scalars():
                yield FigureSeries.from_dict(json.loads(record))

    def add_decision(self, decision: Decision) -> Decision:
        """Append an analyst's decision (numbered here), sealed by its own custody entry."""
        with self.transaction() as conn:
            head = self.lock_head(conn)
            seq = (conn.execute(select(func.max(decisions.c.seq))).scalar() or 0) + 1
            stored = dataclasses.replace(decision, seq=seq)
            record = canonical_json(stored.to_dict())
            conn.execute(
                insert(decisions),
                {
                    "seq": seq,
                    "action": stored.action,
                    "incident_id": stored.incident_id,
                    "actor": stored.actor,
                    "at": stored.at,
                    "record": record,
                },
            )
            details = {
                "decision": seq,
                "action": stored.action,
                "incident": stored.incident_id,
                "reason": stored.reason,
                "digest": sha256_hex(record.encode("utf-8")),
            }
            self.append_custody_entries(conn, [CustodyDraft("decide", None, details)], actor=stored.actor, head=head)
        return stored

    def decisions(self) -> list[Decision]:
        with self.engine.connect() as conn:
            records = conn.execute(select(decisions.c.record).order_by(decisions.c.seq)).scalars()
            return [Decision.from_dict(json.loads(r)) for r in records]

    def stored_decisions(self) -> dict[int, str]:
        """Each decision as stored (raw records, unparsed: verification reads these)."""
        with self.engine.connect() as conn:
            return {row.seq: row.record for row in conn.execute(select(decisions.c.seq, decisions.c.record))}

    def decisions_for(self, incident_id: str) -> list[Decision]:
        """The decisions that shaped an incident, or were made on it, oldest first."""
        incident = self.incident(incident_id)
        shaped = set(incident.decisions) if incident else set()
        return [d for d in self.decisions() if d.seq in shaped or d.incident_id == incident_id]

    def published_dates(self) -> dict[str, DateValue]:
        """Each document's publication date (what undated claims are placed in time by)."""
        query = select(documents.c.id, documents.c.published, documents.c.published_precision)
        with self.engine.connect() as conn:
            return {row.id: DateValue(row.published, row.published_precision) for row in conn.execute(query)}

    def last_custody(self, action: str) -> CustodyEvent | None:
        """The latest custody entry of one kind (the last reconciliation, say)."""
        query = select(custody_events).where(custody_events.c.action == action).order_by(custody_events.c.seq.desc())
        with self.engine.connect() as conn:
            row = conn.execute(query.limit(1)).first()
        return _row_custody(row) if row else None

    def custody_head(self) -> tuple[int, str] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(custody_head.c.seq, custody_head.c.hash)).first()
        return (row.seq, row.hash) if row else None


# -- rows <-> records ----------------------------------------------------------------


def still_absent(conn: Connection, column: Any, records: list[_T], key: Callable[[_T], str]) -> list[_T]:
    """The records whose key is not yet in ``column``."""
    if not records:
        return records
    keys = [key(r) for r in records]
    present: set[str] = set()
    for start in range(0, len(keys), 500):
        present.update(conn.execute(select(column).where(column.in_(keys[start : start + 500]))).scalars())
    return [r for r in records if key(r) not in present] if present else records


def item_row(item: Item) -> dict[str, Any]:
    row = item.to_dict()
    row["media"] = canonical_json(row["media"]) if item.media else None
    return row


def _row_item(row: Any) -> Item:
    data = dict(row._mapping)
    data["media"] = MediaInfo.from_dict(json.loads(data["media"])) if data["media"] else None
    return Item.from_dict(data)


def document_row(doc: Document, now: str) -> dict[str, Any]:
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


def _claim_row(claim: Claim) -> dict[str, Any]:
    located = dict(claim.place.location() if claim.place else NO_LOCATION)
    located.pop("country")  # the claims table has no country column
    return {
        "id": claim.id,
        "document_id": claim.document_id,
        "kind": claim.kind,
        "span_start": claim.start,
        "span_end": claim.end,
        "source": claim.source,
        "hedged": claim.hedged,
        "event_type": claim.event_type,
        "sub_event_type": claim.sub_event_type,
        "date": claim.date.value,
        "date_precision": claim.date.precision,
        "date_first_day": claim.date.first_day,
        **located,
        "perpetrator": claim.perpetrator,
        "victims": claim.victims,
        "killed_min": claim.killed.min if claim.killed else None,
        "killed_max": claim.killed.max if claim.killed else None,
        "injured_min": claim.injured.min if claim.injured else None,
        "injured_max": claim.injured.max if claim.injured else None,
        "measure": claim.measure,
        "value_min": claim.value.min if claim.value else None,
        "value_max": claim.value.max if claim.value else None,
        "record": canonical_json(claim.to_dict()),
        "produced_by": claim.produced_by,
    }


def records_digest(records: Iterable[str]) -> str:
    """What custody seals for a set of derived records (claims of a document, incidents).

    Each record is stored as its canonical JSON, so hashing the stored text
    re-derives the record's digest without trusting (or parsing) it.
    """
    return sha256_hex(canonical_json(sorted(sha256_hex(r.encode("utf-8")) for r in records)).encode("utf-8"))


def _incident_row(incident: Incident) -> dict[str, Any]:
    place = incident.place.place if incident.place else None
    location = incident.place.location() if incident.place else NO_LOCATION
    return {
        "id": incident.id,
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        # The column lists show: a week as ISO writes it ("2016-W32"), not as its Monday, which reads as a day.
        "date": incident.date.label if incident.date.precision == "week" else incident.date.value,
        "date_first_day": incident.date.first_day,
        "date_day": incident.date.middle_day,
        "admin1": place.admin1 if place else None,
        "grade": incident.grade,
        "contested": incident.contested,
        "killed_min": incident.killed.min if incident.killed else None,
        "killed_max": incident.killed.max if incident.killed else None,
        "record": canonical_json(incident.to_dict()),
        "location": location["location"],
        "country": location["country"],
        "latitude": location["latitude"],
        "longitude": location["longitude"],
        "perpetrators": "; ".join(a.actor for a in incident.perpetrators if a.sources) or None,
        "targets": "; ".join(incident.targets) or None,
        "killed_best": incident.killed_best,
        "injured_min": incident.injured.min if incident.injured else None,
        "injured_max": incident.injured.max if incident.injured else None,
        "claim_count": len(incident.claims),
        "public": incident.public,
    }


def _series_row(series: FigureSeries) -> dict[str, Any]:
    location = series.place.location() if series.place else NO_LOCATION
    return {
        "id": series.id,
        "measure": series.measure,
        "victims": series.victims,
        "admin1": location["admin1"],
        "location": location["location"],
        "points": len(series.points),
        "record": canonical_json(series.to_dict()),
    }


def _custody_row(entry: CustodyEvent) -> dict[str, Any]:
    row = entry.to_dict()
    row["details"] = canonical_json(entry.details)
    return row


def _row_custody(row: Any) -> CustodyEvent:
    data = dict(row._mapping)
    data["details"] = json.loads(data["details"])
    return CustodyEvent(**data)
