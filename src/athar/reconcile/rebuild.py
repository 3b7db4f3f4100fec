"""One reconciliation over the store: claims in, incidents and figure series out, sealed in custody."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from athar.reconcile.figures import figure_series
from athar.reconcile.incidents import reconcile
from athar.records import CustodyEvent

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


def rebuild(workspace: Workspace) -> Reconciliation:
    """Reconcile every stored claim, re-apply every analyst's decision, and store the result.

    Incidents keep their ids across runs (see ``assign_ids``); the whole
    result replaces the last one and one custody entry seals it.
    """
    db = workspace.db
    published = db.published_dates()
    previous = db.incident_of_claims()
    claims = list(db.iter_claims())
    found = reconcile(claims, published, decisions=db.decisions(), previous=previous)
    series = figure_series(claims, published)
    entry = db.replace_incidents(found, series, actor=workspace.actor)
    before = set(previous.values())
    return Reconciliation(
        incidents=len(found),
        grades=dict(Counter(i.grade for i in found)),
        series=len(series),
        kept_ids=sum(i.id in before for i in found),
        entry=entry,
    )
