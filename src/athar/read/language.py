"""Detect a document's language with py3langid (a model shipped in the package)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

MIN_LETTERS = 20
MIN_PROBABILITY = 0.5
# Characters classified: py3langid walks them byte by byte in Python, and a few
# sentences of news text already settle the language.
SAMPLE_CHARS = 600


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """Return an ISO 639-1 code, or None when the text is too short or mixed to tell."""
    sample = text[:SAMPLE_CHARS]
    if sum(map(str.isalpha, sample)) < MIN_LETTERS:
        return None
    code, probability = _identifier().classify(sample)
    return str(code) if probability >= MIN_PROBABILITY else None
