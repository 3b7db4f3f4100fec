"""Every export is hashed as it is written, so the custody log can name exactly what left the store."""

from __future__ import annotations

import hashlib
from typing import IO


class HashingWriter:
    """Write text through to ``out`` and keep the SHA-256 of its UTF-8 bytes."""

    def __init__(self, out: IO[str]) -> None:
        self._out = out
        self._digest = hashlib.sha256()

    def write(self, text: str) -> int:
        self._digest.update(text.encode("utf-8"))
        return self._out.write(text)

    @property
    def digest(self) -> str:
        return "sha256:" + self._digest.hexdigest()
