"""A workspace: the evidence store (files) and the database, opened together."""

from __future__ import annotations

import getpass
import socket
from dataclasses import dataclass
from pathlib import Path

from athar.errors import NotFoundError
from athar.locker.blobs import BlobStore
from athar.settings import Settings
from athar.store import Database

DB_NAME = "athar.db"


@dataclass
class Workspace:
    root: Path
    blobs: BlobStore
    db: Database
    actor: str

    @classmethod
    def open(cls, settings: Settings, *, create: bool = True) -> Workspace:
        """Open the workspace the settings name, creating it if ``create``."""
        root = Path(settings.workspace.path).expanduser()
        if not create and not (root / "blobs").is_dir():
            raise NotFoundError("ATH403", path=root)
        root.mkdir(parents=True, exist_ok=True)
        url = settings.workspace.database_url or f"sqlite:///{(root / DB_NAME).resolve()}"
        actor = settings.ingest.actor or f"{getpass.getuser()}@{socket.gethostname()}"
        return cls(root=root, blobs=BlobStore(root), db=Database(url), actor=actor)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
