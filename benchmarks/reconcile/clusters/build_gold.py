"""Turn the hand labels (labels.txt: article, sentence numbers, gold key, note) into gold.jsonl.

    python benchmarks/reconcile/clusters/build_gold.py

Sentence numbers are those ``choose.py --show`` prints. Each labelled sentence
becomes one line of gold.jsonl with its character offsets in the text the
benchmark reads (FA-KES ``article_content``, which is also the start of the
Document body: Athar's reader only strips trailing whitespace from it; for the
seeds, the body Athar's text reader makes of the file). No FA-KES text is
written: only row, unit id, offsets, a hash of the sentence, the key and the
labeller's note. The split into dev and held-out is made here, once, from a
hash of the gold keys (see README.md). Labels under the ``# round 2`` line are
all dev: they were added after the held-out part had been scored, which must
stay the set it was. Labels under the ``# round 3`` line are a second held-out
part, ``round3``, labelled from the texts alone after the code of round 11 was
written (README.md, Selection).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from choose import FAKES, ROOT, SELECTION, day, sentences  # noqa: E402

LABELS = HERE / "labels.txt"
GOLD = HERE / "gold.jsonl"
SEEDS = ROOT / "examples" / "seeds.jsonl"
DEV_SHARE = 0.40
ROUND_2 = "# round 2"  # labels.txt: every label below this line is dev
ROUND_3 = "# round 3"  # labels.txt: every label below this line is the second held-out part


def sentence_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def part_of(key: str) -> str:
    """dev for about 40 % of keys, held-out for the rest: the first 8 hex digits of SHA-256(key)."""
    return "dev" if int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) / 16**8 < DEV_SHARE else "heldout"


def seed_bodies() -> dict[str, tuple[dict, str]]:
    from athar.read.text import read_text

    out = {}
    for line in SEEDS.read_text().splitlines():
        meta = json.loads(line)
        path = SEEDS.parent / meta["file"]
        out[meta["id"]] = (meta, read_text(path.read_bytes(), name=path.name).body)
    return out


def parse_labels() -> list[tuple[str, list[int], str, str, int]]:
    """(article, sentence numbers, key, note, labelling round: 1, 2 or 3)."""
    out = []
    round_ = 1
    for line in LABELS.read_text().splitlines():
        if line.startswith(ROUND_2):
            round_ = 2
        elif line.startswith(ROUND_3):
            round_ = 3
        if not line.strip() or line.startswith("#"):
            continue
        head, note = line.split(" | ", 1)
        doc, numbers, key = head.split()
        out.append((doc, [int(n) for n in numbers.split(",")], key, note.strip(), round_))
    return out


def main() -> None:
    with open(FAKES, encoding="utf-8", errors="replace") as stream:
        data = list(csv.DictReader(stream))
    selection = json.loads(SELECTION.read_text())
    group_of = {n: g["group"] for g in selection["groups"] for n in g["rows"]}
    group_of.update({n: "neighbours" for n in selection["distractors"]})
    group_of.update({n: g["group"] for g in selection["round2"] for n in g["rows"]})
    group_of.update({n: g["group"] for g in selection["round3"] for n in g["rows"]})
    seeds = seed_bodies()
    records = []
    round2: set[int] = set()  # indices into records
    round3: set[int] = set()
    for doc, numbers, key, note, round_ in parse_labels():
        if doc.startswith("seed-"):
            meta, text = seeds[doc]
            base = {"source": "seed", "seed": doc, "file": f"examples/{meta['file']}", "group": "seeds"}
        else:
            row = int(doc)
            text = data[row]["article_content"]
            base = {
                "source": "fakes",
                "row": row,
                "unit_id": data[row]["unit_id"],
                "outlet": data[row]["source"],
                "fakes_date": str(day(data[row]["date"])),
                "fakes_location": data[row]["location"],
                "group": group_of[row],
            }
        spans = sentences(text)
        for n in numbers:
            start, end = spans[n]
            sentence = text[start:end]
            record = {**base, "sentence": n, "start": start, "end": end, "sha256": sentence_hash(sentence)}
            if base["source"] == "seed":
                record["text"] = sentence  # the seeds are in the repository already
            if round_ == 2:
                round2.add(len(records))
            elif round_ == 3:
                round3.add(len(records))
            records.append({**record, "key": key, "note": note})
    # The split unit: keys that share an article, and the articles of one candidate group (same FA-KES place,
    # adjacent dates), are one connected component, named by its smallest key. No article, and no candidate
    # group, is in both parts, so the links most easily confused are scored within one part.
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    by_doc: dict[str, list[str]] = defaultdict(list)
    later = round2 | round3
    for n, r in enumerate(records):
        if n in later:
            continue  # round 2 is dev, round 3 apart: neither moves a first-round unit to the other part
        by_doc[str(r.get("row", r.get("seed")))].append(r["key"])
        if r["group"] not in ("neighbours", "seeds"):
            by_doc["group:" + r["group"]].append(r["key"])
    for keys in by_doc.values():
        for k in keys[1:]:
            parent[find(k)] = find(keys[0])
    members: dict[str, list[str]] = defaultdict(list)
    for n, r in enumerate(records):
        if n not in later:
            members[find(r["key"])].append(r["key"])
    unit = {k: min(ks) for ks in members.values() for k in ks}
    first = {r["key"]: part_of(unit[r["key"]]) for n, r in enumerate(records) if n not in later}
    for n, r in enumerate(records):
        if n in round2 and first.get(r["key"], "dev") != "dev":
            raise SystemExit(f"round 2 labels an incident of the held-out part: {r['key']}")
        # Round 3 may name an incident labelled before (a report of it in a later group): scored in its part.
        r["part"] = "dev" if n in round2 else "round3" if n in round3 else first[r["key"]]
        unit.setdefault(r["key"], r["key"])
    seen = set()
    with open(GOLD, "w", encoding="utf-8") as out:
        for r in records:
            ident = (r.get("row", r.get("seed")), r["start"])
            if ident in seen:
                raise SystemExit(f"sentence labelled twice: {ident}")
            seen.add(ident)
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    parts = defaultdict(lambda: [set(), set(), 0, set()])
    for r in records:
        p = parts[r["part"]]
        p[0].add(unit[r["key"]])
        p[1].add(r["key"])
        p[2] += 1
        p[3].add(r.get("row", r.get("seed")))
    for name, (units, keys, n, docs) in sorted(parts.items()):
        print(f"{name}: {len(units)} units, {len(keys)} keys, {n} sentences, {len(docs)} documents")
    print(f"{len(records)} sentences written to {GOLD.relative_to(ROOT)} on {dt.date.today()}")


if __name__ == "__main__":
    main()
