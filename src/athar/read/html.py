"""Web pages: article text and metadata with trafilatura, reader comments kept apart."""

from __future__ import annotations

import logging
from typing import Any

from athar.errors import InputError
from athar.read.cleanup import comment_paragraphs, drop_furniture, split_comments
from athar.read.dates import parse_date
from athar.read.encoding import declared_charset, decode
from athar.read.reading import Reading

NAME = "read.html.v1"
logger = logging.getLogger(__name__)

# Only dates the page states in its metadata: a guess from the text is worse than none.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def read_html(
    data: bytes, *, name: str, url: str | None = None, declared: str | None = None, forced: str | None = None
) -> Reading:
    import trafilatura

    text, encoding = decode(data, name=name, declared=declared or declared_charset(data), forced=forced)
    try:
        result: Any = trafilatura.bare_extraction(
            text,
            url=url,
            with_metadata=True,
            include_comments=True,
            include_tables=True,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise InputError("ATH208", name=name, kind="HTML", reason=f"{type(exc).__name__}: {exc}") from None
    if result is None or not (result.text or "").strip():
        raise InputError("ATH210", name=name, reason="no article text in the page")
    body_lines, thread = split_comments((result.text or "").split("\n"))
    title = result.title or None
    if title and body_lines and body_lines[0].strip() == title.strip():
        body_lines = body_lines[1:]  # the headline, already kept as the title
    # trafilatura writes one paragraph (or one comment) per line.
    paragraphs = [line for line in drop_furniture("\n".join(body_lines)).split("\n") if line.strip()]
    if not paragraphs:
        raise InputError("ATH210", name=name, reason="only page furniture in the page")
    comments = comment_paragraphs(thread) + tuple(
        line.strip() for line in (result.comments or "").split("\n") if line.strip()
    )
    published = parse_date(result.date) if result.date else None
    return Reading(
        body="\n\n".join(paragraphs),
        produced_by=NAME,
        title=title,
        author=result.author or None,
        outlet=result.sitename or None,
        url=result.url or url,
        published=published,
        comments=comments,
        encoding=encoding,
    )
