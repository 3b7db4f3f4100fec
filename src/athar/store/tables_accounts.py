"""Tables of the web application's accounts and sessions (issue 6): registered on the shared metadata."""

from __future__ import annotations

from athar.store.schema import metadata  # noqa: F401  (tables below register on it)
