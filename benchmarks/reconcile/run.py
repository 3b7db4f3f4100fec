"""Reconciliation speed and memory, and what it makes of real multi-outlet reporting.

    python benchmarks/reconcile/run.py [--copies 1 5 20] [--ucdp 10000 25000 50000 100000]

FA-KES: reads FA-KES dev (../shared/data/fakes: 603 articles from 15 outlets),
extracts their claims once, then reconciles them, and copies of them shifted
by whole years (so each copy's incidents are new ones), to show how the cost
grows.

UCDP: generates incident claims from the UCDP GED events of 2016-2018
(../shared/data/ucdp_syria: 14,538 events), one to four sources per event
with each source's own toll inside UCDP's low-high range, the event's place
and day, copied ten years apart until there are enough; then reconciles the
first N claims, once more with the stored incidents' ids (a re-run), and
after the newest 1 % of reports arrive: a full run and an incremental one.
Link precision and recall are measured by benchmarks/reconcile/clusters.py.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import platform
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from athar.extract.claims import extract_claims
from athar.geo import default_gazetteer
from athar.reconcile.incidents import reconcile
from athar.records import Claim, Count, DateValue, Place, PlaceMention

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks" / "extract"))
from run import FAKES, _document  # noqa: E402  (the extraction benchmark's corpus reader)


def _shift(value: DateValue | None, years: int) -> DateValue | None:
    if value is None or value.value is None:
        return value
    return DateValue(str(int(value.value[:4]) + years) + value.value[4:], value.precision)


UCDP = ROOT.parent / "shared" / "data" / "ucdp_syria" / "ged191_syria_2016-2018.csv"
_TYPES = {
    "1": ("Explosions/Remote violence", "Air/drone strike"),
    "2": ("Battles", "Armed clash"),
    "3": ("Violence against civilians", "Attack"),
}
_SOURCES = ("AFP", "Reuters", "Syrian Observatory for Human Rights", "SANA", "Al Jazeera", "SNHR", "Enab Baladi")


def ucdp_claims(limit: int) -> tuple[list[Claim], dict[str, DateValue]]:
    """Incident claims as several sources would report the UCDP events (deterministic)."""
    with open(UCDP, encoding="utf-8") as stream:
        events = list(csv.DictReader(stream))
    claims: list[Claim] = []
    published: dict[str, DateValue] = {}
    copy = 0
    while len(claims) < limit:
        for event in events:
            key = int(float(event["id"]))
            day = dt.date.fromisoformat(event["date_start"]) + dt.timedelta(days=3653 * copy)
            place = Place(
                id=f"ucdp:{event['where_coordinates']}",
                name=event["where_coordinates"],
                latitude=float(event["latitude"]),
                longitude=float(event["longitude"]),
                kind="town",
                country="SY",
                admin1=event["adm_1"].removesuffix(" Governorate"),
            )
            low = int(float(event["low"]))
            high = max(low, int(float(event["high"])))
            event_type, sub_type = _TYPES.get(event["type_of_violence"][:1], _TYPES["1"])
            for n in range(1 + (key + copy) % 4):
                doc_id = f"ucdp-{key}-{copy}-{n}"
                published[doc_id] = DateValue((day + dt.timedelta(days=n % 2)).isoformat(), "day")
                toll = low + (key * (n + 1)) % (high - low + 1)
                claims.append(
                    Claim(
                        id=f"{doc_id}:0",
                        document_id=doc_id,
                        kind="incident",
                        start=0,
                        end=1,
                        text=event["source_headline"][:200],
                        source=_SOURCES[(key + n) % len(_SOURCES)],
                        event_type=event_type,
                        sub_event_type=sub_type,
                        date=DateValue(day.isoformat(), "day"),
                        places=(PlaceMention(event["where_coordinates"], 0, 1, place, int(event["where_prec"][:1])),),
                        killed=Count(toll, toll),
                    )
                )
                if len(claims) >= limit:
                    return claims, published
        copy += 1
    return claims, published


def run_ucdp(sizes: list[int]) -> None:
    print("\nUCDP-generated incident claims (see the module docstring):\n")
    print(
        "| claims | incidents | seconds | claims/s | re-run with stored ids | ids kept "
        "| +1 % newest reports: full | incremental | same result | process peak RSS |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |")
    for size in sizes:
        claims, published = ucdp_claims(size)
        started = time.perf_counter()
        found = reconcile(claims, published)
        seconds = time.perf_counter() - started
        previous = {c: i.id for i in found for c in i.claims}
        started = time.perf_counter()
        again = reconcile(claims, published, previous=previous)
        rerun = time.perf_counter() - started
        kept = len({i.id for i in found} & {i.id for i in again})
        # The newest 1 % of reports arrive after the rest were reconciled.
        order = sorted({c.document_id for c in claims}, key=lambda d: (published[d].value or "", d))
        late = set(order[-max(1, len(order) // 100) :])
        earlier = reconcile([c for c in claims if c.document_id not in late], published)
        started = time.perf_counter()
        full = reconcile(claims, published, previous={c: i.id for i in earlier for c in i.claims})
        full_s = time.perf_counter() - started
        started = time.perf_counter()
        incremental = reconcile(claims, published, stored=earlier)
        incremental_s = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"| {size:,} | {len(found):,} | {seconds:.1f} | {size / seconds:,.0f} | {rerun:.1f} s | "
            f"{kept / len(found):.1%} | {full_s:.1f} s | {incremental_s:.1f} s | "
            f"{'yes' if full == incremental else 'NO'} "
            f"| {peak:.0f} MiB |",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, nargs="*", default=[1, 5, 20])
    parser.add_argument("--ucdp", type=int, nargs="*", default=[])
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout
    print(
        f"# reconcile benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, commit {commit.strip()}, "
        f"Python {platform.python_version()} on {platform.machine()}"
    )
    if args.ucdp:
        if not UCDP.exists():
            raise SystemExit("needs ../shared/data/ucdp_syria")
        run_ucdp(args.ucdp)
    if not args.copies:
        return
    if not FAKES.exists():
        raise SystemExit("needs ../shared/data/fakes")
    with open(FAKES, encoding="utf-8", errors="replace") as stream:
        rows = list(csv.DictReader(stream))
    gazetteer = default_gazetteer()
    claims: list[Claim] = []
    published: dict[str, DateValue] = {}
    for n, row in enumerate(rows):
        month, day, year = (int(x) for x in row["date"].split("/"))
        doc = _document(f"fakes-{n}", row["article_content"], f"{year:04d}-{month:02d}-{day:02d}", row["source"])
        published[doc.id] = doc.published
        claims.extend(extract_claims(doc, gazetteer=gazetteer))
    print(
        f"\nFA-KES dev: {len(rows)} articles, {len(claims)} claims "
        f"({sum(c.kind == 'incident' for c in claims)} incident claims)\n"
    )
    print("| copies | claims | incidents | seconds | claims/s | process peak RSS |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for copies in args.copies:
        batch: list[Claim] = []
        dates: dict[str, DateValue] = {}
        for k in range(copies):
            for claim in claims:
                doc_id = f"{claim.document_id}~{k}"
                batch.append(
                    dataclasses.replace(
                        claim, id=f"{claim.id}~{k}", document_id=doc_id, date=_shift(claim.date, 10 * k) or claim.date
                    )
                )
                dates[doc_id] = _shift(published[claim.document_id], 10 * k) or published[claim.document_id]
        started = time.perf_counter()
        found = reconcile(batch, dates)
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"| {copies} | {len(batch):,} | {len(found):,} | {seconds:.1f} | {len(batch) / seconds:,.0f} | "
            f"{peak:.0f} MiB |",
            flush=True,
        )
        if copies == args.copies[0]:
            grades = Counter(i.grade for i in found)
            sizes = Counter(min(len(i.claims), 5) for i in found)
    print(f"\ngrades (first run): {dict(sorted(grades.items()))}")
    print(f"claims per incident (5 = five or more): {dict(sorted(sizes.items()))}")


if __name__ == "__main__":
    main()
