"""Run the pipeline on a Dask cluster (``dask.distributed``): many cores, one custody chain.

``athar ingest --workers N`` starts a local cluster of N worker processes;
``athar ingest --scheduler tcp://HOST:PORT`` uses an existing one. Workers need
only the package and the workspace (the evidence store's folder and the
database, both under the same path or URL as on the driver).

Who does what:

- **workers** stage and hash inputs into the store's ``tmp/`` folder, read them
  into documents (the same ``Ingest`` code as a single process, with its
  writes handed back instead of done), then find the claims and places of
  stored documents, loading them from the database by id;
- **the driver** (the ``athar`` process) is the only writer: it moves staged
  files into the store, writes each batch in one transaction that extends the
  custody chain under the database's write lock, and reports an input only
  after that commit, exactly as a single process does. A ``kill -9`` of the
  driver leaves whole transactions; running the same command again finishes
  the rest (half-read items are completed, unextracted documents extracted).

Reconciliation is partitioned by event type, place and time so that each part
can be reconciled on a worker with the same result as the whole
(``athar.reconcile.partitioned``).
"""

from __future__ import annotations

from athar.distributed.cluster import open_client

__all__ = ["open_client"]
