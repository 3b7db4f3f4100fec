"""`athar serve` and `athar user`: the web application and its accounts (issue 6)."""

from __future__ import annotations
