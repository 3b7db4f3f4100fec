"""Score ACLED sub-event typing (athar.extract.event_types) on CASE 2021 task 2 snippets.

Data: ``../shared/data/case2021/task2_dev.tsv`` (Haneczok et al. 2021, research use only; never
copied into the repository). Each row is ``id, snippet, label``; labels are CASE's codes for ACLED's
25 sub-event types, plus five codes that are not ACLED's (ORG_CRIME, NATURAL_DISASTER,
MAN_MADE_DISASTER, DIPLO, ATTRIB: CASE's "unseen" classes, note_on_event_types.txt).

Honesty rules: rows are split once and for all by a hash of their id into a development part
(about 30 %), which the rules were written against, and a held-out part (about 70 %), which is
only scored. The held-out figures are the headline. ``--show-errors`` prints development rows
only, never held-out ones.

Scoring: accuracy and macro-F1 over the ACLED rows of each part (CASE subtask 1: every ACLED
sub-type present in the part's gold is a class; a snippet left untyped counts as wrong). Rows
with a non-ACLED label are reported apart: how often Athar rightly types nothing.

Usage::

    .venv/bin/python benchmarks/extract/case2021.py              # both parts, print
    .venv/bin/python benchmarks/extract/case2021.py --part dev --show-errors
    .venv/bin/python benchmarks/extract/case2021.py --write      # also write CASE_RESULTS.md
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import platform
import subprocess
import sys
import time
import tomllib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from athar.extract.event_model import predict
from athar.extract.event_types import (
    _WORD,
    PRODUCED_BY,
    _sentence_starts,
    classify_event,
    classify_event_backed,
    find_event_triggers,
    taxonomy,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data" / "case2021" / "task2_dev.tsv"
RESULTS = Path(__file__).resolve().parent / "CASE_RESULTS.md"
FAKES = ROOT.parent / "shared" / "data" / "fakes" / "fa-kes_dev.csv"  # only timed, never scored
DEV_SHARE = 30  # percent of rows, chosen by hash, that rules may be written against
NON_ACLED = ("ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER", "DIPLO", "ATTRIB")
NONE = "(none)"
PASSES = 7
CLEAN_HELD_OUT = "accuracy 0.768, macro-F1 0.751"  # first held-out scoring, rules frozen before it
NOTES = (
    "Macro-F1 averages F1 over the ACLED sub-types present in the part's gold labels; a snippet the rules "
    "leave untyped counts as an error. Rows labelled with CASE's non-ACLED codes are not in accuracy or "
    "macro-F1 (CASE subtask 1); the line under each table says how often Athar rightly types them as nothing.",
    "Some CASE snippets are synthetic, with invented towns, countries and organisations; "
    "the rules use no place names, so they are typed like the real ones.",
    "Labels are one per snippet; a snippet naming two events (a ceasefire and the shelling that broke it) is "
    "right for only one answer. classify_event returns the type with most evidence, the first sentence "
    "counting 1.5 times.",
    "The development part was read while the rules were written (its accuracy is optimistic). The held-out "
    "part was only ever scored, never read, and first scored after the rules were frozen (twice in all: see "
    "History).",
    "Speed: pure Python and the standard library's re; the lexicon compiles lazily (0.2 s to load).",
    "History. The clean held-out figure is the first: rules frozen, held-out scored once on 2026-11-26 11:03 UTC: "
    "accuracy 0.768, macro-F1 0.751 (dev 0.938 / 0.943). After that table (scores and confusion counts, no rows) "
    "had been seen, six general changes were made and checked on dev and hand-written sentences only: 'stormed' "
    "no longer names a capture; an arrest is a 'Protest with intervention' only when made at the protest, not "
    "whenever a protest is mentioned; 'detained' after 'of'/'for' is not an arrest; supporters and youths count "
    "as rioters; 'announced an offensive' is a change of activity; 'airbase', 'encampment' as bases. Any later "
    "held-out figure in this file is therefore not a clean one.",
    "Issue 4, second round (2026-11-26 12:50 UTC): lexicon entries written from errors on the UCDP headline "
    "benchmark's own development part, not from CASE rows: the verb 'shell' after an actor or before a place "
    "word, 'raids on/target' as air raids (not with arrests, homes or police), 'execute(s)' with a victim, "
    "forces that 'advance' as a clash, improvised mines that kill, and singular victims ('a child', 'a man') "
    "as civilian targets; a bare 'shell' (not a company, oil or casing); 'violent clashes' as rioting only "
    "where a protest, rioters or supporters are named (else the armed clash its words say). CASE dev accuracy "
    "was unchanged by them (0.938), and so was held-out (0.775); event_types.v2.",
    "Round 3 (2026-11-26 15:36 UTC, event_types.v3): no CASE rows read beyond the dev errors already listed "
    "(none of which was addressed: each is one dev phrasing). General changes only: in patterns marked '~' "
    "(a doer, then its verb after a gap: 'warplanes ..5 bombed', 'gunmen ..6 killed', 'mob ..4 attacked') the "
    "verb matches in any tense ('warplanes bomb', 'gunmen kill'), by regular English inflection and a table of "
    "irregular verbs; patterns whose subject suffers ('protesters ..6 killed') keep their tense. Words from "
    "ACLED's own definitions: taken into custody, locked up, behind bars (Arrests); held captive, made to "
    "disappear (Abduction); sabotage, expropriation (Looting/property destruction); ceded, relinquished, "
    "pulled back from (Non-violent transfer); hunger strike, boycott (Peaceful protest). Dev unchanged "
    "(0.938 / 0.943); held-out scored once afterwards, in the table above.",
    "Trained model (scripts/train_event_types.py, athar.extract.event_model): logistic regression over word "
    "unigrams and bigrams (sublinear tf-idf), trained on the CASE dev part only (150 rows, non-ACLED rows as "
    "'(none)') and one example per sub-type from ACLED's definitions; C and min_df chosen by 5-fold CV on dev "
    "(accuracy 0.39). Its dev figures are training-set figures. The one way of combining it with the rules "
    "was fixed before held-out scoring: it answers only where the rules type nothing. On held-out that raised "
    "accuracy (0.775 to 0.789) and lowered macro-F1 (0.758 to 0.750): classify_event stays rules only, "
    "classify_event_backed is the combination.",
)


@dataclass(frozen=True)
class Row:
    id: str
    text: str
    code: str  # CASE label
    gold: str | None  # ACLED sub-event type, None for the non-ACLED labels
    part: str  # "dev" | "held-out"


def part_of(row_id: str) -> str:
    """Assign a row to the development or the held-out part, forever, from its id alone."""
    digest = hashlib.sha256(f"case2021-task2:{row_id}".encode()).hexdigest()
    return "dev" if int(digest[:8], 16) % 100 < DEV_SHARE else "held-out"


def load(path: Path) -> list[Row]:
    codes = {s.case2021: s.name for s in taxonomy().sub_event_types if s.case2021}
    rows = []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        if header[:3] != ["id", "EventSnippet", "SubType"]:
            raise SystemExit(f"{path}: unexpected header {header}")
        for rid, text, code in reader:
            if code not in codes and code not in NON_ACLED:
                raise SystemExit(f"{path}: row {rid}: unknown label {code!r}")
            rows.append(Row(rid, text, code, codes.get(code), part_of(rid)))
    return rows


# ---------------------------------------------------------------- predictors


def athar(text: str) -> str:
    trigger = classify_event(text)
    return trigger.sub_event_type if trigger else NONE


def athar_backed(text: str) -> str:
    """The rules, and the trained model where the rules type nothing."""
    trigger = classify_event_backed(text)
    return trigger.sub_event_type if trigger else NONE


def model_alone(text: str) -> str:
    guess = predict(text)
    return guess[0] if guess else NONE


def keyword_baseline() -> Callable[[str], str]:
    """Bag of single trigger words from Athar's lexicon: no context, no merging, no actors."""
    data = tomllib.loads(resources.files("athar.data").joinpath("event_lexicon.toml").read_text("utf-8"))
    words: dict[str, str] = {}
    prefixes: list[tuple[str, str]] = []
    for rule in data["rule"]:
        for p in rule["patterns"]:
            if " " in p or "|" in p or "_" in p or p.startswith(("=", "@")):
                continue
            if p.endswith("*"):
                prefixes.append((p[:-1].lower(), rule["sub_event_type"]))
            else:
                words.setdefault(p.lower(), rule["sub_event_type"])
    order = {s.name: i for i, s in enumerate(taxonomy().sub_event_types)}

    def predict(text: str) -> str:
        votes: Counter[str] = Counter()
        for w in _WORD.findall(text.lower()):
            if w in words:
                votes[words[w]] += 1
            else:
                for p, sub in prefixes:
                    if w.startswith(p):
                        votes[sub] += 1
                        break
        if not votes:
            return NONE
        return max(votes, key=lambda s: (votes[s], -order[s]))

    return predict


