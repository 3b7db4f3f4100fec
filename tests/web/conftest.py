"""Workspaces for the web tests: one built by hand with secrets the public must never see, one from the seeds."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from athar.records import (
    Attribution,
    Claim,
    Count,
    DateValue,
    Decision,
    Document,
    Incident,
    Item,
    Place,
    PlaceMention,
    document_id,
    sha256_hex,
    utc_now,
)
from athar.settings import load_settings
from athar.store.database import CustodyDraft, Extraction, WriteBatch
from athar.web import create_app
from athar.workspace import Workspace

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"
ROLES = ("public", "viewer", "analyst", "admin")

# What the public must never see (each string appears only in withheld fields).
WITNESS = "Zuhair Qassabwitness"
UPLOADER = "uploader-secret@laptop"
PRIVATE_URL = "https://private-uploads.example/secret-file-abc"
EXACT_LAT, EXACT_LON = 35.123456, 36.654321
PRIVATE_PLACE = "Secretville"
DECISION_REASON = "reason-sentinel-Qx7"
SECRETS = (WITNESS, UPLOADER, PRIVATE_URL, "35.123456", "36.654321", PRIVATE_PLACE, DECISION_REASON, "Qassab")

PUBLIC_ID = "pubpubpubpub0001"
PRIVATE_ID = "privprivpriv0002"


@dataclass
class Built:
    root: Path
    public_id: str
    private_id: str
    document_id: str
    claim_ids: tuple[str, ...]
    item_sha256: str


def _settings(root: Path):
    """The workspace at ``root``: its own SQLite file, or its own PostgreSQL database in the suite's PostgreSQL pass."""
    return load_settings(overrides={"workspace": {"path": str(root), "database_url": _database_for(root)}})


def _database_for(root: Path) -> str:
    from tests.conftest import PG_ADMIN_URL

    if not PG_ADMIN_URL:
        return ""
    import hashlib

    from sqlalchemy import create_engine, make_url

    name = "athar_web_" + hashlib.sha256(str(root).encode()).hexdigest()[:12]
    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if not conn.exec_driver_sql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'").first():
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
    engine.dispose()
    return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def build_secret_workspace(root: Path) -> Built:
    """Two incidents (one public), their claims and document, a decision: every sentinel in place."""
    body = (
        "Report from Idlib. "
        f"{WITNESS}, a resident, said an air strike killed 4 civilians near the bakery in {PRIVATE_PLACE}. "
        "The Syrian Observatory for Human Rights said Russian warplanes killed 4 people. "
        "Separately, gunmen abducted 2 men in Hama, the Observatory said."
    )
    raw = body.encode("utf-8")
    sha = sha256_hex(raw)
    with Workspace.open(_settings(root)) as ws:
        staged = ws.blobs.stage(io.BytesIO(raw), max_bytes=1 << 20)
        ws.blobs.commit([staged])
        item = Item(sha, len(raw), "text/plain", "witness-statement.txt", PRIVATE_URL, utc_now(), UPLOADER)
        doc = Document(
            id=document_id(sha),
            item_sha256=sha,
            content_sha256=sha,
            url=PRIVATE_URL,
            title="Witness statement",
            outlet="Syrian Observatory for Human Rights",
            published=DateValue("2019-11-02", "day"),
            language="en",
            encoding="utf-8",
            body=body,
            produced_by="test",
        )
        secret_place = Place(
            "athar:secretville", PRIVATE_PLACE, EXACT_LAT, EXACT_LON, "neighbourhood", "SY", admin1="Idlib"
        )
        hama = Place("athar:hama-test", "Hama", 35.13179, 36.75783, "city", "SY", admin1="Hama")

        def span(text: str) -> tuple[int, int]:
            start = body.index(text)
            return start, start + len(text)

        s1 = f"{WITNESS}, a resident, said an air strike killed 4 civilians near the bakery in {PRIVATE_PLACE}."
        s2 = "The Syrian Observatory for Human Rights said Russian warplanes killed 4 people."
        s3 = "Separately, gunmen abducted 2 men in Hama, the Observatory said."
        mention = PlaceMention(PRIVATE_PLACE, *span(PRIVATE_PLACE), secret_place, 1)
        claims = [
            Claim(
                id="c" * 15 + "1",
                document_id=doc.id,
                kind="incident",
                start=span(s1)[0],
                end=span(s1)[1],
                text=s1,
                source=WITNESS,
                source_kind="cited",
                source_text=f"{WITNESS}, a resident, said",
                event_type="Air/drone strike",
                date=DateValue("2019-11-02", "day"),
                places=(mention,),
                killed=Count(4, 4, "exact", "4"),
                targets=("bakery",),
            ),
            Claim(
                id="c" * 15 + "2",
                document_id=doc.id,
                kind="incident",
                start=span(s2)[0],
                end=span(s2)[1],
                text=s2,
                source="Syrian Observatory for Human Rights",
                source_kind="cited",
                event_type="Air/drone strike",
                date=DateValue("2019-11-02", "day"),
                places=(mention,),
                perpetrator="Military Forces of Russia",
                killed=Count(4, 4, "exact", "4"),
            ),
            Claim(
                id="c" * 15 + "3",
                document_id=doc.id,
                kind="incident",
                start=span(s3)[0],
                end=span(s3)[1],
                text=s3,
                source="Syrian Observatory for Human Rights",
                event_type="Abduction/forced disappearance",
                date=DateValue("2019-11-02", "day"),
                places=(PlaceMention("Hama", *span("Hama"), hama, 1),),
            ),
        ]
        batch = WriteBatch(
            new_items=[item],
            documents=[doc],
            extractions={doc.id: Extraction(doc.id, "test", tuple(claims))},
            custody=[CustodyDraft("capture", sha, {"name": "witness-statement.txt"}, seals=f"item:{sha}")],
        )
        ws.db.write(batch, actor=UPLOADER)
        decision = ws.db.add_decision(
            Decision(0, "publish", PUBLIC_ID, DECISION_REASON, UPLOADER, utc_now(), field="public", value="true")
        )
        public_incident = Incident(
            id=PUBLIC_ID,
            event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike",
            date=DateValue("2019-11-02", "day"),
            place=mention,
            claims=(claims[0].id, claims[1].id),
            sources=(WITNESS, "Syrian Observatory for Human Rights"),
            originators=2,
            perpetrators=(Attribution("Military Forces of Russia", (WITNESS, "Syrian Observatory for Human Rights")),),
            killed=Count(4, 4),
            killed_best=4,
            grade="fair",
            grade_reason="2 independent sources",
            targets=("bakery",),
            public=True,
            decisions=(decision.seq,),
        )
        private_incident = Incident(
            id=PRIVATE_ID,
            event_type="Violence against civilians",
            sub_event_type="Abduction/forced disappearance",
            date=DateValue("2019-11-02", "day"),
            place=claims[2].places[0],
            claims=(claims[2].id,),
            sources=("Syrian Observatory for Human Rights",),
            originators=1,
            grade="weak",
            grade_reason="1 independent source",
        )
        ws.db.replace_incidents([public_incident, private_incident], actor=UPLOADER)
        return Built(root, PUBLIC_ID, PRIVATE_ID, doc.id, tuple(c.id for c in claims), sha)


