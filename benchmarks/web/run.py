"""Load benchmark of the web application on loopback: the incident list, the map data and a dossier.

Builds a workspace with the three sample reports (real documents and claims)
and N synthetic incidents (fixed seed) that cite those claims, starts
``athar serve`` on 127.0.0.1, signs in as a viewer, and sends a bounded number
of requests at each concurrency level (each cell also stops after a time
limit). Prints a Markdown table and, with ``--write``, appends it to
``benchmarks/web/RESULTS.md``.

    .venv/bin/python benchmarks/web/run.py --incidents 100000 --write
    .venv/bin/python benchmarks/web/run.py --incidents 1000000 --postgres postgresql+psycopg://postgres@127.0.0.1:55432/postgres

With ``--postgres ADMIN_URL`` the workspace's database is a fresh PostgreSQL
database on that server (``bash scripts/postgres.sh start`` prints one).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

TYPES = [
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Battles", "Armed clash"),
    ("Violence against civilians", "Attack"),
    ("Riots", "Violent demonstration"),
]
GRADES = ["confirmed", "fair", "weak", "contested", "discounted"]
ACTORS = ["Military Forces of Russia", "Military Forces of Syria", "Islamic State", "Hayat Tahrir al-Sham"]


def build(root: Path, count: int, seed: int) -> list[str]:
    """The sample reports plus ``count`` synthetic incidents; returns some incident ids for dossiers."""
    from tests.web.conftest import _settings, seed_workspace

    from athar.geo.gazetteer import default_gazetteer
    from athar.records import Attribution, Count, DateValue, Incident, PlaceMention
    from athar.workspace import Workspace

    seed_workspace(root)
    rng = random.Random(seed)
    places = [p for p in default_gazetteer().places if p.kind in ("city", "town", "village") and p.admin1]
    with Workspace.open(_settings(root)) as ws:
        claim_ids = [c.id for c in ws.db.iter_claims() if c.kind == "incident"]
        start = dt.date(2015, 9, 30)
        found = []
        for n in range(count):
            place = rng.choice(places)
            event_type, sub = rng.choice(TYPES)
            day = start + dt.timedelta(days=rng.randrange(0, 5 * 365))
            killed = rng.choice([None, rng.randrange(0, 40)])
            actor = rng.choice(ACTORS)
            found.append(
                Incident(
                    id=f"bench{n:011d}",
                    event_type=event_type,
                    sub_event_type=sub,
                    date=DateValue(day.isoformat(), "day"),
                    place=PlaceMention(place.name, 0, len(place.name), place, 1),
                    claims=tuple(rng.sample(claim_ids, 3)),
                    sources=("Syrian Observatory for Human Rights", "SANA"),
                    originators=2,
                    perpetrators=(Attribution(actor, ("Syrian Observatory for Human Rights",)),),
                    killed=Count(killed, killed) if killed is not None else None,
                    killed_best=killed,
                    grade=rng.choice(GRADES),
                    grade_reason="synthetic",
                    contested=rng.random() < 0.1,
                    targets=(rng.choice(["hospital", "school", "market", "residential building"]),),
                    public=rng.random() < 0.3,
                )
            )
        ws.db.replace_incidents(found, actor="benchmark")
    return [i.id for i in rng.sample(found, 50)]


def _drop_database(admin_url: str, url: str) -> None:
    """Remove the benchmark's PostgreSQL database (a million incidents take 1.5 GB)."""
    from sqlalchemy import create_engine, make_url

    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {make_url(url).database} WITH (FORCE)")
    engine.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def cell(base: str, cookie: str, paths: list[str], clients: int, requests: int, limit_s: float) -> dict:
    latencies: list[float] = []
    failures = 0
    queue = list(range(requests))
    deadline = time.monotonic() + limit_s
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, headers={"Cookie": cookie}, timeout=120, limits=limits) as client:

        async def worker() -> None:
            nonlocal failures
            while queue and time.monotonic() < deadline:
                n = queue.pop()
                began = time.perf_counter()
                # Every byte is received, but not decoded: a browser decompresses on its own machine.
                async with client.stream("GET", paths[n % len(paths)]) as response:
                    async for _chunk in response.aiter_raw():
                        pass
                latencies.append(time.perf_counter() - began)
                if response.status_code != 200:
                    failures += 1

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        wall = time.perf_counter() - began
    latencies.sort()
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)] if latencies else float("nan")
    return {
        "n": len(latencies),
        "failures": failures,
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p95": p95,
        "rps": len(latencies) / wall if wall else 0.0,
    }


