"""A small trained classifier of ACLED sub-event types, run with numpy only.

The weights are data (``data/models/event_types.json``), written by
``scripts/train_event_types.py`` from the CASE 2021 development rows and ACLED's definitions:
word unigrams and bigrams, sublinear tf-idf, L2 norm, multinomial logistic regression. It is
weak on its own (trained on 175 examples) and backs up the rules only where they name no event
(:func:`athar.extract.event_types.classify_event_backed`). The class ``(none)`` means "no ACLED
event": the model may abstain too.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

PRODUCED_BY = "extract.event_model.v1"
NONE = "(none)"
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)  # as scripts/train_event_types.py


@dataclass(frozen=True)
class _Model:
    classes: tuple[str, ...]
    index: dict[str, int]
    idf: np.ndarray
    coef: np.ndarray  # classes x terms
    intercept: np.ndarray


@lru_cache(maxsize=1)
def _model() -> _Model | None:
    path = resources.files("athar.data").joinpath("models/event_types.json")
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return _Model(
        classes=tuple(data["classes"]),
        index={term: i for i, term in enumerate(data["vocabulary"])},
        idf=np.asarray(data["idf"], dtype=np.float64),
        coef=np.asarray(data["coef"], dtype=np.float64),
        intercept=np.asarray(data["intercept"], dtype=np.float64),
    )


def _terms(text: str) -> list[str]:
    words = [w.lower() for w in _TOKEN.findall(text)]
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def predict(text: str) -> tuple[str, float] | None:
    """The most probable sub-event type (or ``(none)``) and its probability; None without a model."""
    model = _model()
    if model is None:
        return None
    counts: dict[int, int] = {}
    for term in _terms(text):
        i = model.index.get(term)
        if i is not None:
            counts[i] = counts.get(i, 0) + 1
    scores = model.intercept.copy()
    if counts:
        ids = np.fromiter(counts, dtype=np.int64)
        weights = np.array([1.0 + math.log(counts[i]) for i in counts]) * model.idf[ids]
        weights /= np.linalg.norm(weights)
        scores = scores + model.coef[:, ids] @ weights
    scores = np.exp(scores - scores.max())
    probs = scores / scores.sum()
    best = int(probs.argmax())
    return model.classes[best], float(probs[best])