def add_users(root: Path) -> None:
    from athar.web.auth import Accounts, load_secret

    with Workspace.open(_settings(root)) as ws:
        accounts = Accounts(ws.db.engine, load_secret(root))
        for role in ("viewer", "analyst", "admin"):
            accounts.add_user(role, role, PASSWORD, created_by="test")


def client_for(root: Path) -> TestClient:
    # https: the session cookie is Secure, and the test client honours that.
    return TestClient(create_app(_settings(root)), base_url="https://testserver", follow_redirects=False)


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def login(client: TestClient, name: str, password: str = PASSWORD):
    page = client.get("/login")
    return client.post("/login", data={"name": name, "password": password, "csrf_token": csrf_of(page.text)})


@pytest.fixture(scope="module")
def secret_workspace(tmp_path_factory) -> Built:
    root = tmp_path_factory.mktemp("secret-ws")
    built = build_secret_workspace(root)
    add_users(root)
    return built


@pytest.fixture(scope="module")
def clients(secret_workspace) -> dict[str, TestClient]:
    """One client per role, each signed in (the public one not)."""
    out = {}
    for role in ROLES:
        client = client_for(secret_workspace.root)
        if role != "public":
            response = login(client, role)
            assert response.status_code == 303, response.text
        out[role] = client
    return out


def seed_workspace(root: Path) -> None:
    """The bundled sample reports, ingested, extracted and reconciled as ``athar ingest`` does."""
    from athar.pipeline import Extract, Ingest, expand_inputs, load_manifest
    from athar.reconcile.rebuild import rebuild

    settings = _settings(root)
    planned = expand_inputs([str(REPO / "examples/seeds")], manifest=load_manifest(REPO / "examples/seeds.jsonl"))
    with Workspace.open(settings) as ws:
        list(Ingest(ws, settings).run(planned))
        runner = Extract(ws, settings)
        list(runner.run(runner.pending()))
        rebuild(ws)
