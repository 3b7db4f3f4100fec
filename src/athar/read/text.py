"""Plain text, including text captures of web pages with their furniture and comments."""

from __future__ import annotations

from athar.read.cleanup import clean_capture
from athar.read.encoding import decode
from athar.read.reading import Reading

NAME = "read.text.v1"


def read_text(data: bytes, *, name: str, title: str | None = None, forced: str | None = None) -> Reading:
    text, encoding = decode(data, name=name, forced=forced)
    return reading_from_text(text, encoding=encoding, title=title)


def reading_from_text(text: str, *, encoding: str | None, title: str | None = None) -> Reading:
    cleaned = clean_capture(text, title=title)
    return Reading(
        body=cleaned.body,
        produced_by=NAME,
        title=cleaned.title,
        published=cleaned.published,
        comments=cleaned.comments,
        encoding=encoding,
    )
