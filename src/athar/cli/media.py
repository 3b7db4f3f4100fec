"""`athar media`: photos and video as evidence (issue 7)."""

from __future__ import annotations
