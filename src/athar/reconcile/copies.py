"""Copies: a sentence one report took from another (a wire story reprinted, lightly edited).

Most of what outlets publish about an air strike is a wire story, reprinted
with a word changed here and there ("IS" for "ISIL", "told AFP" for "said"),
often without naming the wire. Two such sentences are one statement: they tell
one incident however their reports' other sentences date or place it, and they
count as one originator, not two.

Two sentences are copies when their words overlap by at least ``COPY_LIKENESS``
of all the words either uses (Jaccard), and the shorter has at least
``MIN_WORDS`` words: short sentences ("The Observatory reported heavy clashes
in the area.") recur across unrelated reports. Words are letters and digits,
case and accents folded, of three characters or more (so "the", "of", "al" and
single digits weigh nothing), in any script.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

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
    return shorter >= MIN_WORDS and shorter >= COPY_LIKENESS * longer and likeness(a, b) >= COPY_LIKENESS


def copy_groups(texts: Sequence[frozenset[str]], keys: Iterable[str]) -> list[int]:
    """Number the items so that copies, and items of the same key (the same cited source), share a number.

    Copies of copies join too: a wire story edited twice is still one story.
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
    for n in range(len(texts)):
        for m in range(n):
            if root(n) != root(m) and are_copies(texts[n], texts[m]):
                parent[root(n)] = root(m)
    return [root(n) for n in range(len(texts))]
