"""What a reader finds in one text, before user metadata is laid over it."""

from __future__ import annotations

from dataclasses import dataclass

from athar.records import DateValue


@dataclass(frozen=True)
class Reading:
    body: str
    produced_by: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: DateValue | None = None
    comments: tuple[str, ...] = ()
    encoding: str | None = None
    language: str | None = None
