"""Tell what an input is from its first bytes and its name, before anything is stored."""

from __future__ import annotations

import zlib
from pathlib import PurePath

from athar.errors import InputError

HTML = "text/html"
TEXT = "text/plain"
PDF = "application/pdf"
JSONL = "application/jsonl"
WARC = "application/warc"
JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
MP4 = "video/mp4"
QUICKTIME = "video/quicktime"
WEBM = "video/webm"

TEXT_TYPES = {HTML, TEXT, JSONL}
IMAGE_TYPES = {JPEG, PNG, WEBP}
VIDEO_TYPES = {MP4, QUICKTIME, WEBM}

_BY_SUFFIX = {
    ".txt": TEXT,
    ".text": TEXT,
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": HTML,
    ".jsonl": JSONL,
    ".ndjson": JSONL,
    ".pdf": PDF,
    ".warc": WARC,
    ".warc.gz": WARC,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".png": PNG,
    ".webp": WEBP,
    ".mp4": MP4,
    ".m4v": MP4,
    ".mov": QUICKTIME,
    ".webm": WEBM,
}
SUPPORTED = ", ".join(sorted({s.lstrip(".") for s in _BY_SUFFIX}))

# How many leading bytes sniffing needs.
HEAD_BYTES = 65536


def _suffix(name: str) -> str:
    lower = name.lower()
    if lower.endswith(".warc.gz"):
        return ".warc.gz"
    return PurePath(lower).suffix


def _magic(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp":
        return QUICKTIME if head[8:12] == b"qt  " else MP4
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return WEBM if b"webm" in head[:64] else "video/x-matroska"
    if head.startswith(b"WARC/"):
        return WARC
    if head.startswith(b"\x1f\x8b"):
        try:
            inner = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
        except zlib.error:
            return "application/gzip"
        return WARC if inner.startswith(b"WARC/") else "application/gzip"
    return None


def looks_binary(data: bytes) -> bool:
    """True when bytes cannot be text: NULs or many control characters."""
    sample = data[:HEAD_BYTES]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM is text
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(1, len(sample) // 100)


def sniff(head: bytes, name: str) -> str:
    """Return the media type of an input from its first bytes and name.

    Content wins over the name for formats with a signature (a PDF named
    ``.html`` is a PDF); text formats are taken from the name once the bytes
    are shown to be text.
    """
    if not head:
        raise InputError("ATH201", name=name)
    magic = _magic(head)
    suffix = _suffix(name)
    claimed = _BY_SUFFIX.get(suffix)
    if magic is not None:
        if magic in _BY_SUFFIX.values():
            return magic
        raise InputError("ATH203", name=name, kind=magic, supported=SUPPORTED)
    if claimed is None:
        if looks_binary(head):
            raise InputError("ATH203", name=name, kind=f"'{suffix or 'no extension'}' (binary)", supported=SUPPORTED)
        claimed = HTML if _looks_like_html(head) else TEXT if not suffix else None
        if claimed is None:
            raise InputError("ATH203", name=name, kind=f"'{suffix}'", supported=SUPPORTED)
    if claimed not in TEXT_TYPES:
        # A .pdf, .jpg, .warc … whose bytes lack the format's signature.
        raise InputError("ATH208", name=name, kind=claimed, reason="its bytes are not in that format")
    if looks_binary(head):
        raise InputError("ATH204", name=name, expected={HTML: "HTML", JSONL: "JSON Lines"}.get(claimed, "plain"))
    return claimed


def _looks_like_html(head: bytes) -> bool:
    start = head[:2048].lstrip().lower()
    return start.startswith((b"<!doctype html", b"<html")) or b"<body" in start
