"""Data Athar ships: registries, lexicons, the gazetteer and models, read through ``importlib.resources``."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def actors_toml() -> dict[str, Any]:
    """The actor registry (``actors.toml``), parsed once: extraction, the gazetteer's cues and the source
    registry's checks all read it. Shared, so read it only: never change what it returns."""
    return tomllib.loads(resources.files(__name__).joinpath("actors.toml").read_text(encoding="utf-8"))
