"""Read preserved bytes into Documents: clean text, title, outlet, date, language, comments apart.

``read_item`` is the one entry point: it dispatches on the media type that
``sniff`` found and yields a Document for every readable part of the item (a
file is one part, a JSONL batch one per line, a WARC one per response), or
the InputError of a part that could not be read.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from athar.errors import InputError
from athar.extract.dates import find_dateline
from athar.read import sniff
from athar.read.html import read_html
from athar.read.jsonl import iter_lines
from athar.read.language import detect_language
from athar.read.pdf import read_pdf
from athar.read.reading import Reading
from athar.read.text import read_text
from athar.read.warc import iter_responses
from athar.records import DateValue, Document, Hints, document_id

__all__ = ["assemble", "read_bytes", "read_item"]


def read_bytes(data: bytes, media_type: str, *, name: str, hints: Hints, charset: str | None = None) -> Reading:
    """Read one text, page or PDF held in memory."""
    if media_type == sniff.HTML:
        return read_html(data, name=name, url=hints.url, declared=charset, forced=hints.encoding)
    if media_type == sniff.PDF:
        return read_pdf(data, name=name)
    return read_text(data, name=name, title=hints.title, forced=hints.encoding)


def _clean(text: str | None) -> str | None:
    # NUL is never part of a report's text, and PostgreSQL cannot store it in a text column.
    return text.replace("\x00", "") if text else text


def _dateline(body: str) -> DateValue | None:
    """The date a text opens with and says is its own, when nothing else dates it ("Posted on July 2 2016 by
    …", "Published June 8 2016 …"): extraction counts the text's "on Saturday" from it, and reconciliation
    its undated claims."""
    found = find_dateline(body[:200], published=DateValue(None), stamped=True)
    return found.value if found is not None else None


def assemble(
    reading: Reading,
    *,
    item_sha256: str,
    content_sha256: str,
    part: str,
    media_type: str,
    hints: Hints,
) -> Document:
    """Lay the user's metadata over what reading found and make the Document."""
    body = _clean(reading.body) or ""
    return Document(
        id=document_id(content_sha256),
        item_sha256=item_sha256,
        content_sha256=content_sha256,
        part=part,
        media_type=media_type,
        url=_clean(hints.url or reading.url),
        title=_clean(hints.title or reading.title),
        author=_clean(hints.author or reading.author),
        outlet=_clean(hints.outlet or reading.outlet),
        published=hints.published or reading.published or _dateline(body) or DateValue(None),
        language=hints.language or reading.language or detect_language(body),
        encoding=reading.encoding,
        body=body,
        comments=tuple(_clean(c) or "" for c in reading.comments),
        notes=_clean(hints.notes),
        produced_by=reading.produced_by,
    )


def read_item(
    path: Path, *, item_sha256: str, media_type: str, name: str, hints: Hints
) -> Iterator[Document | InputError]:
    """Yield the Documents in a preserved item (or each part's error), in order.

    A whole-file reading failure is raised; a failing part of a batch is yielded.
    """
    if media_type == sniff.JSONL:
        for line in iter_lines(path, name=name):
            if isinstance(line, InputError):
                yield line
                continue
            part_name = f"{name}:{line.number}"
            line_hints = line.hints.merged(hints)
            try:
                reading = read_bytes(
                    line.content, sniff.HTML if line.is_html else sniff.TEXT, name=part_name, hints=line_hints
                )
            except InputError as error:
                yield InputError("ATH206", name=name, line=line.number, reason=error.message.split(": ", 1)[1])
                continue
            yield assemble(
                reading,
                item_sha256=item_sha256,
                content_sha256=line.content_sha256,
                part=f"line:{line.number}",
                media_type=sniff.HTML if line.is_html else sniff.TEXT,
                hints=line_hints,
            )
    elif media_type == sniff.WARC:
        for response in iter_responses(path, name=name):
            if isinstance(response, InputError):
                yield response
                continue
            response_hints = Hints(url=response.url).merged(hints) if not hints.url else hints
            part_name = f"{name}@{response.offset}"
            try:
                reading = read_bytes(
                    response.payload,
                    response.media_type,
                    name=part_name,
                    hints=response_hints,
                    charset=response.charset,
                )
            except InputError as error:
                yield error
                continue
            yield assemble(
                reading,
                item_sha256=item_sha256,
                content_sha256=response.content_sha256,
                part=f"record:{response.offset}",
                media_type=response.media_type,
                hints=response_hints,
            )
    elif media_type in (sniff.HTML, sniff.TEXT, sniff.PDF):
        reading = read_bytes(path.read_bytes(), media_type, name=name, hints=hints)
        yield assemble(
            reading, item_sha256=item_sha256, content_sha256=item_sha256, part="", media_type=media_type, hints=hints
        )
