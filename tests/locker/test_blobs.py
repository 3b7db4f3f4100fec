import io
import os

import pytest

from athar.locker.blobs import BlobStore, TooLarge
from athar.records import sha256_hex


def test_staged_bytes_are_named_by_their_hash_and_stored_read_only(tmp_path):
    store = BlobStore(tmp_path)
    staged = store.stage(io.BytesIO(b"report"), max_bytes=100)
    assert staged.sha256 == sha256_hex(b"report")
    store.commit([staged])
    path = store.path(staged.sha256)
    assert path.read_bytes() == b"report"
    assert not os.stat(path).st_mode & 0o222
    assert list(store.iter_hashes()) == [staged.sha256]
    assert not list(store.tmp.iterdir())


def test_identical_bytes_are_stored_once(tmp_path):
    store = BlobStore(tmp_path)
    first = store.stage(io.BytesIO(b"same"), max_bytes=100)
    second = store.stage(io.BytesIO(b"same"), max_bytes=100)
    store.commit([first, second])
    assert list(store.iter_hashes()) == [first.sha256]
    assert not list(store.tmp.iterdir())


def test_too_large_stream_is_hashed_whole_but_not_kept(tmp_path):
    store = BlobStore(tmp_path)
    data = b"z" * 5000
    with pytest.raises(TooLarge) as caught:
        store.stage(io.BytesIO(data), max_bytes=1000)
    assert caught.value.sha256 == sha256_hex(data)
    assert caught.value.size == 5000
    assert not list(store.tmp.iterdir())


def test_temporary_files_of_dead_processes_are_removed(tmp_path):
    store = BlobStore(tmp_path)
    (store.tmp / "999999999-deadbeef").write_bytes(b"half")
    (store.tmp / f"{os.getpid()}-mine").write_bytes(b"in use")
    assert store.remove_stale_tmp() == 1
    assert [p.name for p in store.tmp.iterdir()] == [f"{os.getpid()}-mine"]
