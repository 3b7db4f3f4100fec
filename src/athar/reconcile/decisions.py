"""Analysts' decisions on incidents: merge, split, grade, correct, publish — each with its reason.

A decision is stored once (append-only, sealed in the custody log) and
re-applied after every reconciliation, so it survives re-runs and new
reports. Decisions are anchored on claims: a merge names the claims of every
incident merged, a split the claims split off, a grade or correction the
claims of the incident it was made on. Whatever grouping a re-run produces,
the decision finds its incident again through those claims.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from athar.errors import InputError
from athar.reconcile.incidents import half_up
from athar.records import DECISION_ACTIONS, Attribution, Count, DateValue, Decision, Incident, PlaceMention, utc_now

if TYPE_CHECKING:
    from athar.reconcile.incidents import Cluster
    from athar.workspace import Workspace

logger = logging.getLogger(__name__)

GRADES = ("confirmed", "fair", "weak", "contested", "discounted")
CORRECTABLE = ("event_type", "sub_event_type", "date", "location", "killed", "injured", "perpetrator")
_COUNT = re.compile(r"^\s*(\d+)\s*(?:[-–]\s*(\d+))?\s*$")


# -- applying decisions (called by reconcile) ----------------------------------------


def regroup(clusters: list[Cluster], decisions: Sequence[Decision]) -> list[Cluster]:
    """Apply merges and splits, in the order they were made, to the clusters of a fresh run."""
    from athar.reconcile.incidents import Cluster

    for decision in sorted(decisions, key=lambda d: d.seq):
        if decision.action == "merge":
            wanted = set(decision.claims) | set(decision.other_claims)
            joined = [k for k in clusters if any(c.id in wanted for c in k.claims + k.denials)]
            if len(joined) < 2:
                continue
            into = joined[0]
            for other in joined[1:]:
                into.claims += other.claims
                into.spans += other.spans
                into.denials += other.denials
                clusters.remove(other)
        elif decision.action == "split":
            # Spans served the clustering that is done by now: they are not carried into the parts.
            wanted = set(decision.claims)
            part = Cluster()
            for cluster in clusters:
                moving = [c for c in cluster.claims + cluster.denials if c.id in wanted]
                staying = [c for c in cluster.claims if c.id not in wanted]
                if not moving or not staying:
                    continue
                if not any(c.kind == "incident" for c in staying):
                    # All it tells is split off: the blame and denials left tell nothing, and are detached.
                    cluster.claims = [c for c in cluster.claims if c.id in wanted]
                    cluster.spans, cluster.denials = [], [c for c in cluster.denials if c.id in wanted]
                    continue
                part.claims += [c for c in cluster.claims if c.id in wanted]
                part.denials += [c for c in cluster.denials if c.id in wanted]
                cluster.claims, cluster.spans = staying, []
                cluster.denials = [c for c in cluster.denials if c.id not in wanted]
            # Allegations or denials split off alone tell no incident: they are detached.
            if any(c.kind == "incident" for c in part.claims):
                clusters.append(part)
    return clusters


def _anchor(incidents: Sequence[Incident], decision: Decision) -> int | None:
    """The incident a decision was made on: same id if it still exists, else the one holding most of its claims
    where they are most of that incident's. An incident graded and then merged into a larger one does not pass its
    grade on: "discounted" was said of its reports, not of the other incident's."""
    for n, incident in enumerate(incidents):
        if incident.id == decision.incident_id:
            return n
    wanted = set(decision.claims)
    shared = Counter({n: len(wanted.intersection(i.claims)) for n, i in enumerate(incidents)})
    best = shared.most_common(1)
    if not best or not best[0][1]:
        return None
    at, held = best[0]
    return at if 2 * held > len(incidents[at].claims) else None


def amend(incidents: list[Incident], decisions: Sequence[Decision]) -> list[Incident]:
    """Apply grades, corrections and publication, in order; every incident lists the decisions that shaped it."""
    touched: dict[int, list[int]] = {}
    for decision in sorted(decisions, key=lambda d: d.seq):
        if decision.action in ("merge", "split"):
            # A split shapes the incident its claims left as much as the one they make.
            wanted = set(decision.claims) | set(decision.other_claims)
            for n, incident in enumerate(incidents):
                if wanted.intersection(incident.claims) or incident.id == decision.incident_id:
                    touched.setdefault(n, []).append(decision.seq)
            continue
        at = _anchor(incidents, decision)
        if at is None:
            continue  # its claims are gone (their documents were extracted anew and say otherwise)
        try:
            incidents[at] = _apply(incidents[at], decision)
        except InputError as error:
            # Recorded before the checks it now fails (or the incident changed under it): kept in the log, shown
            # as not applied, never stopping a run.
            logger.warning("decision #%d is not applied to incident %s: %s", decision.seq, incidents[at].id, error)
            continue
        touched.setdefault(at, []).append(decision.seq)
    for n, seqs in touched.items():
        incidents[n] = replace(incidents[n], decisions=tuple(sorted(set(seqs))))
    return incidents


