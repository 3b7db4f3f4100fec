"""Split a document body into sentences with character offsets (spaCy's sentencizer)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# A photo credit ends a caption that pages run into the text with no full stop: "Russian jets are seen at
# Hmeymim air base June 18 2016 (TRT World and Agencies) The death toll …". Not a bare dateline "(AFP)".
_PHOTO_CREDIT = re.compile(
    r"\((?:[^()]{0,60}\b(?:Agencies|Photos?|Images|Getty|File)\b|[^()]{0,40}/\s*(?:AFP|Reuters|AP|EPA|Anadolu))[^()]{0,30}\)"
    r"(?=\s+\S)"
)
# The rest of a credit whose "(" the sentence splitter left with the sentence before: "Agencies) At least 45 …".
_CREDIT_CLOSE = re.compile(
    r"[^()]{0,60}\b(?:Agencies|Photos?|Images|Getty|File|AFP|Reuters|AP|EPA|Anadolu)[^()]{0,10}\)(?=\s+\S)"
)


@lru_cache(maxsize=1)
def _nlp() -> Any:
    import spacy

    # A blank pipeline: tokenizer and rule-based sentence boundaries, no statistical model,
    # so that splitting stays cheaper than the rest of extraction.
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 5_000_000
    return nlp


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each sentence; paragraphs (blank lines) always end one."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n\n"):
        if paragraph.strip():
            for sent in _nlp()(paragraph).sents:
                start = offset + sent.start_char
                end = offset + sent.end_char
                while end > start and text[end - 1].isspace():
                    end -= 1
                if end > start:
                    spans.extend(_after_credits(text, start, end))
        offset += len(paragraph) + 2
    return spans


def _after_credits(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentence cut after each photo credit inside it, or after the close of one begun before it."""
    spans = []
    tail = _CREDIT_CLOSE.match(text, start, end)
    if tail is not None:
        spans.append((start, tail.end()))
        start = tail.end()
        while start < end and text[start].isspace():
            start += 1
    for credit in _PHOTO_CREDIT.finditer(text, start, end):
        spans.append((start, credit.end()))
        start = credit.end()
        while start < end and text[start].isspace():
            start += 1
    spans.append((start, end))
    return [(a, b) for a, b in spans if b > a]