# What the map page asks for: the whole of Syria as it opens, then two cities zoomed in.
MAP_VIEWS = (
    "/api/map?bbox=34.5,31.5,42.5,37.5&zoom=6.5",
    "/api/map?bbox=36.9,36.0,37.4,36.4&zoom=10",
    "/api/map?bbox=36.1,33.3,36.6,33.7&zoom=10",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--clients", default="1,10,50")
    parser.add_argument(
        "--requests", type=int, default=100, help="Requests per cell (map: a fifth of it, at least 10)."
    )
    parser.add_argument("--cell-seconds", type=float, default=40.0, help="Each cell stops after this long.")
    parser.add_argument("--write", action="store_true", help="Append the results to benchmarks/web/RESULTS.md.")
    parser.add_argument("--postgres", metavar="ADMIN_URL", help="Keep the store in PostgreSQL on this server.")
    parser.add_argument("--server-workers", type=int, default=1, help="`athar serve --workers N`: server processes.")
    args = parser.parse_args()
    if args.postgres:  # read by tests.conftest at import: every workspace gets its own PostgreSQL database
        os.environ["ATHAR_TEST_DATABASE_URL"] = args.postgres

    from tests.web.conftest import _database_for, _settings

    from athar.web.auth import Accounts, load_secret
    from athar.workspace import Workspace

    load_before = " ".join(f"{x:.1f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory(prefix="athar-web-bench-") as tmp:
        root = Path(tmp)
        began = time.perf_counter()
        dossiers = build(root, args.incidents, args.seed)
        built_s = time.perf_counter() - began
        with Workspace.open(_settings(root)) as ws:
            accounts = Accounts(ws.db.engine, load_secret(root))
            user = accounts.add_user("bench", "viewer", "bench-password-1", created_by="benchmark")
            cookie = f"athar_session={accounts.open_session(user)}"
        port = _free_port()
        serve_workers = ["--workers", str(args.server_workers)]
        server = subprocess.Popen(
            [sys.executable, "-m", "athar", "serve", "--host", "127.0.0.1", "--port", str(port), *serve_workers],
            env={**os.environ, "ATHAR_WORKSPACE": str(root), "ATHAR_DB": _database_for(root)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    if httpx.get(base + "/api/me", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.3)
            # The map and the timeline are cached until the next write; time their first, uncached, requests.
            cold = {}
            for path in (*MAP_VIEWS, MAP_VIEWS[0] + "&grade=fair", "/timeline"):
                began = time.perf_counter()
                httpx.get(base + path, headers={"Cookie": cookie}, timeout=300).raise_for_status()
                cold[path] = time.perf_counter() - began
                print(f"uncached {path}: {cold[path] * 1000:.0f} ms", flush=True)
            targets = {
                "incident list (/incidents, 50 rows)": ["/incidents", "/incidents?offset=500", "/incidents?grade=fair"],
                "map data (/api/map: Syria at zoom 6.5, Aleppo and Damascus at 10)": list(MAP_VIEWS),
                "dossier (/incidents/ID)": [f"/incidents/{i}" for i in dossiers],
            }
            rows = []
            for name, paths in targets.items():
                for clients in [int(c) for c in args.clients.split(",")]:
                    requests = max(10, args.requests // 5) if "map" in name else args.requests
                    requests = max(requests, clients)
                    result = asyncio.run(cell(base, cookie, paths, clients, requests, args.cell_seconds))
                    rows.append((name, clients, result))
                    print(
                        f"{name:<40} c={clients:<3} n={result['n']:<4} p50={result['p50'] * 1000:8.1f} ms "
                        f"p95={result['p95'] * 1000:8.1f} ms  {result['rps']:6.1f} req/s  "
                        f"failures={result['failures']}",
                        flush=True,
                    )
            size = len(httpx.get(base + MAP_VIEWS[0], headers={"Cookie": cookie}, timeout=120).content)
        finally:
            server.terminate()
            server.wait(timeout=30)
            if args.postgres:
                _drop_database(args.postgres, _database_for(root))

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout
    lines = [
        f"## {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC — {args.incidents:,} incidents",
        "",
        f"- command: `.venv/bin/python benchmarks/web/run.py --incidents {args.incidents} --requests {args.requests}"
        f" --cell-seconds {args.cell_seconds:g}{' --postgres …' if args.postgres else ''}"
        f" --server-workers {args.server_workers}`",
        f"- machine: {platform.node()}, {platform.machine()}, {os.cpu_count()} CPUs (shared), Python "
        f"{platform.python_version()}, {platform.platform()}; commit {commit.strip() or '?'} + working tree",
        f"- server: `athar serve --workers {args.server_workers}` (uvicorn), "
        f"{'PostgreSQL 15' if args.postgres else 'SQLite'}; "
        "client: httpx on the same machine over loopback,"
        " signed in as a viewer, accepting gzip and reading every byte without decoding it",
        f"- load average before / after: {load_before} / {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
        " (the machine is shared: other people's jobs were running)",
        f"- workspace built in {built_s:.0f} s; map response for the Syria view {size / 1e3:.1f} kB",
        "",
        "| page | clients | requests | p50 ms | p95 ms | req/s | failures |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, clients, r in rows:
        lines.append(
            f"| {name} | {clients} | {r['n']} | {r['p50'] * 1000:.0f} | {r['p95'] * 1000:.0f} | {r['rps']:.1f} |"
            f" {r['failures']} |"
        )
    lines.append("")
    lines.append(
        "First request after a write (the map, timeline and filter menus are cached until the custody head moves): "
        + ", ".join(f"`{path}` {seconds * 1000:.0f} ms" for path, seconds in cold.items())
        + "."
    )
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        out = Path(__file__).with_name("RESULTS.md")
        header = (
            ""
            if out.exists()
            else "# Web application load benchmark\n\nAppended by `benchmarks/web/run.py --write`.\n\n"
        )
        with out.open("a", encoding="utf-8") as handle:
            handle.write(header + text + "\n")


if __name__ == "__main__":
    main()
