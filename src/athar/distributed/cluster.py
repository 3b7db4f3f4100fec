"""Connect to a Dask scheduler, or start a local cluster of worker processes."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

logger = logging.getLogger(__name__)


@contextmanager
def open_client(*, scheduler: str | None = None, workers: int | None = None) -> Iterator[Any]:
    """A ``distributed.Client``: to ``scheduler`` if given, else to a new local cluster of ``workers`` processes.

    A local cluster binds its scheduler to 127.0.0.1 with no dashboard, runs one
    thread per worker process (the stages hold the GIL), and is shut down on exit.
    """
    # distributed ships no annotations for Client and LocalCluster.
    from distributed import Client, LocalCluster

    if logging.getLogger().getEffectiveLevel() > logging.INFO:
        logging.getLogger("distributed").setLevel(logging.ERROR)  # its INFO lines drown the command's output
    if scheduler:
        client = Client(scheduler)  # type: ignore[no-untyped-call]
        try:
            yield client
        finally:
            client.close()  # type: ignore[no-untyped-call]
        return
    count = max(1, workers or 1)
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=count,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        worker_dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    try:
        with Client(cluster) as client:  # type: ignore[no-untyped-call]
            yield client
    finally:
        cluster.close()


def worker_count(client: Any) -> int:
    """How many worker threads the cluster has now (at least 1)."""
    info = client.scheduler_info()
    threads: int = sum(w.get("nthreads", 1) for w in info.get("workers", {}).values())
    return max(1, threads)
