"""Split a document body into sentences with character offsets (spaCy's sentencizer)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


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
                    spans.append((start, end))
        offset += len(paragraph) + 2
    return spans
