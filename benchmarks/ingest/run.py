"""Ingest speed and memory: a 10,000-report JSONL batch and a folder of HTML pages.

    python benchmarks/ingest/run.py [--reports 10000] [--pages 1000] [--postgres ADMIN_URL]

Reports are made from the FA-KES development set (../shared/data/fakes, 603
real Syrian-war articles from 15 outlets), each one varied by a report number
so that no two are identical bytes. Without ../shared, synthetic reports of
similar length are used and the output says so.

Each case runs `athar ingest --no-extract` (preserve and read; claims are
benchmarks/extract) in a fresh process and workspace, and reports
reports per second and the peak resident memory of that process (start-up
and model loading included). Then, in this process with models loaded, the
same ingest into another fresh workspace, and the cost of only hashing and
reading the same inputs with no store: "store share" is the part of the
pipeline's time spent staging files, hashing custody and writing the database.

With ``--postgres postgresql+psycopg://postgres@127.0.0.1:55432/postgres``
(``bash scripts/postgres.sh start`` prints one), each case runs once more
through the CLI into a fresh PostgreSQL database, side by side with SQLite.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import html
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FAKES = ROOT.parent / "shared" / "data" / "fakes" / "fa-kes_dev.csv"


def articles() -> tuple[list[dict[str, str]], str]:
    if FAKES.exists():
        with open(FAKES, encoding="utf-8", errors="replace") as stream:
            rows = list(csv.DictReader(stream))
        return rows, f"FA-KES dev ({len(rows)} articles, sha256 {hashlib.sha256(FAKES.read_bytes()).hexdigest()[:16]})"
    body = " ".join(["Shelling hit the old market in Douma on Monday, killing at least seven civilians."] * 40)
    return [{"article_title": f"Synthetic {n}", "article_content": body, "source": "synthetic"} for n in range(50)], (
        "synthetic (../shared not found)"
    )


def make_jsonl(path: Path, rows: list[dict[str, str]], count: int) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for n in range(count):
            row = rows[n % len(rows)]
            out.write(
                json.dumps(
                    {
                        "title": row["article_title"],
                        "text": f"{row['article_content']}\n\n(report {n})",
                        "outlet": row["source"],
                        "published": "2017-04-07",
                        "url": f"https://example.org/{n}",
                    }
                )
                + "\n"
            )


def make_pages(folder: Path, rows: list[dict[str, str]], count: int) -> None:
    folder.mkdir()
    for n in range(count):
        row = rows[n % len(rows)]
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in row["article_content"].split(". ") if p.strip())
        (folder / f"page-{n:05d}.html").write_text(
            "<!DOCTYPE html><html><head><meta charset='utf-8'>"
            f"<title>{html.escape(row['article_title'])}</title></head><body>"
            "<nav><a href='/'>Home</a> | <a href='/syria'>Syria</a></nav>"
            f"<article><h1>{html.escape(row['article_title'])}</h1>{paragraphs}<p>Report {n}.</p></article>"
            "<footer>Copyright</footer></body></html>",
            encoding="utf-8",
        )


def fresh_postgres(admin_url: str, name: str) -> str:
    """A new, empty PostgreSQL database on the server ``admin_url`` points to; its URL."""
    from sqlalchemy import create_engine, make_url

    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    engine.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def run_ingest(target: Path, workspace: Path, db: str | None = None) -> tuple[float, int, str]:
    """Run `athar ingest` in a child process; return (seconds, peak RSS in KiB, summary line)."""
    store = ["--db", db] if db else []
    command = [sys.executable, "-m", "athar", "--workspace", str(workspace), *store, "ingest", "--no-extract"]
    command.append(str(target))
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATHAR_")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode != 0:
        raise SystemExit(f"ingest failed:\n{done.stderr[-2000:]}")
    summary = [line for line in done.stdout.splitlines() if line.startswith("summary:")][-1]
    return elapsed, max(peak, before), summary


def in_process(target: Path, workspace: Path) -> float:
    """Ingest in this process (models already loaded): the time the pipeline itself takes."""
    from athar.pipeline import Ingest, expand_inputs
    from athar.settings import load_settings, replace
    from athar.workspace import Workspace

    settings = replace(load_settings(environ={}), "workspace", path=str(workspace))
    with Workspace.open(settings) as ws:
        started = time.perf_counter()
        for _ in Ingest(ws, settings).run(expand_inputs([str(target)])):
            pass
        return time.perf_counter() - started


def read_only(target: Path) -> float:
    """Hash and read the same inputs in-process with no database: the floor ingest aims for."""
    from athar.read import read_item, sniff
    from athar.records import Hints, sha256_hex

    files = sorted(target.iterdir()) if target.is_dir() else [target]
    started = time.perf_counter()
    for path in files:
        data = path.read_bytes()
        sha = sha256_hex(data)
        media_type = sniff.sniff(data[: sniff.HEAD_BYTES], path.name)
        for _ in read_item(path, item_sha256=sha, media_type=media_type, name=path.name, hints=Hints()):
            pass
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--pages", type=int, default=1_000)
    parser.add_argument("--postgres", metavar="ADMIN_URL", help="Also ingest into fresh PostgreSQL databases there.")
    args = parser.parse_args()
    rows, corpus = articles()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout
    print(f"# ingest benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, commit {commit.strip()}")
    print(f"# machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"# corpus: {corpus}")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        batch = base / "batch.jsonl"
        make_jsonl(batch, rows, args.reports)
        pages = base / "pages"
        make_pages(pages, rows, args.pages)
        print("| case | store | reports | CLI s | reports/s | peak RSS | in-process s | read-only s | store share |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for label, target, count in (
            (f"JSONL batch ({batch.stat().st_size / 1e6:.1f} MB)", batch, args.reports),
            ("folder of HTML pages", pages, args.pages),
        ):
            seconds, peak_kib, summary = run_ingest(target, base / f"ws-{target.name}")
            floor = read_only(target)
            pipeline = in_process(target, base / f"ws2-{target.name}")
            share = max(0.0, 1 - floor / pipeline)
            print(
                f"| {label} | SQLite | {count:,} | {seconds:.1f} | {count / seconds:,.0f} | {peak_kib / 1024:.0f} MiB "
                f"| {pipeline:.1f} | {floor:.1f} | {share:.0%} |"
            )
            print(f"<!-- {summary} -->")
            if args.postgres:
                db = fresh_postgres(args.postgres, f"athar_bench_{target.name.replace('.', '_')}")
                seconds, peak_kib, summary = run_ingest(target, base / f"ws-pg-{target.name}", db)
                print(
                    f"| {label} | PostgreSQL | {count:,} | {seconds:.1f} | {count / seconds:,.0f} "
                    f"| {peak_kib / 1024:.0f} MiB | – | – | – |"
                )
                print(f"<!-- {summary} -->")


if __name__ == "__main__":
    main()
