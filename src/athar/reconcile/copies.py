"""Copies: a sentence one report took from another (a wire story reprinted, lightly edited).

Most of what outlets publish about an air strike is a wire story, reprinted
with a word changed here and there ("IS" for "ISIL", "told AFP" for "said"),
often without naming the wire. Two such sentences are one statement: they tell
one incident however their reports' other sentences date or place it, and they
count as one originator, not two.

Two sentences are copies when their words overlap by at least
``COPY_LIKENESS`` of all the words either uses (Jaccard), and the shorter has
at least ``MIN_WORDS`` words: short sentences ("The Observatory reported heavy
clashes in the area.") recur across unrelated reports. Words are letters and
digits, case and accents folded, of three characters or more, in any script.
Callers say what else two copies must agree on (``copy_groups``' ``agree``):
a template filled in with another toll ("… killing 3 civilians" and "…
killing 5 civilians") is another statement.

Finding copies among many sentences uses prefix filtering (Bayardo et al.,
"Scaling up all pairs similarity search", WWW 2007): two sets this alike
share a word among the first few of each, in one fixed order of words, so
only sentences that do are compared.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Sequence

from athar.geo.normalize import fold

COPY_LIKENESS = 0.6
MIN_WORDS = 8

_WORD = re.compile(r"\w{3,}")


@functools.lru_cache(maxsize=1 << 16)
def words(text: str) -> frozenset[str]:
    """The words a sentence is compared by."""
    return frozenset(_WORD.findall(text.lower() if text.isascii() else fold(text)))


def likeness(a: frozenset[str], b: frozenset[str]) -> float:
    """The share of the words either sentence uses that both use (0 to 1)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def are_copies(a: frozenset[str], b: frozenset[str]) -> bool:
    shorter, longer = sorted((len(a), len(b)))
    # Sentences of very different lengths cannot share enough words: no need to compare them.
    if shorter < MIN_WORDS or shorter < COPY_LIKENESS * longer:
        return False
    return likeness(a, b) >= COPY_LIKENESS


@functools.lru_cache(maxsize=1 << 16)
def _prefix(found: frozenset[str]) -> tuple[str, ...]:
    """The words a copy must share at least one of: the first of the set in a fixed order (longest first,
    as long words are the rare ones), as many as its size less the overlap a copy needs, plus one."""
    ordered = sorted(found, key=lambda w: (-len(w), w))
    return tuple(ordered[: len(ordered) - math.ceil(COPY_LIKENESS * len(ordered)) + 1])


class CopyIndex:
    """Sentences by the words of their prefixes, to find the ones a sentence may copy without comparing all."""

    def __init__(self) -> None:
        self._by_word: dict[str, list[int]] = {}
        self._words: list[frozenset[str]] = []

    def add(self, found: frozenset[str]) -> None:
        """Index a sentence's words, as the next number."""
        n = len(self._words)
        self._words.append(found)
        if len(found) >= MIN_WORDS:
            for word in _prefix(found):
                self._by_word.setdefault(word, []).append(n)

    def candidates(self, found: frozenset[str]) -> list[int]:
        """The numbers of the indexed sentences that ``found`` may be a copy of, in order."""
        if len(found) < MIN_WORDS:
            return []
        return sorted({n for word in _prefix(found) for n in self._by_word.get(word, ())})

    def is_copy(self, found: frozenset[str], n: int) -> bool:
        return are_copies(found, self._words[n])


def copy_groups(
    texts: Sequence[frozenset[str]], keys: Iterable[str], agree: Callable[[int, int], bool] | None = None
) -> list[int]:
    """Number the items so that copies, and items of the same key (the same cited source), share a number.

    Copies of copies join too: a wire story edited twice is still one story. ``agree(n, m)``, if given,
    must also hold for items ``n`` and ``m`` to be copies.
    """
    parent = list(range(len(texts)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    first: dict[str, int] = {}
    for n, key in enumerate(keys):
        parent[root(n)] = root(first.setdefault(key, n))
    index = CopyIndex()
    for n, found in enumerate(texts):
        for m in index.candidates(found):
            # Only what could join two groups needs comparing: a story reprinted a thousand times stays linear.
            if root(m) != root(n) and index.is_copy(found, m) and (agree is None or agree(n, m)):
                parent[root(n)] = root(m)
        index.add(found)
    return [root(n) for n in range(len(texts))]
