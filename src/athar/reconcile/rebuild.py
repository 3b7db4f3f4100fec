"""One reconciliation over the store: claims in, incidents and figure series out, sealed in custody."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from athar.reconcile.figures import figure_series
from athar.reconcile.incidents import NAME, reconcile
from athar.records import CustodyEvent, Incident

if TYPE_CHECKING:
    from athar.workspace import Workspace


@dataclass(frozen=True)
class Reconciliation:
    """What a run produced, for the command line to report."""

    incidents: int
    grades: dict[str, int]
    series: int
    kept_ids: int  # incidents that kept the id they had before this run
    entry: CustodyEvent
    unplaced: int = 0  # incidents with no place the gazetteer knows: each stays apart from every other


def rebuild(workspace: Workspace, *, partitioned: Callable[..., list[Incident]] | None = None) -> Reconciliation:
    """Reconcile every stored claim, re-apply every analyst's decision, and store the result.

    Incidents keep their ids across runs (see ``assign_ids``); the whole
    result replaces the last one and one custody entry seals it.
    ``partitioned`` reconciles in parts instead (``athar.reconcile.partitioned``:
    the same incidents, computed on Dask workers).
    """
    with workspace.db.reconciling():
        return _rebuild(workspace, partitioned)


def _rebuild(workspace: Workspace, partitioned: Callable[..., list[Incident]] | None) -> Reconciliation:
    db = workspace.db
    published = db.published_dates()
    stored = list(db.iter_incidents())
    claims = list(db.iter_claims())
    # Incremental when the last run was made by this version of the rules; else everything again.
    incremental = bool(stored) and all(i.produced_by == NAME for i in stored)
    previous = {claim_id: i.id for i in stored for claim_id in i.claims}
    if partitioned is not None:
        found = partitioned(claims, published, decisions=db.decisions(), previous=previous)
    else:
        found = reconcile(
            claims, published, decisions=db.decisions(), previous=previous, stored=stored if incremental else None
        )
    series = figure_series(claims, published)
    entry = db.replace_incidents(found, series, actor=workspace.actor)
    before = {i.id for i in stored}
    return Reconciliation(
        incidents=len(found),
        grades=dict(Counter(i.grade for i in found)),
        series=len(series),
        kept_ids=sum(i.id in before for i in found),
        entry=entry,
        unplaced=sum(i.place is None or i.place.place is None for i in found),
    )