# How an analyst's word is signed where sources are listed ("said_by"): "ana (analyst, decision #5)".
_ANALYST = "(analyst, decision #"


def by_analyst(attribution: Attribution) -> bool:
    """Whether an analyst named this perpetrator (``athar incident correct … perpetrator``)."""
    return any(_ANALYST in source for source in attribution.sources)


def _apply(incident: Incident, decision: Decision) -> Incident:
    who = f"{decision.actor} {_ANALYST}{decision.seq})"
    value = decision.value or ""
    if decision.action == "grade":
        # Contested says the sources disagree, whatever the grade; an analyst who finds them competing says so too.
        contested = incident.contested or value == "contested"
        reason = f"set by {who}: {decision.reason}"
        return replace(incident, grade=value, grade_reason=reason, contested=contested)  # type: ignore[arg-type]
    if decision.action == "publish":
        return replace(incident, public=value == "true")
    field = decision.field
    if field == "event_type":
        event_type = _acled_type(value, subs=False)
        if _type_of(incident.sub_event_type) != event_type:
            # An incident has a sub-event type of its type; the sub-event type names the type it belongs to.
            raise InputError(
                "ATH261",
                reason=f"event_type {event_type!r} does not hold the incident's sub_event_type "
                f"{incident.sub_event_type!r}: correct sub_event_type instead (it sets its type)",
            )
        return replace(incident, event_type=event_type)
    if field == "sub_event_type":
        sub = _acled_type(value, subs=True)
        return replace(incident, event_type=_type_of(sub) or incident.event_type, sub_event_type=sub)
    if field == "date":
        return replace(incident, date=parse_date(value))
    if field in ("killed", "injured"):
        count = parse_count(value)
        best = half_up(((count.min or 0) + (count.max or count.min or 0)) / 2)
        # A source that later gives a figure outside the analyst's range is shown, not silently overruled.
        told = incident.killed if field == "killed" else incident.injured
        outside = _outside(told, count)
        if outside:
            incident = replace(
                incident,
                grade_reason=f"{incident.grade_reason}; the sources' {field} ({outside}) is outside the analyst's "
                f"{count.text or value} (decision #{decision.seq})",
            )
        if field == "killed":
            return replace(incident, killed=count, killed_best=best)
        return replace(incident, injured=count, injured_best=best)
    if field == "location":
        return replace(incident, place=PlaceMention.from_dict(_place_json(value)))
    if field == "perpetrator":
        # The analyst's perpetrator comes first and is the one exports name (ACLED's actor1); the sources'
        # attributions stay beside it, as evidence. A name the actors' table knows is written as the table writes
        # it ("the regime" is Military Forces of Syria), so that it is the sources' actor, not one beside it.
        from athar.extract.actors import normalise_actor

        value = normalise_actor(value) or value.strip()
        same = next((a for a in incident.perpetrators if a.actor == value), None)
        kept = tuple(a for a in incident.perpetrators if a is not same)
        # The sources that named it and those that deny it stay on it: the analyst's word is added, not swapped in.
        named = Attribution(value, (who, *(same.sources if same else ())), same.denied_by if same else ())
        return replace(incident, perpetrators=(named, *kept))
    return incident


def _outside(told: Count | None, analyst: Count) -> str:
    """The sources' range where it reaches outside the analyst's, in words ("12–18"), else ""."""
    if told is None or told.min is None or analyst.min is None:
        return ""
    high = told.max if told.max is not None else told.min
    if told.min >= analyst.min and (analyst.max is None or high <= analyst.max):
        return ""
    return str(told.min) if high == told.min else f"{told.min}–{high}"


# -- parsing what analysts type ------------------------------------------------------


def _acled_type(value: str, *, subs: bool) -> str:
    """ACLED's name of an event type (or, ``subs``, a sub-event type), in any case; else a one-line error."""
    from athar.extract.event_types import taxonomy

    names = [n for e in taxonomy().event_types for n in ([s.name for s in e.sub_event_types] if subs else [e.name])]
    found = next((n for n in names if n.casefold() == value.strip().casefold()), None)
    if found is None:
        kind = "sub_event_type" if subs else "event_type"
        raise InputError("ATH261", reason=f"{kind} {value!r} is not ACLED's; known: {', '.join(names)}")
    return found


def _type_of(sub_event_type: str | None) -> str | None:
    """The ACLED event type a sub-event type belongs to."""
    from athar.extract.event_types import taxonomy

    return next(
        (e.name for e in taxonomy().event_types if any(s.name == sub_event_type for s in e.sub_event_types)), None
    )


def parse_date(value: str) -> DateValue:
    try:
        return DateValue.parse(value)
    except ValueError as error:
        raise InputError("ATH261", reason=f"date {error}") from None


