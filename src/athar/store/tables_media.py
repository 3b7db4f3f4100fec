"""Tables of the media side (issue 7): registered on the shared metadata by ``athar.store.schema``."""

from __future__ import annotations

from athar.store.schema import metadata  # noqa: F401  (tables below register on it)
