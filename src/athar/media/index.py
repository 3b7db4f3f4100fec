"""Find PDQ hashes near a query among millions: a multi-index on hash segments.

The 256-bit hash is cut into 16 segments of 16 bits. Two hashes within
distance ``r`` of each other differ in at most ``r // 16`` bits of at least
one segment (pigeonhole: 16 segments each differing by more would add up to
more than ``r``). So each segment keeps its values sorted, a query probes
every value within ``r // 16`` bits of its own segment (17 values a segment
for r = 31), and only the hashes found that way are compared in full. The
answer is exact: the same hashes a comparison with every stored one finds.
"""

from __future__ import annotations

from itertools import combinations
from typing import cast

import numpy as np

SEGMENTS = 16
_SEGMENT_BITS = 16
# Past this many flipped bits a segment, probing costs more than comparing everything.
_MAX_PROBE_FLIPS = 2


def to_array(hexes: list[str], nbytes: int = 32) -> np.ndarray:
    """Hex hashes as rows of bytes (``nbytes`` a row)."""
    if not hexes:
        return np.zeros((0, nbytes), dtype=np.uint8)
    return np.frombuffer(bytes.fromhex("".join(hexes)), dtype=np.uint8).reshape(-1, nbytes)


def distances(stored: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Hamming distance from ``query`` (one row of bytes) to every row of ``stored``."""
    if len(stored) == 0:
        return np.zeros(0, dtype=np.int64)
    words = stored.shape[1] // 8
    a = np.ascontiguousarray(stored).view(np.uint64).reshape(-1, words)
    b = np.ascontiguousarray(query).view(np.uint64).reshape(words)
    return cast(np.ndarray, np.bitwise_count(a ^ b).sum(axis=1, dtype=np.int64))


class MultiIndex:
    """An exact radius search over 256-bit hashes (rows of 32 bytes)."""

    def __init__(self, hashes: np.ndarray) -> None:
        self.hashes = np.ascontiguousarray(hashes, dtype=np.uint8).reshape(-1, 32)
        segments = self.hashes.view(">u2").reshape(-1, SEGMENTS)
        self.order = [np.argsort(segments[:, j], kind="stable").astype(np.int64) for j in range(SEGMENTS)]
        self.sorted = [segments[self.order[j], j] for j in range(SEGMENTS)]

    @classmethod
    def from_order(cls, hashes: np.ndarray, order: list[np.ndarray]) -> MultiIndex:
        """An index whose per-segment orders were computed before (a saved catalog): no sorting."""
        index = cls.__new__(cls)
        index.hashes = np.ascontiguousarray(hashes, dtype=np.uint8).reshape(-1, 32)
        segments = index.hashes.view(">u2").reshape(-1, SEGMENTS)
        index.order = order
        index.sorted = [segments[order[j], j] for j in range(SEGMENTS)]
        return index

    def __len__(self) -> int:
        return len(self.hashes)

    def search(self, query: np.ndarray, radius: int) -> tuple[np.ndarray, np.ndarray]:
        """Row numbers within ``radius`` bits of ``query``, and their distances (nearest first)."""
        query = np.ascontiguousarray(query, dtype=np.uint8).reshape(32)
        flips = radius // SEGMENTS
        if flips > _MAX_PROBE_FLIPS or len(self) == 0:
            found = np.arange(len(self))
        else:
            masks = _flip_masks(flips)
            pieces: list[np.ndarray] = []
            for j, value in enumerate(query.view(">u2")):
                probes = np.unique(np.uint16(value) ^ masks)
                lo = np.searchsorted(self.sorted[j], probes, side="left")
                hi = np.searchsorted(self.sorted[j], probes, side="right")
                pieces.extend(self.order[j][a:b] for a, b in zip(lo, hi, strict=True) if b > a)
            if not pieces:
                return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
            found = np.unique(np.concatenate(pieces))
        near = distances(self.hashes[found], query)
        keep = near <= radius
        found, near = found[keep], near[keep]
        order = np.argsort(near, kind="stable")
        return found[order], near[order]


def _flip_masks(flips: int) -> np.ndarray:
    """Every 16-bit mask with at most ``flips`` bits set."""
    masks = [0]
    for count in range(1, flips + 1):
        for bits in combinations(range(_SEGMENT_BITS), count):
            masks.append(sum(1 << b for b in bits))
    return np.array(masks, dtype=np.uint16)
