"""A local Dask cluster for the module's tests: two worker processes on loopback, shut down afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def dask_client() -> Iterator[Any]:
    from athar.distributed import open_client

    with open_client(workers=2) as client:
        yield client