# ---------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Score:
    n: int
    accuracy: float
    macro_f1: float
    per_class: dict[str, tuple[float, float, float, int]]  # P, R, F1, support
    confusions: list[tuple[str, str, int]]


def score(gold: Sequence[str], pred: Sequence[str]) -> Score:
    classes = sorted(set(gold))
    per: dict[str, tuple[float, float, float, int]] = {}
    for c in classes:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p != c)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        per[c] = (prec, rec, f1, tp + fn)
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    confusions = Counter((g, p) for g, p in zip(gold, pred, strict=True) if g != p)
    return Score(
        n=len(gold),
        accuracy=accuracy,
        macro_f1=sum(v[2] for v in per.values()) / len(per),
        per_class=per,
        confusions=[(g, p, n) for (g, p), n in confusions.most_common(8)],
    )


def timing(rows: Sequence[Row]) -> dict[str, float]:
    texts = [r.text for r in rows]
    sentences = sum(len(_sentence_starts(t)) for t in texts)
    out: dict[str, float] = {"snippets": len(texts), "sentences": sentences}
    for name, fn in (("classify_event", classify_event), ("find_event_triggers", find_event_triggers)):
        best = float("inf")
        for _ in range(PASSES):  # CPU time, best pass: other processes on the machine add noise, never speed
            t0 = time.process_time()
            for t in texts:
                fn(t)
            best = min(best, time.process_time() - t0)
        out[f"{name}_us_per_snippet"] = best / len(texts) * 1e6
        out[f"{name}_us_per_sentence"] = best / sentences * 1e6
    return out


