"""The multi-index finds exactly what comparing with every stored hash finds, faster."""

import numpy as np
import pytest

from athar.media.index import MultiIndex, distances, to_array
from athar.settings import MediaSettings


def planted(count=20_000, seed=7):
    """Random hashes, and for each of 50 of them a copy with 0..40 bits flipped."""
    rng = np.random.default_rng(seed)
    stored = rng.integers(0, 256, (count, 32), dtype=np.uint8)
    queries = []
    for row, flips in zip(rng.choice(count, 50, replace=False), rng.integers(0, 41, 50), strict=True):
        bits = np.unpackbits(stored[row])
        bits[rng.choice(256, int(flips), replace=False)] ^= 1
        queries.append(np.packbits(bits))
    return stored, queries


def test_radius_search_equals_brute_force():
    stored, queries = planted()
    index = MultiIndex(stored)
    for radius in (0, 15, 31, 40):
        for query in queries:
            rows, near = index.search(query, radius)
            expected = np.nonzero(distances(stored, query) <= radius)[0]
            assert sorted(rows.tolist()) == expected.tolist()
            assert near.tolist() == sorted(near.tolist())  # nearest first


def test_planted_copies_within_31_bits_are_found():
    stored, queries = planted()
    index = MultiIndex(stored)
    found = sum(len(index.search(q, 31)[0]) > 0 for q in queries)
    close = sum(int(distances(stored, q).min()) <= 31 for q in queries)
    assert found == close > 30


def test_wide_radius_falls_back_to_comparing_everything():
    stored, queries = planted(count=2_000)
    rows, _ = MultiIndex(stored).search(queries[0], 128)
    assert len(rows) == int((distances(stored, queries[0]) <= 128).sum()) > 0


def test_hex_round_trip_and_empty_index():
    hexes = ["00" * 31 + "01", "ff" * 32]
    array = to_array(hexes)
    assert bytes(array[1]).hex() == "ff" * 32
    assert distances(array, array[0]).tolist() == [0, 255]
    rows, near = MultiIndex(to_array([])).search(array[0], 31)
    assert len(rows) == len(near) == 0


def test_a_saved_catalog_is_used_until_the_table_changes(workspace, tmp_path, monkeypatch):
    from athar.media.records import FrameHash, MediaAnalysis
    from athar.media.similar import Catalog
    from athar.media.store import write_analysis

    def analyse(sha, pdq):
        hashes = (FrameHash(0, pdq, 90, "0" * 16),)
        write_analysis(workspace.db, MediaAnalysis(sha, "image", hashes), derived_items=[], document=None, actor="t")

    cache = tmp_path / "cache" / "media-hashes.npz"
    analyse("sha256:" + "a" * 64, "ab" * 32)
    first = Catalog.load(workspace.db, cache=cache)
    assert cache.is_file() and first.items == ["sha256:" + "a" * 64]
    with monkeypatch.context() as patched:
        patched.setattr(Catalog, "__init__", lambda *a: pytest.fail("read the table, not the saved catalog"))
        again = Catalog.load(workspace.db, cache=cache)  # from the file: same answers
    query = (FrameHash(0, "ab" * 31 + "aa", 90, "f" * 16),)
    assert [m.item_sha256 for m in again.similar(query, settings=MediaSettings())] == ["sha256:" + "a" * 64]
    assert again.index.order[0].tolist() == first.index.order[0].tolist()
    analyse("sha256:" + "b" * 64, "ab" * 31 + "ab")
    changed = Catalog.load(workspace.db, cache=cache)
    assert changed.items == ["sha256:" + "a" * 64, "sha256:" + "b" * 64]
    cache.write_bytes(b"damaged")
    assert len(Catalog.load(workspace.db, cache=cache)) == 2  # a damaged cache is rebuilt, never trusted
