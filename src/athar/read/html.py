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


def read_html(data: bytes, *, name: str, url: str | None = None, declared: str | None = None) -> Reading:
    import trafilatura

    text, encoding = decode(data, name=name, declared=declared or declared_charset(data))
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
    comments = comment_paragraphs(thread) + comment_paragraphs((result.comments or "").split("\n"))
    published = parse_date(result.date) if result.date else None
    return Reading(
        body=drop_furniture("\n".join(body_lines)),
        produced_by=NAME,
        title=result.title or None,
        author=result.author or None,
        outlet=result.sitename or None,
        url=result.url or url,
        published=published,
        comments=comments,
        encoding=encoding,
    )
