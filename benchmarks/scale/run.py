"""Scale: the full pipeline on 1 and 2 Dask workers, and reconciliation from 10k to 1M claims.

    python benchmarks/scale/run.py corpus --reports 2000 5000 [--modes single 1 2]
    python benchmarks/scale/run.py reconcile --claims 10000 100000 1000000 [--modes single parts dask1 dask2]
    python benchmarks/scale/run.py stored WORKSPACE [--db URL …] [--modes single 1 2]

**corpus**: generates N reports from FA-KES dev (../shared/data/fakes: 603
articles from 15 outlets) and the UCDP GED 2016-2018 headlines
(../shared/data/ucdp_syria: 14,538 events), half each, with varied wording
(datelines, attributions, tolls, weekdays), dates (each copy shifted by
whole weeks) and places (a UCDP event's place replaced by another event's),
written as JSON Lines batches of 500 (a scraper's daily files). Then runs the
full pipeline `athar ingest DIR` (preserve, read, extract claims and places,
reconcile) in a fresh process and workspace: in one process ("single"), and
with `--workers 1` and `--workers 2` (a local Dask cluster of that many
worker processes; the driver writes). Reports wall seconds, reports per
second, the CPU seconds of the whole process tree, and the load average (the
machine is shared).

**reconcile**: generates incident claims as `benchmarks/reconcile/run.py
--ucdp` does (1-4 sources per UCDP event, copied ten years apart), then in a
fresh process per case reconciles them: "single" is
`athar.reconcile.incidents.reconcile`; "parts" is
`athar.reconcile.partitioned.reconcile_partitioned` in one process; "daskN" the
same on a local cluster of N workers. Reports seconds (claims already in
memory; generating them is not counted), the driver's peak RSS and the
workers' peak RSS (sampled), and checks that every mode gives the same
incidents as "single" (a digest of the records).

**stored**: `athar reconcile [--workers N]` over the claims a workspace holds
(one made by `corpus`, say), from scratch each time (the last incidents are
first replaced by none, so nothing is incremental), on its SQLite database
and on each `--db` URL holding a copy of it (`athar migrate --to`). Reports
the same process-tree measures as **corpus** and checks every run stores the
same incidents. This is reconciliation with real extraction output read from
the database and written back, where **reconcile** measures it in memory.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import os
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FAKES = ROOT.parent / "shared" / "data" / "fakes" / "fa-kes_dev.csv"
UCDP = ROOT.parent / "shared" / "data" / "ucdp_syria" / "ged191_syria_2016-2018.csv"
PER_FILE = 500

DATELINES = ["BEIRUT", "AMMAN", "ISTANBUL", "DAMASCUS", "GENEVA", "MOSCOW"]
OUTLETS = ["Reuters", "AFP", "Al Jazeera", "SANA", "Enab Baladi", "The New Arab", "Sputnik", "Asharq Al-Awsat"]
SAYS = [
    "the Syrian Observatory for Human Rights said",
    "activists said",
    "a monitoring group reported",
    "state media reported",
    "local sources told {outlet}",
    "the civil defence said",
]
_TOLL = re.compile(
    r"\b\d{1,3}(?= (?:people|civilians|killed|dead|fighters|children|soldiers|others|members|injured|wounded)\b)"
)
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


# -- the corpus ------------------------------------------------------------------------


def _ucdp_events() -> list[dict[str, str]]:
    with open(UCDP, encoding="utf-8") as stream:
        return [e for e in csv.DictReader(stream) if e["source_headline"].strip()]


def _fakes() -> list[dict[str, str]]:
    with open(FAKES, encoding="utf-8", errors="replace") as stream:
        return list(csv.DictReader(stream))


def _place(event: dict[str, str]) -> str:
    return event["where_coordinates"].split(" village")[0].split(" town")[0].split(" city")[0].strip()


def _reports(count: int, seed: int) -> Iterator[dict[str, str]]:
    """Reports made from the source texts (deterministic for a seed), endlessly."""
    rng = random.Random(seed)
    events, articles = _ucdp_events(), _fakes()
    for n in range(count):
        outlet = rng.choice(OUTLETS)
        weeks = rng.randrange(0, 520)
        if n % 2 == 0:
            event, other = rng.choice(events), rng.choice(events)
            day = dt.date.fromisoformat(event["date_start"]) + dt.timedelta(weeks=weeks)
            headline = event["source_headline"].strip().rstrip(".")
            place, moved = _place(event), _place(other)
            if rng.random() < 0.3 and place and moved and place in headline:
                headline = headline.replace(place, moved)  # the same story, elsewhere
            low = int(float(event["low"]))
            toll = low + rng.randrange(0, max(1, int(float(event["high"])) - low + 1))
            says = rng.choice(SAYS).format(outlet=outlet)
            text = f"{rng.choice(DATELINES)} ({outlet}) - {headline}, {says} on {WEEKDAYS[day.weekday()]}. " + (
                f"At least {toll} people were killed, {rng.choice(SAYS).format(outlet=outlet)}." if toll else ""
            )
            title = headline
        else:
            row = rng.choice(articles)
            month, dd, year = (int(x) for x in row["date"].split("/"))
            day = dt.date(year, month, dd) + dt.timedelta(weeks=weeks)
            body = _TOLL.sub(lambda m: str(max(1, int(m.group()) + rng.randrange(-2, 3))), row["article_content"])
            text = f"{rng.choice(DATELINES)} ({outlet}) - {body}"
            title = row["article_title"]
        published = day + dt.timedelta(days=rng.randrange(0, 2))
        yield {
            "title": title,
            "text": text + f"\n\n(report {n})",
            "outlet": outlet,
            "published": published.isoformat(),
            "url": f"https://example.org/{outlet.lower().replace(' ', '-')}/{n}",
        }


def generate_corpus(folder: Path, count: int, seed: int = 8) -> None:
    """Write ``count`` reports as JSONL batches of 500."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(r, ensure_ascii=False) for r in _reports(count, seed)]
    for start in range(0, count, PER_FILE):
        path = folder / f"batch-{start // PER_FILE:04d}.jsonl"
        path.write_text("\n".join(lines[start : start + PER_FILE]) + "\n", encoding="utf-8")


