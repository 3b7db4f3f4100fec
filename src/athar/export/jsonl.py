"""Write JSON Lines and hash what was written, so the custody log can name the export exactly."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

from athar.export.hashing import HashingWriter


def write_lines(rows: Iterable[dict[str, Any]], out: IO[str]) -> tuple[int, str]:
    """Write one JSON object per line; return (count, ``sha256:`` of the bytes written)."""
    writer = HashingWriter(out)
    count = 0
    for row in rows:
        writer.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count, writer.digest
