"""Places: the gazetteer and the resolver that finds places named in text.

Public API:

- ``find_places(text, *, context=None, gazetteer=None) -> list[PlaceMention]``
- ``load_gazetteer(extra=(), *, shipped=True) -> Gazetteer`` and ``default_gazetteer(workspace=None)``
- ``import_geonames(path, alternate_names=None, *, dest) -> ImportResult``
- ``precision_of(place, relation=None) -> int``: 1 the place itself, 2 near it or a district, 3 the governorate
"""

from __future__ import annotations

from athar.geo.gazetteer import Gazetteer, default_gazetteer, imported_files, load_gazetteer
from athar.geo.geonames_import import ImportResult, import_geonames
from athar.geo.resolver import ResolveContext, find_places, precision_of

__all__ = [
    "Gazetteer",
    "ImportResult",
    "ResolveContext",
    "default_gazetteer",
    "find_places",
    "import_geonames",
    "imported_files",
    "load_gazetteer",
    "precision_of",
]
