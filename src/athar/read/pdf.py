"""PDF reports (NGO and UN reports are PDFs): text per page with pypdf."""

from __future__ import annotations

import io
import logging

from athar.errors import InputError
from athar.read.cleanup import drop_furniture
from athar.read.dates import parse_date
from athar.read.reading import Reading

NAME = "read.pdf.v1"
logger = logging.getLogger(__name__)


def read_pdf(data: bytes, *, name: str) -> Reading:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError("ATH208", name=name, kind="PDF", reason="it is encrypted with a password")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InputError("ATH208", name=name, kind="PDF", reason=f"{type(exc).__name__}: {exc}") from None
    body = drop_furniture("\n\n".join(page.strip() for page in pages if page.strip()))
    if not body:
        raise InputError("ATH210", name=name, reason="the PDF has no text layer; scanned pages need OCR")
    created = None
    if info is not None and info.get("/CreationDate"):
        raw = str(info.get("/CreationDate")).removeprefix("D:")
        created = parse_date(f"{raw[:4]}-{raw[4:6]}-{raw[6:8]}") if len(raw) >= 8 else None
    return Reading(
        body=body,
        produced_by=NAME,
        title=(info.title if info is not None else None) or None,
        author=(info.author if info is not None else None) or None,
        published=created,
    )
