"""Write JSON Lines and hash what was written, so the custody log can name the export exactly."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import IO, Any


def write_lines(rows: Iterable[dict[str, Any]], out: IO[str]) -> tuple[int, str]:
    """Write one JSON object per line; return (count, ``sha256:`` of the bytes written)."""
    digest = hashlib.sha256()
    count = 0
    for row in rows:
        line = json.dumps(row, ensure_ascii=False) + "\n"
        out.write(line)
        digest.update(line.encode("utf-8"))
        count += 1
    return count, "sha256:" + digest.hexdigest()
