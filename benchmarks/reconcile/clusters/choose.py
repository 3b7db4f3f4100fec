"""Choose the FA-KES articles to hand-label, and print them sentence by sentence for the labeller.

    python benchmarks/reconcile/clusters/choose.py            # writes selection.json (ids only)
    python benchmarks/reconcile/clusters/choose.py --show A B  # prints groups A..B with numbered sentences
                                                               # (after the groups, the distractors, then round 2)

Reads ../shared/data/fakes/fa-kes_dev.csv at run time; writes only unit ids, never texts.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import re
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
FAKES = ROOT.parent / "shared" / "data" / "fakes" / "fa-kes_dev.csv"
SELECTION = HERE / "selection.json"
MAX_GROUP = 6  # longer chains of same-place reports are mostly separate incidents over a week or more
TARGET_ARTICLES = 150
ALWAYS = ("idlib", "2017-04-04")  # the Khan Sheikhoun attack: the issue's own example of many outlets, one event
DISTRACTORS = 15


def rows() -> list[dict[str, str]]:
    with open(FAKES, encoding="utf-8", errors="replace") as stream:
        return list(csv.DictReader(stream))


def day(text: str) -> dt.date:
    month, d, year = (int(x) for x in text.split("/"))
    return dt.date(year, month, d)


def _h(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def candidate_groups(data: list[dict[str, str]]) -> list[dict]:
    """Same FA-KES location, dates chained at most one day apart, at least two outlets."""
    by_place: dict[str, list[tuple[dt.date, int]]] = defaultdict(list)
    for n, row in enumerate(data):
        by_place[row["location"]].append((day(row["date"]), n))
    groups = []
    for place, items in sorted(by_place.items()):
        items.sort()
        run = [items[0]]
        for item in [*items[1:], (dt.date.max, -1)]:
            if item[1] >= 0 and (item[0] - run[-1][0]).days <= 1:
                run.append(item)
                continue
            if len({data[n]["source"] for _, n in run}) > 1:
                groups.append(
                    {
                        "group": f"{place.replace(' ', '-')}-{run[0][0]}",
                        "location": place,
                        "first": str(run[0][0]),
                        "last": str(run[-1][0]),
                        "rows": [n for _, n in run],
                        "unit_ids": [data[n]["unit_id"] for _, n in run],
                    }
                )
            run = [item]
    return groups


def select() -> dict:
    data = rows()
    groups = candidate_groups(data)
    chosen, total = [], 0
    always = [g for g in groups if (g["location"], g["first"]) == ALWAYS]
    small = (g for g in groups if len(g["unit_ids"]) <= MAX_GROUP and g not in always)
    rest = sorted(small, key=lambda g: _h(g["group"]))
    for g in always + rest:
        if total >= TARGET_ARTICLES:
            break
        chosen.append(g)
        total += len(g["unit_ids"])
    taken = {n for g in chosen for n in g["rows"]}
    # Distractors: single articles of a chosen group's place within a week of it, in no candidate group.
    grouped = {n for g in groups for n in g["rows"]}
    pool = []
    for n, row in enumerate(data):
        if n in grouped:
            continue
        for g in chosen:
            if row["location"] == g["location"] and (
                dt.date.fromisoformat(g["first"]) - dt.timedelta(days=7)
                <= day(row["date"])
                <= dt.date.fromisoformat(g["last"]) + dt.timedelta(days=7)
            ):
                pool.append(n)
                break
    distractors = sorted(pool, key=lambda n: _h(data[n]["unit_id"] + str(n)))[:DISTRACTORS]
    assert not taken & set(distractors)
    # Round 2 (2026-11-27): every remaining group of at most six articles, in the same hash order, all dev.
    more = [g for g in rest if g not in chosen]
    # Round 3 (2026-11-27, a second held-out part): the groups of more than six articles, left out until now.
    large = [g for g in sorted(groups, key=lambda g: _h(g["group"])) if g not in chosen and g not in more]
    return {"groups": chosen, "distractors": distractors, "round2": more, "round3": large}


def show(selection: dict, first: int, last: int) -> None:
    data = rows()
    items = [(g["group"], g["rows"]) for g in selection["groups"]]
    items.append(("distractors", selection["distractors"]))
    items.extend((f"round 2: {g['group']}", g["rows"]) for g in selection.get("round2", []))
    items.extend((f"round 3: {g['group']}", g["rows"]) for g in selection.get("round3", []))
    for k, (name, ids) in enumerate(items):
        if not first <= k <= last:
            continue
        print(f"\n######## [{k}] {name}")
        for uid in ids:
            row = data[uid]
            text = row["article_content"]
            head = f"{uid} {row['unit_id']} | {row['source']} | {row['date']} | {row['location']}"
            print(f"\n=== {head} | {row['article_title'][:100]}")
            for n, (s, e) in enumerate(sentences(text)):
                print(f"  {n}: {text[s:e]}")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` (a plain rule: end punctuation then space and a capital, or a line break)."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        start = m.start()
        for b in re.finditer(r'(?<=[.!?])["\u201d\']?\s+(?=["\u201c\']?[A-Z0-9])', m.group()):
            end = m.start() + b.start()
            seg = text[start:end].strip()
            if seg:
                s = text.index(seg, start)
                spans.append((s, s + len(seg)))
            start = m.start() + b.end()
        seg = text[start : m.end()].strip()
        if seg:
            s = text.index(seg, start)
            spans.append((s, s + len(seg)))
    return spans


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--show", type=int, nargs=2)
    args = parser.parse_args()
    if args.show:
        show(json.loads(SELECTION.read_text()), *args.show)
    else:
        sel = select()
        SELECTION.write_text(json.dumps(sel, indent=1) + "\n")
        print(len(sel["groups"]), sum(len(g["rows"]) for g in sel["groups"]), len(sel["distractors"]))
