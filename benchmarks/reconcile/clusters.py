"""Incident clustering against hand-labelled multi-source clusters (issue 5's check).

    python benchmarks/reconcile/clusters.py [--distractors] [--show-errors] [--write]

The gold set (benchmarks/reconcile/clusters/gold.jsonl, see its README) lists
sentences of FA-KES articles and of the bundled seeds that report an incident,
each with a gold incident key. FA-KES texts are NOT in the repository: they are
read at run time from ../shared/data/fakes/fa-kes_dev.csv (research-use data
set); the gold file holds only row and unit ids, character offsets, a hash of
each sentence, the key and a note.

The benchmark builds a Document for every labelled article (as
benchmarks/extract/run.py does: Athar's text reader over ``article_content``,
published on the FA-KES date, the FA-KES outlet as outlet), runs Athar's claim
extraction on each, and reconciles ALL their claims together with
``athar.reconcile.incidents.reconcile``; with ``--distractors`` every other
FA-KES article (603 in all) is read, extracted and reconciled with them, as in
real use. Each gold sentence is then mapped to the incident(s) holding the
incident claims whose spans overlap it (by at least half of the shorter span,
so that a quote mark shared at a boundary does not count); a sentence that no
incident claim of an incident overlaps is its own singleton cluster and is
counted as an extraction miss.

Scores, for the dev part and the two held-out parts separately (the held-out
parts are the headline; only the dev part's errors may be looked at,
``--show-errors``). The second held-out part, round 3, was labelled from the
texts alone after the code of round 11 had been written (clusters/README.md):

- pairwise precision / recall / F1 of "same incident" links over all pairs of
  gold sentences, and over pairs from different documents only;
- B-cubed precision / recall / F1 (the extended B-cubed of Amigo et al. 2009,
  which reduces to the usual one when each sentence is in one incident);
- counts, and two baselines: "same FA-KES date and location" and "one incident
  per document".
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import platform
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from athar.extract.claims import extract_claims
from athar.geo import default_gazetteer
from athar.read.text import read_text, reading_from_text
from athar.reconcile.incidents import _kinds_fit, _overlap, _same_place, _span, reconcile, with_document_places
from athar.records import Claim, DateValue, Document, Incident

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent / "clusters"
GOLD = HERE / "gold.jsonl"
FAKES = ROOT.parent / "shared" / "data" / "fakes" / "fa-kes_dev.csv"
SEEDS = ROOT / "examples" / "seeds.jsonl"
RESULTS = Path(__file__).resolve().parent / "CLUSTERS_RESULTS.md"
PARTS = ("heldout", "round3", "dev")


@dataclass
class Sentence:
    """One gold sentence, and what the run made of it."""

    gold: dict
    doc_id: str
    start: int
    end: int
    text: str = ""
    incidents: frozenset[str] = frozenset()
    claims: list[Claim] = field(default_factory=list)
    miss: str = ""  # "", "no incident claim", "claims in no incident"

    @property
    def key(self) -> str:
        return self.gold["key"]

    @property
    def ident(self) -> str:
        return f"{self.doc_id}:{self.start}"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _fakes_document(n: int, row: dict[str, str]) -> Document:
    """The Document benchmarks/extract/run.py builds from a FA-KES row (same reader, id, date and outlet)."""
    month, day, year = (int(x) for x in row["date"].split("/"))
    reading = reading_from_text(row["article_content"], encoding="utf-8")
    return Document(
        id=f"fakes-{n}",
        item_sha256="sha256:-",
        content_sha256="sha256:-",
        body=reading.body,
        title=reading.title,
        outlet=row["source"],
        published=DateValue(f"{year:04d}-{month:02d}-{day:02d}", "day"),
        produced_by=reading.produced_by,
    )


def _seed_documents() -> dict[str, Document]:
    out = {}
    for line in SEEDS.read_text().splitlines():
        meta = json.loads(line)
        path = SEEDS.parent / meta["file"]
        reading = read_text(path.read_bytes(), name=path.name)
        out[meta["id"]] = Document(
            id=meta["id"],
            item_sha256="sha256:-",
            content_sha256="sha256:-",
            body=reading.body,
            title=reading.title,
            outlet=meta.get("outlet"),
            url=meta.get("url"),
            published=DateValue(meta.get("published"), meta.get("published_precision", "day")),
            produced_by=reading.produced_by,
        )
    return out


def _locate(gold: dict, body: str, source_text: str) -> tuple[int, int]:
    """The gold offsets in the body; if the reader changed the body, the sentence is looked up by its text."""
    start, end = gold["start"], gold["end"]
    if _sha(body[start:end]) == gold["sha256"]:
        return start, end
    sentence = source_text[start:end]
    if _sha(sentence) != gold["sha256"]:
        raise SystemExit(f"gold sentence does not match its source: {gold}")
    found = body.find(sentence)
    if found < 0:
        raise SystemExit(f"gold sentence not in the document body: {gold}")
    print(f"note: {gold.get('row', gold.get('seed'))} sentence moved {start} -> {found} in the body", file=sys.stderr)
    return found, found + len(sentence)


def load(distractors: bool) -> tuple[list[Sentence], list[Document], dict[str, dict[str, str]]]:
    gold = [json.loads(line) for line in GOLD.read_text().splitlines() if line.strip()]
    with open(FAKES, encoding="utf-8", errors="replace") as stream:
        rows = list(csv.DictReader(stream))
    labelled = {g["row"] for g in gold if g["source"] == "fakes"}
    docs: dict[str, Document] = {}
    meta: dict[str, dict[str, str]] = {}
    for n, row in enumerate(rows):
        if distractors or n in labelled:
            docs[f"fakes-{n}"] = _fakes_document(n, row)
            meta[f"fakes-{n}"] = row
    seeds = _seed_documents()
    docs.update(seeds)
    sentences = []
    for g in gold:
        if g["source"] == "fakes":
            row = rows[g["row"]]
            if row["unit_id"] != g["unit_id"]:
                raise SystemExit(f"FA-KES row {g['row']} is unit {row['unit_id']}, gold says {g['unit_id']}")
            doc = docs[f"fakes-{g['row']}"]
            start, end = _locate(g, doc.body, row["article_content"])
        else:
            doc = seeds[g["seed"]]
            start = g["start"] if doc.body[g["start"] : g["end"]] == g["text"] else doc.body.find(g["text"])
            if start < 0:
                raise SystemExit(f"seed sentence not in the document body: {g}")
            end = start + len(g["text"])
        sentences.append(Sentence(g, doc.id, start, end, doc.body[start:end]))
    return sentences, list(docs.values()), meta


def _overlaps(claim: Claim, s: Sentence) -> bool:
    """A claim tells a sentence when they share at least half of the shorter span (not a stray quote mark)."""
    shared = min(claim.end, s.end) - max(claim.start, s.start)
    return shared > 0 and 2 * shared >= min(claim.end - claim.start, s.end - s.start)


def run(sentences: list[Sentence], docs: list[Document]) -> tuple[list[Claim], list[Incident], float, float]:
    gazetteer = default_gazetteer()
    started = time.perf_counter()
    claims: list[Claim] = []
    for doc in docs:
        claims.extend(extract_claims(doc, gazetteer=gazetteer))
    extracted = time.perf_counter()
    incidents = reconcile(claims, {d.id: d.published for d in docs})
    reconciled = time.perf_counter()
    home: dict[str, set[str]] = defaultdict(set)
    for incident in incidents:
        for claim_id in incident.claims:
            home[claim_id].add(incident.id)
    by_doc: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.kind == "incident":
            by_doc[claim.document_id].append(claim)
    for s in sentences:
        s.claims = [c for c in by_doc[s.doc_id] if _overlaps(c, s)]
        s.incidents = frozenset(i for c in s.claims for i in home.get(c.id, ()))
        if not s.claims:
            s.miss = "no incident claim"
        elif not s.incidents:
            s.miss = "claims in no incident"
    return claims, incidents, extracted - started, reconciled - extracted


# --- scores -------------------------------------------------------------------------------------------


def _prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def pairwise(items: list[Sentence], predicted: Callable[[Sentence], frozenset[str]], cross: bool) -> tuple:
    tp = fp = fn = 0
    for a, b in combinations(items, 2):
        if cross and a.doc_id == b.doc_id:
            continue
        same_gold = a.key == b.key
        same_pred = bool(predicted(a) & predicted(b))
        tp += same_gold and same_pred
        fp += same_pred and not same_gold
        fn += same_gold and not same_pred
    return (*_prf(tp, fp, fn), tp, fp, fn)


def bcubed(items: list[Sentence], predicted: Callable[[Sentence], frozenset[str]]) -> tuple[float, float, float]:
    """Extended B-cubed (Amigo et al. 2009): gold is a partition, predictions may overlap."""
    precision = recall = 0.0
    for a in items:
        pa = predicted(a)
        p_num = p_den = r_num = r_den = 0.0
        for b in items:
            shared_pred = len(pa & predicted(b))
            shared_gold = int(a.key == b.key)
            if shared_pred:
                p_num += min(shared_pred, shared_gold) / shared_pred
                p_den += 1
            if shared_gold:
                r_num += min(shared_pred, shared_gold) / shared_gold
                r_den += 1
        precision += p_num / p_den
        recall += r_num / r_den
    p, r = precision / len(items), recall / len(items)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def athar_clusters(s: Sentence) -> frozenset[str]:
    return s.incidents or frozenset({"miss:" + s.ident})


def _baseline_date_place(s: Sentence) -> frozenset[str]:
    g = s.gold
    return frozenset({f"{g['fakes_date']}|{g['fakes_location']}" if g["source"] == "fakes" else s.doc_id})


def _baseline_document(s: Sentence) -> frozenset[str]:
    return frozenset({s.doc_id})


SYSTEMS: tuple[tuple[str, Callable[[Sentence], frozenset[str]]], ...] = (
    ("Athar (reconcile)", athar_clusters),
    ("baseline: same FA-KES date and location", _baseline_date_place),
    ("baseline: one incident per document", _baseline_document),
)


def score_table(by_part: dict[str, list[Sentence]], parts: tuple[str, ...] = PARTS) -> list[str]:
    lines = [
        "| part | system | pairwise P | pairwise R | pairwise F1 | cross-doc P | cross-doc R | cross-doc F1 "
        "| B-cubed P | B-cubed R | B-cubed F1 |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for part in parts:
        items = by_part[part]
        for name, system in SYSTEMS:
            pw = pairwise(items, system, cross=False)
            cd = pairwise(items, system, cross=True)
            b3 = bcubed(items, system)
            label = {"heldout": "**held-out**", "round3": "**held-out, round 3**"}.get(part, part)
            lines.append(
                f"| {label} | {name} | {pw[0]:.3f} | {pw[1]:.3f} | **{pw[2]:.3f}** | {cd[0]:.3f} | {cd[1]:.3f} "
                f"| {cd[2]:.3f} | {b3[0]:.3f} | {b3[1]:.3f} | **{b3[2]:.3f}** |"
            )
    return lines


def count_table(by_part: dict[str, list[Sentence]], parts: tuple[str, ...] = PARTS) -> list[str]:
    lines = [
        "| part | documents | sentences | gold clusters | of them multi-document | gold links (cross-doc) "
        "| predicted clusters | extraction misses: no incident claim | claims in no incident |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for part in parts:
        items = by_part[part]
        docs_of: dict[str, set[str]] = defaultdict(set)
        for s in items:
            docs_of[s.key].add(s.doc_id)
        links = sum(a.key == b.key for a, b in combinations(items, 2))
        cross = sum(a.key == b.key and a.doc_id != b.doc_id for a, b in combinations(items, 2))
        predicted = {c for s in items for c in athar_clusters(s)}
        misses = Counter(s.miss for s in items)
        lines.append(
            f"| {part} | {len({s.doc_id for s in items})} | {len(items)} | {len(docs_of)} "
            f"| {sum(len(d) > 1 for d in docs_of.values())} | {links} ({cross}) | {len(predicted)} "
            f"| {misses['no incident claim']} | {misses['claims in no incident']} |"
        )
    return lines


# --- errors (dev part only) ------------------------------------------------------------------------------


def _claim_line(c: Claim) -> str:
    place = c.place.place.name if c.place and c.place.place else (c.place.text if c.place else None)
    precision = c.place.precision if c.place else None
    return (
        f"{c.event_type}/{c.sub_event_type} date={c.date.value}({c.date.precision}) "
        f"place={place}(p{precision}) by={c.perpetrator}"
    )


def _show(s: Sentence, published: dict[str, DateValue], home: dict[str, set[str]]) -> None:
    pub = published[s.doc_id].value
    print(f"    [{s.doc_id} pub {pub}] {s.text[:220]}")
    for c in s.claims:
        print(f"        claim {c.id[:8]} {_claim_line(c)} -> {sorted(i[:8] for i in home.get(c.id, ())) or 'none'}")
    if s.miss:
        print(f"        ({s.miss})")


def missed_reasons(items: list[Sentence], claims: list[Claim], published: dict[str, DateValue]) -> Counter[str]:
    """Why each missed cross-document link was missed: the fewest rules any pair of the two sentences'
    claims breaks (type, date, place), or no incident claim at all, or none broken (the claims could
    share an incident but complete linkage or the choice between incidents kept them apart)."""
    placed = {c.id: c for c in with_document_places([c for c in claims if c.kind in ("incident", "denial")], published)}
    reasons: Counter[str] = Counter()
    for a, b in combinations(items, 2):
        if a.doc_id == b.doc_id or a.key != b.key or athar_clusters(a) & athar_clusters(b):
            continue
        if not a.claims or not b.claims:
            reasons["a sentence has no incident claim"] += 1
            continue
        best: list[str] | None = None
        for x, y in ((placed.get(x.id, x), placed.get(y.id, y)) for x in a.claims for y in b.claims):
            span_x, span_y = _span(x, published.get(x.document_id)), _span(y, published.get(y.document_id))
            broken = [] if _kinds_fit(x, y) else ["event type"]
            if span_x is None or span_y is None or not _overlap(span_x, span_y):
                broken.append("date")
            if not (x.place and y.place and x.place.place and y.place.place):
                broken.append("no place")
            elif not _same_place(x.place, y.place):
                broken.append("other place")
            if best is None or len(broken) < len(best):
                best = broken
        reasons[" + ".join(best or []) or "none broken: kept apart by linkage or choice"] += 1
    return reasons


def show_errors(
    items: list[Sentence], published: dict[str, DateValue], incidents: list[Incident], claims: list[Claim]
) -> None:
    home: dict[str, set[str]] = defaultdict(set)
    for incident in incidents:
        for claim_id in incident.claims:
            home[claim_id].add(incident.id)
    print("\n## Dev-part errors (held-out errors are never shown)\n")
    reasons = missed_reasons(items, claims, published)
    total = sum(reasons.values())
    print(f"### Missed cross-document links ({total}) by what their closest claims disagree on\n")
    print("| reason | links | share |\n| --- | ---: | ---: |")
    for reason, n in reasons.most_common():
        print(f"| {reason} | {n} | {n / total:.1%} |")
    print()
    by_key: dict[str, list[Sentence]] = defaultdict(list)
    for s in items:
        by_key[s.key].append(s)
    print("### Split: one gold incident spread over several predicted clusters\n")
    for key, members in sorted(by_key.items()):
        groups: dict[frozenset[str], list[Sentence]] = defaultdict(list)
        for s in members:
            groups[athar_clusters(s)].append(s)
        if len({c for s in members for c in athar_clusters(s)}) > 1 and not all(
            athar_clusters(a) & athar_clusters(b) for a, b in combinations(members, 2)
        ):
            print(f"  {key}  ({members[0].gold['note']})")
            for s in members:
                _show(s, published, home)
            print()
    print("### Merged: one predicted incident holding sentences of different gold incidents\n")
    by_incident: dict[str, list[Sentence]] = defaultdict(list)
    for s in items:
        for c in s.incidents:
            by_incident[c].append(s)
    for incident, members in sorted(by_incident.items()):
        keys = {s.key for s in members}
        if len(keys) > 1:
            print(f"  incident {incident[:8]} holds {len(keys)} gold incidents: {sorted(keys)}")
            for s in members:
                print(f"    <{s.key}>")
                _show(s, published, home)
            print()


# --- main -----------------------------------------------------------------------------------------------


def _iter_parts(sentences: Iterable[Sentence]) -> dict[str, list[Sentence]]:
    out: dict[str, list[Sentence]] = {p: [] for p in PARTS}
    for s in sentences:
        out[s.gold["part"]].append(s)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--distractors", action="store_true", help="also read and reconcile every other FA-KES article")
    parser.add_argument("--show-errors", action="store_true", help="print the dev part's errors (never the held-out's)")
    parser.add_argument("--write", action="store_true", help=f"write {RESULTS.relative_to(ROOT)}")
    parser.add_argument(
        "--part", choices=("dev", "both"), default="both", help="score the dev part only (while changing the code)"
    )
    args = parser.parse_args()
    if args.write and args.part != "both":
        parser.error("--write scores both parts")
    parts = PARTS if args.part == "both" else ("dev",)
    if not FAKES.exists():
        raise SystemExit(f"needs {FAKES} (FA-KES is read at run time and never copied into the repository)")
    sentences, docs, _meta = load(args.distractors)
    claims, incidents, t_extract, t_reconcile = run(sentences, docs)
    by_part = _iter_parts(sentences)
    parts = tuple(p for p in parts if by_part[p])
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    dirty = subprocess.run(["git", "status", "--porcelain", "src"], capture_output=True, text=True, cwd=ROOT).stdout
    command = "python benchmarks/reconcile/clusters.py" + (" --distractors" if args.distractors else "")
    out = [
        "# Incident clustering against hand-labelled clusters",
        "",
        f"`{command}` — {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, commit {commit.stdout.strip()}"
        + (" (with uncommitted changes in src/)" if dirty.strip() else "")
        + f", Python {platform.python_version()} on {platform.platform()} ({platform.machine()}).",
        "",
        f"Gold: {GOLD.relative_to(ROOT)} (see clusters/README.md). FA-KES texts read at run time from "
        f"../shared/data/fakes/fa-kes_dev.csv, not stored here. Documents read and reconciled together: "
        f"{len(docs)} ({'every FA-KES dev article' if args.distractors else 'the labelled articles'} and the 3 "
        f"seeds); {len(claims):,} claims ({sum(c.kind == 'incident' for c in claims):,} incident claims) "
        f"-> {len(incidents):,} incidents. Extraction {t_extract:.0f} s, reconciliation {t_reconcile:.1f} s.",
        "",
        "The **held-out** part is the headline (goal: pairwise and B-cubed F1 >= 0.90); only the dev part's "
        "errors may be looked at. *Cross-doc*: pairs of sentences from different documents only (the links "
        "reconciliation exists for). A gold sentence that no incident claim of an incident overlaps is its own "
        "predicted cluster. Precision is 1.000 by convention where a system predicts no link at all.",
        "",
        *score_table(by_part, parts),
        "",
        *count_table(by_part, parts),
    ]
    print("\n".join(out))
    if args.show_errors:
        show_errors(by_part["dev"], {d.id: d.published for d in docs}, incidents, claims)
    if args.write:
        RESULTS.write_text("\n".join(out) + "\n")
        print(f"\nwrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
