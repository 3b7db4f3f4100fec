"""JSON Lines batches of reports, one report per line, as scrapers and archives hand them over.

Each line: ``{"url", "published", "title", "text" or "html", "outlet", "language"}``
(``author``, ``published_precision`` and ``notes`` too). A bad line is reported
with its number and the rest of the batch goes on.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from athar.errors import InputError
from athar.read.dates import parse_date
from athar.records import DateValue, Hints, sha256_hex

NAME = "read.jsonl.v1"
FIELDS = {"url", "published", "published_precision", "title", "text", "html", "outlet", "language", "author", "notes"}


@dataclass(frozen=True)
class Line:
    """One report of a batch: its raw bytes' hash, its content and its metadata."""

    number: int
    content_sha256: str
    content: bytes
    is_html: bool
    hints: Hints


def hints_from(data: dict[str, object], *, name: str) -> Hints:
    """Metadata fields of a JSON object (a batch line or a manifest entry) as Hints."""
    values: dict[str, str | None] = {}
    for key in ("url", "title", "author", "outlet", "language", "notes", "encoding"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError("ATH209", name=name, field=key, value=value, reason="must be a string")
        values[key] = value or None
    if values.get("encoding"):
        try:
            codecs.lookup(str(values["encoding"]))
        except LookupError:
            raise InputError(
                "ATH209", name=name, field="encoding", value=values["encoding"], reason="Python knows no such encoding"
            ) from None
    published: DateValue | None = None
    if data.get("published"):
        precision = data.get("published_precision")
        published = parse_date(str(data["published"]), precision=str(precision) if precision else None)
        if published is None:
            raise InputError(
                "ATH209", name=name, field="published", value=data["published"], reason="not a date (use YYYY-MM-DD)"
            )
    return Hints(published=published, **values)


def iter_lines(path: Path, *, name: str) -> Iterator[Line | InputError]:
    """Yield each report of a batch, or the error that line has, in order."""
    with open(path, "rb") as stream:
        for number, raw in enumerate(stream, start=1):
            raw = raw.rstrip(b"\r\n")
            if not raw.strip():
                continue
            try:
                yield _parse(raw, number, name=name)
            except InputError as error:
                yield error


def _parse(raw: bytes, number: int, *, name: str) -> Line:
    def fail(reason: str) -> InputError:
        return InputError("ATH206", name=name, line=number, reason=reason)

    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise fail("not UTF-8 (JSON Lines must be UTF-8)") from None
    except json.JSONDecodeError as exc:
        raise fail(f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise fail(f"expected a JSON object, got {type(data).__name__}")
    text, html = data.get("text"), data.get("html")
    if "file" in data and not (text or html):
        raise fail("this looks like a manifest entry (has 'file'); pass the file with --manifest")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(html, str) and html.strip()):
        raise fail("needs a non-empty 'text' or 'html' field")
    try:
        hints = hints_from(data, name=f"{name}:{number}")
    except InputError as error:
        raise fail(error.message.split(": ", 1)[1]) from None
    content = (html if isinstance(html, str) and html.strip() else text).encode("utf-8")  # type: ignore[union-attr]
    return Line(number, sha256_hex(raw), content, bool(isinstance(html, str) and html.strip()), hints)
