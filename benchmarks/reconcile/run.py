"""Reconciliation speed and memory, and what it makes of real multi-outlet reporting.

    python benchmarks/reconcile/run.py [--copies 1 5 20]

Reads FA-KES dev (../shared/data/fakes: 603 articles from 15 outlets), extracts
their claims once, then reconciles them, and copies of them shifted by whole
years (so each copy's incidents are new ones), to show how the cost grows.
No hand-labelled clusters exist yet: link precision and recall (issue 5's
check) are not measured here.
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
from athar.records import Claim, DateValue

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks" / "extract"))
from run import FAKES, _document  # noqa: E402  (the extraction benchmark's corpus reader)


def _shift(value: DateValue | None, years: int) -> DateValue | None:
    if value is None or value.value is None:
        return value
    return DateValue(str(int(value.value[:4]) + years) + value.value[4:], value.precision)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 5, 20])
    args = parser.parse_args()
    if not FAKES.exists():
        raise SystemExit("needs ../shared/data/fakes")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout
    print(
        f"# reconcile benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, commit {commit.strip()}, "
        f"Python {platform.python_version()} on {platform.machine()}"
    )
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
