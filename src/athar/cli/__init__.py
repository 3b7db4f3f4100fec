"""The command line: one verb per user task, a thin shell over the library.

Each module here holds the verbs of one task; importing them registers
them on the ``athar`` group defined in :mod:`athar.cli.base`.
"""

from athar.cli import claims, evidence, export, incidents, ingest, media, places, sources, web  # noqa: F401  (registers verbs)
from athar.cli.base import cli, main

__all__ = ["cli", "main"]
