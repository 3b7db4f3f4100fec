"""Near-duplicates across the archive: which held photos and videos look like this one.

A picture matches a held one when their PDQ hashes are within
``pdq_match_distance`` bits (31 of 256, Meta's threshold) and both hashes are
reliable (quality above 49), or, as the second signal, when their pHashes are
within ``phash_match_distance`` bits of 64. A video is a bag of frame hashes:
it matches another video when at least ``video_match_fraction`` of the
shorter one's frames match some frame of the other (re-encoded, re-sized and
trimmed copies do); a photo matches a video when it matches any frame.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from athar.media.index import MultiIndex, distances, to_array
from athar.media.records import FrameHash, Match
from athar.settings import MediaSettings
from athar.store.database import Database


@dataclass
class _Hits:
    frames: set[int] = field(default_factory=set)
    pdq: int | None = None
    phash: int | None = None
    at_s: float | None = None
    reliable: bool = False


def cache_path(root: Path) -> Path:
    """Where a workspace keeps its saved catalog (derived, disposable)."""
    return root / "cache" / "media-hashes.npz"


class Catalog:
    """Every stored hash in memory: a multi-index over PDQ, plain arrays for pHash and the rest.

    Hashes added after loading (this run's items) are searched one by one
    until the next load: rebuilding the index for each would cost more.
    """

    def __init__(
        self, owners: list[str], pdqs: list[str], phashes: list[str], qualities: list[int], times: list[float | None]
    ) -> None:
        items: dict[str, int] = {}
        numbers = [items.setdefault(sha, len(items)) for sha in owners]
        self._set(
            list(items),
            np.array(numbers, dtype=np.int64),
            to_array(pdqs),
            to_array(phashes, nbytes=8),
            np.array(qualities, dtype=np.int64),
            np.array([np.nan if t is None else t for t in times], dtype=np.float64),
        )

    def _set(
        self,
        items: list[str],
        owner: np.ndarray,
        pdq: np.ndarray,
        phash: np.ndarray,
        quality: np.ndarray,
        time_s: np.ndarray,
        index: MultiIndex | None = None,
    ) -> None:
        self.items = items
        self._item_number = {sha: n for n, sha in enumerate(items)}
        counts = np.bincount(owner, minlength=len(items)) if len(owner) else np.zeros(len(items), dtype=np.int64)
        self.frame_counts: dict[str, int] = defaultdict(int, zip(items, counts.tolist(), strict=True))
        self.owner, self.pdq, self.phash, self.quality, self.time_s = owner, pdq, phash, quality, time_s
        self.index = index if index is not None else MultiIndex(pdq)
        self._recent: list[tuple[str, FrameHash]] = []

    @classmethod
    def of(cls, rows: Iterable[tuple[str, FrameHash]]) -> Catalog:
        """A catalog of these (item, hash) pairs."""
        pairs = list(rows)
        return cls(
            [sha for sha, _ in pairs],
            [h.pdq for _, h in pairs],
            [h.phash for _, h in pairs],
            [h.quality for _, h in pairs],
            [h.time_s for _, h in pairs],
        )

    @classmethod
    def load(cls, db: Database, *, cache: Path | None = None) -> Catalog:
        """Every hash the database holds; from ``cache`` (an .npz file) while the table has not changed.

        The cache is derived and disposable: it is rebuilt when its stamp (row count, last row id)
        differs from the table's, or when it cannot be read. Evidence never depends on it.
        """
        with db.engine.connect() as conn:
            count, last = conn.exec_driver_sql("SELECT count(*), max(id) FROM media_hashes").one()
        stamp = np.array([count, last or 0], dtype=np.int64)
        if cache is not None and (saved := _read_cache(cache, stamp)) is not None:
            return saved
        # Plain SQL, no per-row type processing: this is the part that grows with the archive.
        query = "SELECT item_sha256, pdq, phash, quality, time_s FROM media_hashes ORDER BY id"
        with db.engine.connect() as conn:
            rows = conn.exec_driver_sql(query).fetchall()
        columns: list[Iterable[Any]] = list(zip(*rows, strict=True)) if rows else [[], [], [], [], []]
        catalog = cls(*(list(c) for c in columns))
        if cache is not None and len(rows) == count:
            catalog._write_cache(cache, stamp)
        return catalog

    def _write_cache(self, path: Path, stamp: np.ndarray) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(temporary, "wb") as out:
            np.savez(
                out,
                stamp=stamp,
                items=np.array(self.items, dtype="U71"),
                owner=self.owner,
                pdq=self.pdq,
                phash=self.phash,
                quality=self.quality,
                time_s=self.time_s,
                order=np.stack(self.index.order).astype(np.int32) if len(self.pdq) else np.zeros((16, 0), np.int32),
            )
        os.replace(temporary, path)

    def __len__(self) -> int:
        return len(self.owner) + len(self._recent)

    def add(self, sha: str, hashes: tuple[FrameHash, ...]) -> None:
        """Make an item just analysed findable (for later inputs of the same run)."""
        for h in hashes:
            self._recent.append((sha, h))
            self.frame_counts[sha] += 1

    def similar(
        self, hashes: tuple[FrameHash, ...], *, settings: MediaSettings, exclude: str | None = None
    ) -> list[Match]:
        """Held items that match these hashes (an image's one, or a video's frames), closest first."""
        hits: dict[str, _Hits] = defaultdict(_Hits)
        floor = settings.pdq_unreliable_quality
        for number, query in enumerate(hashes):
            q_pdq, q_phash = to_array([query.pdq])[0], to_array([query.phash], nbytes=8)[0]
            rows, near = self.index.search(q_pdq, settings.pdq_match_distance)
            ph_all = distances(self.phash, q_phash)
            by_phash = np.nonzero(ph_all <= settings.phash_match_distance)[0]
            candidates = dict(zip(rows.tolist(), near.tolist(), strict=True))
            for row in by_phash.tolist():
                candidates.setdefault(row, int(distances(self.pdq[row : row + 1], q_pdq)[0]))
            found: list[tuple[str, int, int, int, float | None]] = [
                (self.items[self.owner[row]], pdq, int(ph_all[row]), int(self.quality[row]), float(self.time_s[row]))
                for row, pdq in candidates.items()
            ]
            for sha, h in self._recent:
                found.append((sha, _distance(h.pdq, query.pdq), _distance(h.phash, query.phash), h.quality, h.time_s))
            for sha, pdq, phash, quality, time_s in found:
                if sha == exclude:
                    continue
                pdq_ok = pdq <= settings.pdq_match_distance and quality > floor and query.quality > floor
                if not pdq_ok and phash > settings.phash_match_distance:
                    continue
                hit = hits[sha]
                hit.frames.add(number)
                hit.reliable = hit.reliable or pdq_ok
                if hit.pdq is None or pdq < hit.pdq:
                    hit.pdq = pdq
                    hit.at_s = None if time_s is None or time_s != time_s else time_s
                hit.phash = phash if hit.phash is None else min(hit.phash, phash)
        matches = []
        for sha, hit in hits.items():
            theirs = self.frame_counts.get(sha, 1)
            shorter = min(len(hashes), theirs)
            match = Match(
                item_sha256=sha,
                pdq_distance=hit.pdq,
                phash_distance=hit.phash,
                frames_matched=len(hit.frames),
                frames=len(hashes),
                at_s=hit.at_s if theirs > 1 else None,
                reliable=hit.reliable,
            )
            if len(hashes) == 1 or theirs == 1 or len(hit.frames) >= settings.video_match_fraction * shorter:
                matches.append(match)
        return sorted(matches, key=lambda m: (-m.fraction, m.pdq_distance or 0, m.item_sha256))


def _read_cache(path: Path, stamp: np.ndarray) -> Catalog | None:
    """The saved catalog, if it was saved from the table as it is now."""
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as saved:
            if not np.array_equal(saved["stamp"], stamp):
                return None
            pdq = saved["pdq"]
            catalog = Catalog.__new__(Catalog)
            catalog._set(
                saved["items"].tolist(),
                saved["owner"],
                pdq,
                saved["phash"],
                saved["quality"],
                saved["time_s"],
                MultiIndex.from_order(pdq, [row.astype(np.int64) for row in saved["order"]]),
            )
            return catalog
    except (OSError, ValueError, KeyError):  # damaged or from another version: rebuild it
        return None


def _distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()