def parse_count(value: str) -> Count:
    match = _COUNT.match(value)
    if not match:
        raise InputError("ATH261", reason=f"count {value!r}: write a number (7) or a range (3-8)")
    low, high = int(match[1]), int(match[2] or match[1])
    if high < low:
        raise InputError("ATH261", reason=f"count {value!r}: the range runs backwards")
    return Count(low, high, "exact" if low == high else "range", value)


def _place_json(value: str) -> dict[str, object]:
    """The gazetteer place an analyst names (by id or by any spelling), as a mention of the whole name."""
    from athar.geo import default_gazetteer, find_places, precision_of

    gazetteer = default_gazetteer()
    place = gazetteer.get(value)
    if place is None:
        found = find_places(value, gazetteer=gazetteer)
        place = found[0].place if found else None
    if place is None:
        raise InputError("ATH261", reason=f"location {value!r}: no such place in the gazetteer (try `athar places`)")
    # A gazetteer Place has no precision of its own: the whole name, rated as the resolver rates it.
    precision = precision_of(place)
    return {"text": value, "start": 0, "end": len(value), "place": place.to_dict(), "precision": precision}


# -- recording decisions -------------------------------------------------------------


def decide(
    workspace: Workspace,
    action: str,
    incident_id: str,
    *,
    reason: str,
    actor: str | None = None,
    others: Sequence[str] = (),
    claims: Sequence[str] = (),
    field: str | None = None,
    value: str | None = None,
) -> Decision:
    """Record an analyst's decision in the custody log, then reconcile again so it shows at once.

    Raises :class:`InputError` (one clear line) when the decision cannot be
    made as asked, and :class:`NotFoundError` for an unknown incident.
    """
    from athar.reconcile.rebuild import rebuild

    db = workspace.db
    if action not in DECISION_ACTIONS:
        raise InputError("ATH261", reason=f"unknown action {action!r}: use one of {', '.join(DECISION_ACTIONS)}")
    if not reason or not reason.strip():
        raise InputError("ATH261", reason="every decision needs a reason (it is kept in the custody log)")
    if any("\x00" in text for text in (reason, value or "", field or "")):
        raise InputError("ATH261", reason="a NUL character cannot be stored; remove it")
    incident = db.find_incident(incident_id)
    other_claims: list[str] = []
    if action == "merge":
        if not others:
            raise InputError("ATH261", reason="merge: name the incident(s) to merge into this one")
        merged = [db.find_incident(other_id) for other_id in others]
        if any(other.id == incident.id for other in merged):
            raise InputError("ATH261", reason="merge: an incident cannot be merged with itself")
        others = [other.id for other in merged]  # the full ids, though typed as prefixes
        other_claims = [claim for other in merged for claim in other.claims]
    elif action == "split":
        unknown = sorted(set(claims) - set(incident.claims))
        if not claims or unknown:
            raise InputError(
                "ATH261", reason=f"split: name claims of incident {incident.id} to split off (not its: {unknown})"
            )
        if set(claims) >= set(incident.claims):
            raise InputError("ATH261", reason="split: leave at least one claim in the incident")
    elif action == "grade":
        field = "grade"
        if value not in GRADES:
            raise InputError("ATH261", reason=f"grade {value!r}: use one of {', '.join(GRADES)}")
    elif action == "publish":
        field = "public"
        value = "false" if str(value).lower() in ("false", "0", "no") else "true"
    elif action == "correct":
        if field not in CORRECTABLE:
            raise InputError("ATH261", reason=f"correct {field!r}: fields are {', '.join(CORRECTABLE)}")
        if not value:
            raise InputError("ATH261", reason=f"correct {field}: give the corrected value")
        _apply(incident, Decision(0, "correct", incident.id, reason, "", "", field=field, value=value))  # validates
    decision = Decision(
        seq=0,
        action=action,  # type: ignore[arg-type]
        incident_id=incident.id,
        reason=reason.strip(),
        actor=actor or workspace.actor,
        at=utc_now(),
        claims=tuple(claims) if action == "split" else incident.claims,
        others=tuple(others),
        other_claims=tuple(other_claims),
        field=field,
        value=value,
    )
    _rehearse(workspace, decision)
    stored = db.add_decision(decision)
    rebuild(workspace)
    return stored


def _rehearse(workspace: Workspace, decision: Decision) -> None:
    """Apply the decision in memory first: one that cannot be applied is refused, not stored for good."""
    from athar.reconcile.incidents import reconcile

    db = workspace.db
    earlier = db.decisions()
    trial = dataclasses.replace(decision, seq=max((d.seq for d in earlier), default=0) + 1)
    try:
        reconcile(db.iter_claims(), db.published_dates(), decisions=[*earlier, trial], stored=list(db.iter_incidents()))
    except Exception as error:  # a bug in applying it must not poison every later run
        reason = f"{decision.action} could not be applied ({error}); nothing was recorded"
        raise InputError("ATH261", reason=reason) from error
