"""Content-addressed storage of original bytes, written atomically.

Bytes are streamed to a temporary file while they are hashed, fsynced, then
renamed to ``blobs/sha256/ab/cd/<hex>``. A reader therefore never sees a half
written blob: a kill leaves at most a temporary file, which the next run removes.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from athar.records import HASH_PREFIX

CHUNK = 1 << 20


class TooLarge(Exception):
    """The stream exceeded the byte limit; carries the full hash and size anyway."""

    def __init__(self, sha256: str, size: int) -> None:
        super().__init__(sha256, size)
        self.sha256 = sha256
        self.size = size


@dataclass(frozen=True)
class Staged:
    """Bytes hashed and written to a temporary file, not yet in the store."""

    path: Path
    sha256: str
    size: int


def hash_stream(stream: IO[bytes]) -> tuple[str, int]:
    """Return (``sha256:<hex>``, size) of a stream, reading it in chunks."""
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return HASH_PREFIX + digest.hexdigest(), size


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class BlobStore:
    """Original bytes under ``root``, one read-only file per SHA-256."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.tmp = self.root / "tmp"
        self.blobs = self.root / "blobs" / "sha256"
        self.tmp.mkdir(parents=True, exist_ok=True)
        self.blobs.mkdir(parents=True, exist_ok=True)

    def path(self, sha256: str) -> Path:
        hexdigest = sha256.removeprefix(HASH_PREFIX)
        return self.blobs / hexdigest[:2] / hexdigest[2:4] / hexdigest

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def stage(self, stream: IO[bytes], *, max_bytes: int) -> Staged:
        """Copy ``stream`` to a temporary file while hashing it.

        Past ``max_bytes`` the copy stops but hashing goes on, so the refusal can
        name the input's hash; memory use stays one chunk whatever the size.
        """
        tmp = self.tmp / f"{os.getpid()}-{uuid.uuid4().hex}"
        digest = hashlib.sha256()
        size = 0
        try:
            with open(tmp, "wb") as out:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    if size <= max_bytes:
                        out.write(chunk)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        sha256 = HASH_PREFIX + digest.hexdigest()
        if size > max_bytes:
            tmp.unlink(missing_ok=True)
            raise TooLarge(sha256, size)
        return Staged(tmp, sha256, size)

    def commit(self, staged: list[Staged]) -> None:
        """Make staged files durable and move them into place.

        One ``sync`` covers every staged file (an fsync each costs more than
        hashing small reports); renames are atomic, so a blob is whole or absent.
        Bytes already stored are not written again.
        """
        if not staged:
            return
        os.sync()
        parents = set()
        for one in staged:
            final = self.path(one.sha256)
            if final.exists():
                one.path.unlink(missing_ok=True)
                continue
            final.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(one.path, 0o444)
            os.replace(one.path, final)
            parents.add(final.parent)
        for parent in parents:
            _fsync_dir(parent)

    def discard(self, staged: Staged) -> None:
        staged.path.unlink(missing_ok=True)

    def iter_hashes(self) -> Iterator[str]:
        """Every SHA-256 with a file in the store, in sorted order."""
        for path in sorted(self.blobs.glob("*/*/*")):
            if path.is_file():
                yield HASH_PREFIX + path.name

    def rehash(self, sha256: str) -> tuple[str, int]:
        with open(self.path(sha256), "rb") as stream:
            return hash_stream(stream)

    def remove_stale_tmp(self) -> int:
        """Delete temporary files left by processes that no longer run (after a kill)."""
        removed = 0
        for path in self.tmp.iterdir():
            pid_text = path.name.split("-", 1)[0]
            if pid_text.isdigit() and _pid_alive(int(pid_text)):
                continue
            path.unlink(missing_ok=True)
            removed += 1
        return removed


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
