"""Split a captured page's text into title, article body, dateline and reader comments.

Captures saved as text (copy-paste, text dumps of pages) keep the page's
furniture and its comment thread. Everything from the first comment-thread
marker on is comments; furniture lines are dropped; the headline is the last
headline-like line before the article starts; a date written alone on a line
after the headline is the dateline. A date line *before* the headline is page
furniture (often the capture date), never the publication date.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from athar.read.dates import parse_date
from athar.records import DateValue

# A line this long, or ending a sentence with enough words, is article text.
_PARAGRAPH_CHARS = 160
_PARAGRAPH_WORDS = 12
_HEADLINE_WORDS = (3, 30)
# How far after the headline a dateline may sit (in non-empty lines).
_DATELINE_WINDOW = 8


@dataclass(frozen=True)
class Cleaned:
    title: str | None
    body: str
    comments: tuple[str, ...]
    published: DateValue | None


@dataclass(frozen=True)
class _Patterns:
    comment_start: re.Pattern[str]
    comment_furniture: re.Pattern[str]
    article_furniture: re.Pattern[str]


def _union(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    text = resources.files("athar.data").joinpath("page_furniture.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return _Patterns(
        comment_start=_union(data["comments"]["start"]),
        comment_furniture=_union(data["comments"]["furniture"]),
        article_furniture=_union(data["article"]["furniture"]),
    )


def is_furniture(line: str) -> bool:
    """True for a whole line of page furniture ("Support SouthFront", "2 min read")."""
    return bool(_patterns().article_furniture.fullmatch(line.strip()))


def _is_paragraph(line: str) -> bool:
    words = len(line.split())
    return len(line) >= _PARAGRAPH_CHARS or (words >= _PARAGRAPH_WORDS and line.rstrip()[-1:] in '.!?"”:')


def _is_headline(line: str) -> bool:
    words = len(line.split())
    return _HEADLINE_WORDS[0] <= words <= _HEADLINE_WORDS[1] and not _is_paragraph(line)


def split_comments(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split lines at the first comment-thread marker."""
    start = _patterns().comment_start
    for index, line in enumerate(lines):
        if start.fullmatch(line.strip()):
            return lines[:index], lines[index:]
    return lines, []


def comment_paragraphs(lines: list[str]) -> tuple[str, ...]:
    """Comments as paragraphs, with the comment system's own furniture removed."""
    patterns = _patterns()
    comments: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        stripped = line.strip()
        if not stripped:
            if current:
                comments.append(" ".join(current))
                current = []
            continue
        if patterns.comment_start.fullmatch(stripped) or patterns.comment_furniture.fullmatch(stripped):
            continue
        current.append(stripped)
    return tuple(comments)


def _join_paragraphs(lines: list[str]) -> str:
    """Keep one blank line between paragraphs, whatever the capture had."""
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        if stripped:
            out.append(stripped)
        elif out and out[-1] != "":
            out.append("")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


def clean_capture(text: str, *, title: str | None = None) -> Cleaned:
    """Read a text capture of a web page into title, body, dateline and comments.

    With a known ``title`` (from the user), only that line is taken as the
    headline; if it is not in the text, nothing before the article is dropped.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    article, thread = split_comments(lines)

    first_paragraph = next((i for i, line in enumerate(article) if line.strip() and _is_paragraph(line)), len(article))
    title_index = None
    # A headline heads an article: with no paragraph after it, there is none to find.
    search_from = first_paragraph - 1 if first_paragraph < len(article) else -1
    for index in range(search_from, -1, -1):
        line = article[index].strip()
        if title is not None:
            if line == title.strip():
                title_index = index
                break
        elif line and not is_furniture(line) and parse_date(line) is None and _is_headline(line):
            title_index = index
            break
    if title_index is not None:
        title = article[title_index].strip()

    published: DateValue | None = None
    body: list[str] = []
    seen_after_title = 0
    start = 0 if title_index is None else title_index + 1
    for line in article[start:]:
        stripped = line.strip()
        if not stripped:
            body.append("")
            continue
        seen_after_title += 1
        if title is not None and stripped == title:
            continue  # the headline repeated as an image caption or share text
        date = parse_date(stripped)
        if date is not None:
            if published is None and seen_after_title <= _DATELINE_WINDOW:
                published = date
            continue
        if is_furniture(stripped):
            continue
        body.append(stripped)
    if not any(line for line in body) and title is not None:
        # Everything was headline: keep the words as the body rather than lose them.
        return Cleaned(None, title, comment_paragraphs(thread), published)
    return Cleaned(title, _join_paragraphs(body), comment_paragraphs(thread), published)


def drop_furniture(text: str) -> str:
    """Remove furniture lines from text another extractor already cleaned."""
    return _join_paragraphs([line for line in text.split("\n") if not is_furniture(line)])
