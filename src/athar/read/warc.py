"""Web archives: every HTML (or text, or PDF) response in a WARC or WARC.gz, read with warcio."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from athar.errors import InputError
from athar.read import sniff
from athar.records import sha256_hex

NAME = "read.warc.v1"
_READABLE = {sniff.HTML, "application/xhtml+xml", sniff.TEXT, sniff.PDF}


@dataclass(frozen=True)
class Response:
    """One successful response in the archive, with its decoded payload."""

    offset: int
    url: str | None
    media_type: str
    charset: str | None
    payload: bytes

    @property
    def content_sha256(self) -> str:
        return sha256_hex(self.payload)


def iter_responses(path: Path, *, name: str) -> Iterator[Response | InputError]:
    """Yield each 200 response worth reading; an archive cut short yields an error and stops."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with open(path, "rb") as stream:
        records = ArchiveIterator(stream)
        try:
            for record in records:
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                if record.http_headers.get_statuscode() != "200":
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
                media_type = content_type.split(";")[0].strip().lower()
                if media_type not in _READABLE:
                    continue
                charset = None
                if "charset=" in content_type.lower():
                    charset = content_type.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'") or None
                payload = record.content_stream().read()
                yield Response(
                    offset=records.get_record_offset(),
                    url=record.rec_headers.get_header("WARC-Target-URI"),
                    media_type=sniff.HTML if media_type == "application/xhtml+xml" else media_type,
                    charset=charset,
                    payload=payload,
                )
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
            yield InputError(
                "ATH208", name=name, kind="WARC", reason=f"archive damaged after the last good record ({exc})"
            )
            return
        size = os.fstat(stream.fileno()).st_size
        if records.offset < size:
            # warcio ends quietly on a record cut short; the unread tail tells.
            yield InputError(
                "ATH208",
                name=name,
                kind="WARC",
                reason=f"archive cut short: bytes {records.offset:,} to {size:,} unread",
            )