def reference_loop() -> float:
    """CPU milliseconds for a fixed pure-Python loop: divide timings by it to compare machines or runs."""
    best = float("inf")
    for _ in range(PASSES):
        t0 = time.process_time()
        total = 0
        for i in range(1_000_000):
            total += i * i
        best = min(best, time.process_time() - t0)
    return best * 1e3


def article_sentences(path: Path) -> list[str]:
    """Sentences of the FA-KES articles: ordinary war reporting, to time the typer where it will run."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        texts = [row["article_content"] for row in csv.DictReader(f)]
    out = []
    for text in texts:
        starts = _sentence_starts(text)
        out += [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    return out


def sentence_timing(sentences: Sequence[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for name, fn in (("classify_event", classify_event), ("find_event_triggers", find_event_triggers)):
        best = float("inf")
        for _ in range(3):
            t0 = time.process_time()
            for t in sentences:
                fn(t)
            best = min(best, time.process_time() - t0)
        out[name] = best / len(sentences) * 1e6
    out["with_trigger"] = sum(1 for t in sentences if find_event_triggers(t)) / len(sentences)
    return out


# ---------------------------------------------------------------- report


def _git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        return out.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


def report(rows: list[Row], parts: Sequence[str], path: Path, show_errors: bool) -> str:
    lines: list[str] = []
    say = lines.append
    blob = path.read_bytes()
    majority = Counter(r.gold for r in rows if r.part == "dev" and r.gold).most_common(1)[0][0]
    keywords = keyword_baseline()
    say("# ACLED sub-event typing on CASE 2021 task 2 (athar.extract.event_types)")
    say("")
    say(f"- date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}; commit {_git_commit()} (+ working tree)")
    say(f"- python {platform.python_version()} on {platform.machine()} ({platform.system()})")
    say(f"- corpus: {path.name}, {len(rows)} rows, sha256:{hashlib.sha256(blob).hexdigest()}")
    split = Counter(r.part for r in rows)
    acled = Counter(r.part for r in rows if r.gold)
    say(
        f"- split by sha256 of the row id: dev {split['dev']} rows ({acled['dev']} ACLED), "
        f"held-out {split['held-out']} rows ({acled['held-out']} ACLED); rules were written against dev only"
    )
    say(f"- baselines: majority class of the dev part ({majority}); keyword bag (single lexicon words, no context)")
    say("- dependencies: rules: the Python standard library only; trained model (athar.extract.event_model): numpy")
    headline = [r for r in rows if r.part == "held-out" and r.gold]
    if "held-out" in parts:
        h = score([r.gold or "" for r in headline], [athar(r.text) for r in headline])
        say("")
        say(
            f"**Held-out part (rows never read): accuracy {h.accuracy:.3f}, macro-F1 {h.macro_f1:.3f} "
            f"over {h.n} ACLED-labelled snippets and {len(h.per_class)} sub-event types. The first, clean "
            f"figure was {CLEAN_HELD_OUT}: see History under Notes.**"
        )
    for part in parts:
        prow = [r for r in rows if r.part == part]
        arow = [r for r in prow if r.gold]
        gold = [r.gold or "" for r in arow]
        preds = [athar(r.text) for r in arow]
        s = score(gold, preds)
        base_major = score(gold, [majority] * len(gold))
        base_kw = score(gold, [keywords(r.text) for r in arow])
        backed = score(gold, [athar_backed(r.text) for r in arow])
        alone = score(gold, [model_alone(r.text) for r in arow])
        say("")
        say(f"## {part} part: {len(arow)} ACLED-labelled snippets")
        say("")
        say("| system | accuracy | macro-F1 |")
        say("| --- | ---: | ---: |")
        say(f"| Athar rules ({PRODUCED_BY.removeprefix('extract.')}) | {s.accuracy:.3f} | {s.macro_f1:.3f} |")
        trained = " (trained on these rows: optimistic)" if part == "dev" else ""
        say(
            f"| rules, backed by the trained model where they type nothing{trained} | {backed.accuracy:.3f} | "
            f"{backed.macro_f1:.3f} |"
        )
        say(f"| trained model alone{trained} | {alone.accuracy:.3f} | {alone.macro_f1:.3f} |")
        say(f"| keyword bag | {base_kw.accuracy:.3f} | {base_kw.macro_f1:.3f} |")
        say(f"| majority class | {base_major.accuracy:.3f} | {base_major.macro_f1:.3f} |")
        say("")
        say("| sub-event type | P | R | F1 | n |")
        say("| --- | ---: | ---: | ---: | ---: |")
        for c, (prec, rec, f1, n) in sorted(s.per_class.items()):
            say(f"| {c} | {prec:.2f} | {rec:.2f} | {f1:.2f} | {n} |")
        say("")
        say(
            "Most frequent confusions (gold → predicted, count): "
            + "; ".join(f"{g} → {p} ({n})" for g, p, n in s.confusions)
        )
        nrow = [r for r in prow if not r.gold]
        if nrow:
            npred = Counter(athar(r.text) for r in nrow)
            say("")
            say(
                f"Non-ACLED rows ({len(nrow)}: {', '.join(NON_ACLED)}): typed nothing in "
                f"{npred[NONE]} ({npred[NONE] / len(nrow):.0%}); typed as ACLED: "
                + ", ".join(f"{k} {v}" for k, v in npred.most_common() if k != NONE)
            )
        if show_errors and part == "dev":
            say("")
            say("Development errors:")
            for r, p in zip(arow, preds, strict=True):
                if p != r.gold:
                    say(f"- [{r.id}] gold {r.gold} / got {p}: {r.text[:300]}")
    t = timing(rows)
    cls, find = "classify_event", "find_event_triggers"
    say("")
    say("## Speed (one core, CPU time, best pass; the machine is shared, so also see the reference loop)")
    say("")
    say(
        f"- CASE snippets ({int(t['snippets'])} snippets, {int(t['sentences'])} sentences, best of {PASSES} passes): "
        f"{cls} {t[cls + '_us_per_snippet']:.0f} µs/snippet = {t[cls + '_us_per_sentence']:.0f} µs/sentence; "
        f"{find} {t[find + '_us_per_snippet']:.0f} µs/snippet = {t[find + '_us_per_sentence']:.0f} µs/sentence"
    )
    sentences = article_sentences(FAKES)
    if sentences:
        a = sentence_timing(sentences)
        say(
            f"- FA-KES article sentences ({len(sentences)}, {a['with_trigger']:.0%} name an event; timing only): "
            f"{cls} {a[cls]:.0f} µs/sentence; {find} {a[find]:.0f} µs/sentence"
        )
    say(f"- reference loop (1M multiply-adds in pure Python) in the same run: {reference_loop():.0f} ms")
    say("")
    say("## Notes")
    say("")
    for note in NOTES:
        say(f"- {note}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--part", choices=["dev", "held-out", "both"], default="both")
    ap.add_argument("--show-errors", action="store_true", help="list development-part errors (never held-out)")
    ap.add_argument("--write", action="store_true", help=f"write the report to {RESULTS.name}")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(
            f"no data at {args.data} (the CASE 2021 rows live in ../shared, never in the repository)", file=sys.stderr
        )
        return 1
    rows = load(args.data)
    parts = ["dev", "held-out"] if args.part == "both" else [args.part]
    text = report(rows, parts, args.data, args.show_errors)
    sys.stdout.write(text)
    if args.write:
        if args.show_errors:
            print(
                "not writing: --show-errors output quotes CASE rows, which stay out of the repository", file=sys.stderr
            )
            return 1
        RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