def _tree_peak(pid: int, stop: threading.Event, peaks: dict[str, float], cpu: dict[int, float]) -> None:
    """Sample the process tree: peak RSS of the driver, of one worker, of all; CPU seconds of each process."""
    import psutil

    try:
        root = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    while not stop.is_set():
        rss: dict[int, int] = {}
        try:
            for process in [root, *root.children(recursive=True)]:
                with process.oneshot():
                    rss[process.pid] = process.memory_info().rss
                    times = process.cpu_times()
                    cpu[process.pid] = times.user + times.system
        except psutil.Error:
            pass
        if rss:
            peaks["driver"] = max(peaks.get("driver", 0), rss.get(pid, 0))
            workers = [v for k, v in rss.items() if k != pid]
            peaks["worker"] = max([peaks.get("worker", 0), *workers])
            peaks["total"] = max(peaks.get("total", 0), sum(rss.values()))
        stop.wait(0.5)


def run_tree(command: list[str], env: dict[str, str] | None = None) -> dict[str, float | str]:
    """Run a command; wall seconds, CPU seconds of it and its descendants, peak RSS (sampled)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peaks: dict[str, float] = {}
    cpu: dict[int, float] = {}
    stop = threading.Event()
    watcher = threading.Thread(target=_tree_peak, args=(process.pid, stop, peaks, cpu), daemon=True)
    watcher.start()
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - started
    stop.set()
    watcher.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    total_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-3000:]}")
    return {
        "wall": wall,
        "cpu": total_cpu,
        "driver_cpu": cpu.get(process.pid, 0.0),
        "workers_cpu": sum(v for k, v in cpu.items() if k != process.pid),
        "load": (load + os.getloadavg()[0]) / 2,
        "driver_mib": peaks.get("driver", 0) / 2**20,
        "worker_mib": peaks.get("worker", 0) / 2**20,
        "total_mib": peaks.get("total", 0) / 2**20,
        "stdout": stdout,
        "stderr": stderr,
    }


def _bench_module(relative: str):  # type: ignore[no-untyped-def]
    """Another benchmark script, imported by path (they are scripts, not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(relative.replace("/", "_"), ROOT / "benchmarks" / relative)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_corpus(sizes: list[int], modes: list[str], reuse: Path | None = None, postgres: str | None = None) -> None:
    print("\n## Full pipeline (athar ingest: preserve, read, extract, reconcile)\n")
    print(
        "| reports | store | mode | wall s | reports/s | CPU s, all | CPU s, driver | CPU s, workers | load avg "
        "| driver peak RSS | worker peak RSS | documents | claims | incidents | claims and incidents as one process |"
    )
    print("| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    stores: list[str | None] = [None]
    if postgres:
        stores.append(postgres)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATHAR_")}
    with tempfile.TemporaryDirectory(prefix="athar-scale-") as tmp:
        base = Path(tmp)
        for size in sizes:
            corpus = base / f"corpus-{size}"
            if reuse is not None and (reuse / f"corpus-{size}").is_dir():
                corpus = reuse / f"corpus-{size}"
            else:
                generate_corpus(corpus, size)
            reference = None
            for store in stores:
                for mode in modes:
                    ws = base / f"ws-{size}-{mode}-{'pg' if store else 'sqlite'}"
                    db: list[str] = []
                    if store:
                        name = f"athar_scale_{size}_{mode}"
                        db = ["--db", _bench_module("ingest/run.py").fresh_postgres(store, name)]
                    extra = [] if mode == "single" else ["--workers", mode]
                    command = [sys.executable, "-m", "athar", "--workspace", str(ws), *db, "ingest", *extra]
                    command.append(str(corpus))
                    done = run_tree(command, env)
                    counts = _counts(ws, db[1] if db else None)
                    reference = reference or counts["digest"]
                    same = "yes" if counts["digest"] == reference else "NO"
                    label = "one process" if mode == "single" else f"Dask, {mode} worker{'s' if mode != '1' else ''}"
                    print(
                        f"| {size:,} | {'PostgreSQL' if store else 'SQLite'} | {label} | {done['wall']:.0f} "
                        f"| {size / float(done['wall']):.1f} "
                        f"| {done['cpu']:.0f} | {done['driver_cpu']:.0f} | {done['workers_cpu']:.0f} "
                        f"| {done['load']:.1f} | {done['driver_mib']:.0f} MiB "
                        f"| {done['worker_mib']:.0f} MiB | {counts['documents']:,} | {counts['claims']:,} "
                        f"| {counts['incidents']:,} | {same} |",
                        flush=True,
                    )
                    print(
                        f"<!-- {mode}: database {counts['db_bytes'] / 2**20:.1f} MiB, evidence store "
                        f"{counts['blob_bytes'] / 2**20:.1f} MiB, {counts['custody_events']:,} custody entries -->",
                        flush=True,
                    )


def _counts(ws: Path, db: str | None = None) -> dict[str, int]:
    from athar.records import canonical_json
    from athar.settings import load_settings, replace
    from athar.workspace import Workspace

    settings = replace(load_settings(environ={}), "workspace", path=str(ws), database_url=db or "")
    with Workspace.open(settings, create=False) as workspace:
        counts = workspace.db.counts()
        incidents = sorted(canonical_json(i.to_dict()) for i in workspace.db.iter_incidents())
        claims = sorted(canonical_json(c.to_dict()) for c in workspace.db.iter_claims())
        counts["incidents"] = len(incidents)
        counts["digest"] = hashlib.sha256("\n".join(claims + incidents).encode()).hexdigest()[:16]  # type: ignore[assignment]
    counts["db_bytes"] = _database_bytes(db) if db else sum(p.stat().st_size for p in ws.glob("athar.db*"))
    counts["blob_bytes"] = sum(p.stat().st_size for p in (ws / "blobs").rglob("*") if p.is_file())
    return counts


def _database_bytes(url: str) -> int:
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.connect() as conn:
        size = int(conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar_one())
    engine.dispose()
    return size


# -- reconciliation ----------------------------------------------------------------------


def _ucdp_claims(count: int):  # type: ignore[no-untyped-def]
    import importlib.util

    spec = importlib.util.spec_from_file_location("reconcile_bench", ROOT / "benchmarks" / "reconcile" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(ROOT / "benchmarks" / "extract"))
    spec.loader.exec_module(module)
    return module.ucdp_claims(count)


def _digest(found) -> str:  # type: ignore[no-untyped-def]
    from athar.records import canonical_json

    digest = hashlib.sha256()
    for incident in found:
        digest.update(canonical_json(incident.to_dict()).encode("utf-8"))
    return digest.hexdigest()[:16]


def one_reconcile(size: int, mode: str) -> dict[str, object]:
    from athar.reconcile.incidents import reconcile
    from athar.reconcile.partitioned import dask_mapper, plan, reconcile_partitioned

    claims, published = _ucdp_claims(size)
    extra: dict[str, object] = {}
    if mode == "single":
        started = time.perf_counter()
        found = reconcile(claims, published)
        seconds = time.perf_counter() - started
    elif mode == "parts":
        started = time.perf_counter()
        found = reconcile_partitioned(claims, published, parts=1)
        seconds = time.perf_counter() - started
        p = plan(claims, published)
        extra = {"blocks": len(p.blocks), "largest": max(len(b.claims) for b in p.blocks)}
    else:
        from athar.distributed import open_client

        workers = int(mode.removeprefix("dask"))
        with open_client(workers=workers) as client:
            client.run(_warm)
            started = time.perf_counter()
            found = reconcile_partitioned(claims, published, mapper=dask_mapper(client), parts=4 * workers)
            seconds = time.perf_counter() - started
    return {
        "claims": size,
        "mode": mode,
        "seconds": seconds,
        "incidents": len(found),
        "digest": _digest(found),
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        **extra,
    }


def _warm() -> None:
    from athar.reconcile.sources import load_registry

    load_registry()


def run_reconcile(sizes: list[int], modes: list[str]) -> None:
    print("\n## Reconciliation (UCDP-generated incident claims)\n")
    print("| claims | mode | incidents | seconds | claims/s | driver peak RSS | worker peak RSS | same as single |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    labels = {"single": "reconcile, one process", "parts": "partitioned, one process"}
    for size in sizes:
        reference = None
        for mode in modes:
            command = [sys.executable, __file__, "_reconcile_case", str(size), mode]
            done = run_tree(command)
            row = json.loads(str(done["stdout"]).strip().splitlines()[-1])
            if mode == "single":
                reference = row["digest"]
            same = "—" if reference is None or mode == "single" else ("yes" if row["digest"] == reference else "NO")
            blocks = f" ({row['blocks']:,} blocks, largest {row['largest']:,})" if "blocks" in row else ""
            label = labels.get(mode, f"partitioned, Dask {mode.removeprefix('dask')} worker(s)")
            worker = f"{done['worker_mib']:.0f} MiB" if mode.startswith("dask") else "—"
            print(
                f"| {size:,} | {label}{blocks} | {row['incidents']:,} | {row['seconds']:.1f} "
                f"| {size / row['seconds']:,.0f} | {row['peak_mib']:.0f} MiB | {worker} | {same} |",
                flush=True,
            )


def run_stored(workspace: Path, urls: list[str], modes: list[str]) -> None:
    from athar.records import canonical_json
    from athar.settings import load_settings, replace
    from athar.workspace import Workspace

    print(f"\n## Reconciliation of a stored workspace ({workspace})\n")
    print(
        "| store | mode | claims | incidents | wall s | claims/s | CPU s, all | CPU s, driver | CPU s, workers "
        "| load avg | driver peak RSS | worker peak RSS | same incidents |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATHAR_")}
    reference = None
    for url in [None, *urls]:
        settings = replace(load_settings(environ={}), "workspace", path=str(workspace), database_url=url or "")
        for mode in modes:
            with Workspace.open(settings, create=False) as ws:
                ws.db.replace_incidents([], actor="benchmark")  # from scratch: nothing left to keep or reuse
                claims = ws.db.counts()["claims"]
            db = ["--db", url] if url else []
            extra = [] if mode == "single" else ["--workers", mode]
            command = [sys.executable, "-m", "athar", "--workspace", str(workspace), *db, "reconcile", *extra]
            done = run_tree(command, env)
            with Workspace.open(settings, create=False) as ws:
                stored = [canonical_json(i.to_dict()) for i in ws.db.iter_incidents()]
            digest = hashlib.sha256("\n".join(sorted(stored)).encode()).hexdigest()
            reference = reference or digest
            label = "one process" if mode == "single" else f"Dask, {mode} worker{'s' if mode != '1' else ''}"
            worker = f"{done['worker_mib']:.0f} MiB" if mode != "single" else "—"
            print(
                f"| {'PostgreSQL' if url else 'SQLite'} | {label} | {claims:,} | {len(stored):,} | {done['wall']:.0f} "
                f"| {claims / float(done['wall']):,.0f} | {done['cpu']:.0f} | {done['driver_cpu']:.0f} "
                f"| {done['workers_cpu']:.0f} | {done['load']:.1f} | {done['driver_mib']:.0f} MiB | {worker} "
                f"| {'yes' if digest == reference else 'NO'} |",
                flush=True,
            )


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_reconcile_case":
        print(json.dumps(one_reconcile(int(sys.argv[2]), sys.argv[3])))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    corpus = sub.add_parser("corpus")
    corpus.add_argument("--reports", type=int, nargs="+", default=[2000])
    corpus.add_argument("--modes", nargs="+", default=["single", "1", "2"])
    corpus.add_argument("--reuse", type=Path, help="A folder holding corpus-N folders made by `generate` before.")
    corpus.add_argument("--postgres", metavar="ADMIN_URL", help="Also run every mode on PostgreSQL.")
    rec = sub.add_parser("reconcile")
    rec.add_argument("--claims", type=int, nargs="+", default=[10_000, 100_000])
    rec.add_argument("--modes", nargs="+", default=["single", "parts", "dask1", "dask2"])
    stored = sub.add_parser("stored", help="reconcile a workspace's stored claims from scratch")
    stored.add_argument("workspace", type=Path)
    stored.add_argument("--db", action="append", default=[], metavar="URL", help="A copy of it on another store.")
    stored.add_argument("--modes", nargs="+", default=["single", "1", "2"])
    gen = sub.add_parser("generate", help="only write the corpus")
    gen.add_argument("folder", type=Path)
    gen.add_argument("--reports", type=int, default=2000)
    args = parser.parse_args()
    if args.what != "stored" and (not FAKES.exists() or not UCDP.exists()):
        raise SystemExit("needs ../shared/data/fakes and ../shared/data/ucdp_syria")
    if args.what == "generate":
        generate_corpus(args.folder, args.reports)
        return
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout
    dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True, cwd=ROOT).stdout
    print(
        f"# scale benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, commit {commit.strip()}"
        + (" (plus uncommitted work)" if dirty.strip() else "")
        + f", Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB"
    )
    print(f"# command: python benchmarks/scale/run.py {' '.join(sys.argv[1:])}")
    if args.what == "corpus":
        run_corpus(args.reports, args.modes, args.reuse, args.postgres)
    elif args.what == "stored":
        run_stored(args.workspace, args.db, args.modes)
    else:
        run_reconcile(args.claims, args.modes)


if __name__ == "__main__":
    main()
