"""Reconciliation in parts that run apart (on Dask workers) and merge into exactly ``reconcile``'s incidents.

Why the parts are exact. ``cluster_claims`` puts a claim into an incident only
if it is compatible with *every* member, and two things about compatibility
hold whatever else it weighs (places, wording):

- **kind**: claims with different ``partition_key`` never tell one incident;
- **time**: the days of every pair of members overlap. Claims are taken in
  order of their first possible day; where every claim before a point has
  ended before the next claim's first day, every incident opened before it is
  closed for good, so the claims after it form a part of their own (a "time
  cut"). A claim dated only by a year, or a dense run of undated claims
  (each spanning the week before its report), leaves fewer cuts. The claims
  of one report that join an incident together (``told_together``) overlap
  in time, so no cut parts them.

Denials attach across kinds to any incident at the same place and time: each
goes, in input order, to every part whose days it overlaps, where
``_attach_denials`` itself attaches it (or not). Loose claims (people
killed at a place by means unnamed, and allegations) join one incident, the
one told most like them: that choice needs every part's clusters, so the merge
makes it, with ``_attach_loose`` on the clusters rebuilt from the parts. A
part returns its clusters with their incidents. The merge puts clusters in the order one
``cluster_claims`` run creates them (undated claims first, as given, then by
the time order of each cluster's first claim), then does what needs the
whole: analysts' merges and splits (the clusters they change are merged
again), stable ids for every incident (``assign_ids``), grades, corrections
and publication (``amend``), and the date order. The result equals
``reconcile(...)``, ids included (tests/distributed compares them).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from athar.reconcile.incidents import (
    Cluster,
    _attach_denials,
    _attach_loose,
    _merge,
    _span,
    assign_ids,
    cluster_claims,
    loose,
    order,
    partition_key,
    reconciled,
    with_document_places,
)
from athar.reconcile.sources import SourceRegistry, load_registry
from athar.records import Claim, DateValue, Decision, Incident

if TYPE_CHECKING:
    from athar.reconcile.rebuild import Reconciliation
    from athar.workspace import Workspace

_PLACEHOLDER = "-"

Mapper = Callable[[Callable[[Any], Any], Sequence[Any]], list[Any]]
SortKey = tuple[int, Any]


def serial_mapper(function: Callable[[Any], Any], tasks: Sequence[Any]) -> list[Any]:
    """Run the parts one after another in this process."""
    return [function(task) for task in tasks]


def dask_mapper(client: Any) -> Mapper:
    """Run the parts on the workers of a ``distributed.Client``, results in task order."""

    def run(function: Callable[[Any], Any], tasks: Sequence[Any]) -> list[Any]:
        if not tasks:
            return []
        sent = client.scatter(list(tasks), hash=False)
        futures = client.map(function, sent, pure=False)
        try:
            return list(client.gather(futures))
        finally:
            client.cancel(futures + sent)

    return run


# -- the plan ------------------------------------------------------------------------


@dataclass
class Block:
    """Claims that reconcile alone: one ``partition_key``, a stretch of time that no incident outlives."""

    claims: list[Claim] = field(default_factory=list)
    denials: list[Claim] = field(default_factory=list)
    first: dt.date = dt.date.max
    last: dt.date = dt.date.min
    # Claims with no days to compare (no date, no dated report): one cluster each, as cluster_claims makes them.
    alone: bool = False


@dataclass
class Task:
    """What one worker reconciles: some blocks, and the publication dates their claims need."""

    blocks: list[Block]
    published: dict[str, DateValue]
    registry: SourceRegistry | None = None


@dataclass(frozen=True)
class Part:
    """One cluster a worker made: where it stands in the order, its members, and its incident (id to come)."""

    key: SortKey
    claims: tuple[str, ...]
    denials: tuple[str, ...]
    incident: Incident


@dataclass
class Plan:
    blocks: list[Block]
    published: Mapping[str, DateValue]


def plan(claims: Sequence[Claim], published: Mapping[str, DateValue]) -> Plan:
    """Cut the claims into blocks that reconcile independently (see the module docstring)."""
    undated = Block(alone=True)
    groups: dict[str, list[tuple[tuple[Any, ...], tuple[dt.date, dt.date], Claim]]] = defaultdict(list)
    denials: list[tuple[tuple[dt.date, dt.date], Claim]] = []
    for claim in claims:
        if claim.kind == "denial":
            span = _span(claim, published.get(claim.document_id))
            if span is not None:  # an undated denial of an undated report attaches to nothing
                denials.append((span, claim))
            continue
        if claim.kind != "incident" or not claim.event_type:
            continue
        span = _span(claim, published.get(claim.document_id))
        if span is None:
            undated.claims.append(claim)
        else:
            groups[partition_key(claim)].append((order(claim, span), span, claim))
    blocks: list[Block] = [undated]
    timed: list[Block] = []
    for _key, members in sorted(groups.items()):
        members.sort(key=lambda m: m[0])
        block = Block()
        for _order_key, span, claim in members:
            if block.claims and block.last < span[0]:  # every incident opened so far is closed
                timed.append(block)
                block = Block()
            block.claims.append(claim)
            block.first = min(block.first, span[0])
            block.last = max(block.last, span[1])
        timed.append(block)
    timed.sort(key=lambda b: b.first)
    starts = [b.first for b in timed]
    for span, denial in denials:  # in input order, as _attach_denials takes them
        for block in timed[: bisect.bisect_right(starts, span[1])]:
            if block.last >= span[0]:
                block.denials.append(denial)
    return Plan([b for b in blocks + timed if b.claims], published)


def tasks(found: Plan, count: int, registry: SourceRegistry | None = None) -> list[Task]:
    """Pack the blocks into ``count`` tasks of about the same number of claims (largest first)."""
    count = max(1, count)
    bins: list[list[Block]] = [[] for _ in range(count)]
    loads = [0] * count
    for block in sorted(found.blocks, key=lambda b: -len(b.claims)):
        n = loads.index(min(loads))
        bins[n].append(block)
        loads[n] += len(block.claims) + len(block.denials)
    out = []
    for blocks in bins:
        if not blocks:
            continue
        docs = {c.document_id for b in blocks for c in b.claims + b.denials}
        out.append(Task(blocks, {d: found.published[d] for d in docs if d in found.published}, registry))
    return out


# -- a part, on a worker ---------------------------------------------------------------


def reconcile_task(task: Task) -> list[Part]:
    """Cluster each block, attach its denials, and merge each cluster into an incident (its id comes later)."""
    registry = task.registry or load_registry()
    parts: list[Part] = []
    for block in task.blocks:
        if block.alone:
            for claim in block.claims:
                span = _span(claim, task.published.get(claim.document_id))
                key: SortKey = (0, claim.id) if span is None else (1, order(claim, span))
                incident = _merge(Cluster([claim]), registry, _PLACEHOLDER, task.published)
                parts.append(Part(key, (claim.id,), (), incident))
            continue
        clusters = cluster_claims(block.claims, task.published)
        _attach_denials(block.denials, clusters, task.published)
        for cluster in clusters:
            head = cluster.claims[0]
            parts.append(
                Part(
                    (1, order(head, cluster.spans[0])),
                    tuple(c.id for c in cluster.claims),
                    tuple(d.id for d in cluster.denials),
                    _merge(cluster, registry, _PLACEHOLDER, task.published),
                )
            )
    return parts


# -- the merge -----------------------------------------------------------------------


def reconcile_partitioned(
    claims: Iterable[Claim],
    published: Mapping[str, DateValue],
    *,
    registry: SourceRegistry | None = None,
    decisions: Sequence[Decision] = (),
    previous: Mapping[str, str] | None = None,
    mapper: Mapper = serial_mapper,
    parts: int = 8,
) -> list[Incident]:
    """What ``reconcile`` returns for the same arguments, computed in ``parts`` tasks run by ``mapper``."""
    from athar.reconcile.decisions import amend, regroup

    # As reconcile does first: the claims it takes, and a report's place for its unplaced claims.
    everything = with_document_places(reconciled(claims), published)
    position = {c.id: n for n, c in enumerate(everything)}
    work = tasks(plan(everything, published), parts, registry)
    made: list[Part] = [p for result in mapper(reconcile_task, work) for p in result]
    # The order one cluster_claims run creates clusters in: undated claims as given, then by first claim.
    made.sort(key=lambda p: (0, position[p.key[1]]) if p.key[0] == 0 else p.key)
    by_id = {c.id: c for c in everything}
    registry = registry or load_registry()
    incidents: list[Incident | None] = [p.incident for p in made]
    clusters: list[Cluster] | None = None
    joining = [c for c in everything if loose(c)]
    if joining or any(d.action in ("merge", "split") for d in decisions):
        # Loose claims join incidents of any kind, and analysts' merges and splits need the clusters
        # themselves: the clusters they change are merged again.
        originals = [_rebuild_cluster(p, by_id, published) for p in made]
        kept = {id(k): (_members(k), p.incident) for k, p in zip(originals, made, strict=True)}
        _attach_loose(joining, originals, published)
        clusters = regroup(list(originals), decisions)
        incidents = []
        for cluster in clusters:
            members, incident = kept.get(id(cluster), (None, None))
            incidents.append(incident if members == _members(cluster) else None)
        groups = [k.claims + k.denials for k in clusters]
    else:
        groups = [[by_id[i] for i in p.claims + p.denials] for p in made]
    ids = assign_ids(groups, previous or {}, decisions)
    merged: list[Incident] = []
    for n, (incident, new_id) in enumerate(zip(incidents, ids, strict=True)):
        if incident is None:
            assert clusters is not None
            merged.append(_merge(clusters[n], registry, new_id, published))
        else:
            merged.append(replace(incident, id=new_id))
    merged = amend(merged, decisions)
    return sorted(merged, key=lambda i: (i.date.first_day or dt.date.max, i.id))


def _members(cluster: Cluster) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(c.id for c in cluster.claims), tuple(c.id for c in cluster.denials)


def _rebuild_cluster(part: Part, by_id: Mapping[str, Claim], published: Mapping[str, DateValue]) -> Cluster:
    cluster = Cluster([by_id[i] for i in part.claims], denials=[by_id[i] for i in part.denials])
    for claim in cluster.claims:
        span = _span(claim, published.get(claim.document_id))
        if span is not None:
            cluster.spans.append(span)
    return cluster


def rebuild_partitioned(workspace: Workspace, *, mapper: Mapper = serial_mapper, parts: int = 8) -> Reconciliation:
    """``athar.reconcile.rebuild.rebuild`` with the incidents reconciled in parts by ``mapper``."""
    from athar.reconcile.rebuild import rebuild

    return rebuild(workspace, partitioned=functools.partial(reconcile_partitioned, mapper=mapper, parts=parts))
