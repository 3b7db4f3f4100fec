# ruff: noqa: E501  (the report's Markdown table rows read best whole)
"""Media benchmark: near-duplicates (PDQ, pHash, combined), video re-uploads, the hash index, speed, OCR.

Everything is generated here from fixed seeds (benchmarks/media/generate.py):
no download, no file committed. Writes benchmarks/media/RESULTS.md.

    .venv/bin/python benchmarks/media/run.py            # about 4 minutes on 2 cores
    .venv/bin/python benchmarks/media/run.py --quick    # smaller sets, no 4 GB video
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata as metadata
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pdqhash
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parent))
import contextlib

import generate

from athar.media.frames import extract_frames
from athar.media.hashing import hash_picture, pdq_distance
from athar.media.index import MultiIndex, distances
from athar.media.ocr import read_text
from athar.media.records import FrameHash
from athar.media.similar import Catalog
from athar.settings import MediaSettings

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = MediaSettings()
PDQ_MATCH, PDQ_FLOOR, PHASH_MATCH = (
    SETTINGS.pdq_match_distance,
    SETTINGS.pdq_unreliable_quality,
    SETTINGS.phash_match_distance,
)

RULES: dict[str, Callable[[FrameHash, FrameHash], bool]] = {
    "PDQ ≤31 (quality >49)": lambda a, b: (
        pdq_distance(a.pdq, b.pdq) <= PDQ_MATCH and min(a.quality, b.quality) > PDQ_FLOOR
    ),
    "pHash ≤10": lambda a, b: pdq_distance(a.phash, b.phash) <= PHASH_MATCH,
    "combined (PDQ or pHash; Athar)": lambda a, b: RULES["PDQ ≤31 (quality >49)"](a, b) or RULES["pHash ≤10"](a, b),
}


def untrimmed(image: Image.Image) -> str:
    bits, _ = pdqhash.compute(np.asarray(image.convert("RGB")))
    return np.packbits(bits.astype(np.uint8)).tobytes().hex()


# -- images --------------------------------------------------------------------------


def images(per_kind: int, distinct_per_kind: int, out: list[str]) -> None:
    bases = generate.base_images(per_kind)
    distinct = bases + generate.base_images(distinct_per_kind, first_seed=100)
    started = time.perf_counter()
    base_hashes = [hash_picture(image) for _, image in bases]
    copies: dict[str, list[tuple[int, FrameHash, bool]]] = {}
    for name, transform in generate.TRANSFORMS.items():
        copies[name] = []
        for number, (_, image) in enumerate(bases):
            changed = transform(image)
            raw_pdq_match = pdq_distance(untrimmed(image), untrimmed(changed)) <= PDQ_MATCH
            copies[name].append((number, hash_picture(changed), raw_pdq_match))
    distinct_hashes = base_hashes + [hash_picture(image) for _, image in distinct[len(bases) :]]
    elapsed = time.perf_counter() - started
    hashed = len(bases) * (1 + len(generate.TRANSFORMS)) + len(distinct) - len(bases)

    out.append("## Near-duplicate images\n")
    out.append(
        f"{len(bases)} base pictures ({per_kind} each of: {', '.join(generate.KINDS)}; 800×600), "
        f"{len(generate.TRANSFORMS)} transformations of each, and {len(distinct)} distinct pictures "
        f"({len(distinct) * (len(distinct) - 1) // 2:,} pairs that must not match). Recall: share of "
        "(base, altered copy) pairs found. False-match rate: share of distinct pairs matched, and of "
        "(altered copy, any other base) pairs.\n"
    )
    header = "| transformation | " + " | ".join(RULES) + " | PDQ without border trimming | mean PDQ distance |"
    out += [header, "|" + "---|" * (len(RULES) + 3)]
    totals = dict.fromkeys(RULES, 0)
    count = 0
    for name, found in copies.items():
        cells = []
        for rule, matches in RULES.items():
            hits = sum(matches(base_hashes[number], h) for number, h, _ in found)
            totals[rule] += hits
            cells.append(f"{hits / len(found):.0%}")
        raw = sum(r for _, _, r in found) / len(found)
        mean = statistics.mean(pdq_distance(base_hashes[n].pdq, h.pdq) for n, h, _ in found)
        out.append(f"| {name} | " + " | ".join(cells) + f" | {raw:.0%} | {mean:.1f} |")
        count += len(found)
    out.append("| **all** | " + " | ".join(f"**{totals[r] / count:.1%}**" for r in RULES) + " | | |")

    pairs = [(a, b) for i, a in enumerate(distinct_hashes) for b in distinct_hashes[i + 1 :]]
    cross = [
        (base_hashes[other], h)
        for found in copies.values()
        for number, h, _ in found
        for other in range(len(bases))
        if other != number
    ]
    out.append("\n| false-match rate | " + " | ".join(RULES) + " |")
    out.append("|" + "---|" * (len(RULES) + 1))
    for label, group in (
        (f"distinct pictures ({len(pairs):,} pairs)", pairs),
        (f"altered copy vs other bases ({len(cross):,} pairs)", cross),
    ):
        cells = []
        for matches in RULES.values():
            wrong = sum(matches(a, b) for a, b in group)
            cells.append(f"{wrong / len(group):.3%} ({wrong})")
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    low = sum(h.quality <= PDQ_FLOOR for h in distinct_hashes)
    out.append(
        f"\n{hashed} pictures hashed in {elapsed:.1f} s ({elapsed / hashed * 1000:.0f} ms each: border trim, PDQ, "
        f"pHash; 800×600 and smaller). {low} of {len(distinct_hashes)} distinct pictures have a PDQ quality ≤ {PDQ_FLOOR}.\n"
    )


# -- video ---------------------------------------------------------------------------


def video_hashes(path: Path, work: Path) -> tuple[FrameHash, ...]:
    frames, _ = extract_frames(
        path,
        work,
        name=path.name,
        duration_s=None,
        fps=1.0,
        max_frames=300,
        scene_threshold=0.3,
        max_side=1280,
        timeout_s=600,
    )
    samples = [f for f in frames if f.kind == "sample"]
    hashes = []
    for number, frame in enumerate(samples):
        with Image.open(frame.path) as image:
            hashes.append(hash_picture(image.convert("RGB"), position=number, time_s=frame.time_s))
    for frame in frames:
        frame.path.unlink()
    return tuple(hashes)


def videos(originals: int, distinct: int, out: list[str], work: Path) -> None:
    pictures = [image for _, image in generate.base_images(3 * (originals + distinct) // 4 + 2, first_seed=300)]
    clips = []
    for number in range(originals + distinct):
        clips.append(generate.slideshow(work / f"clip{number}.mp4", pictures[3 * number : 3 * number + 3]))
    started = time.perf_counter()
    held = {f"clip{n}": video_hashes(path, work) for n, path in enumerate(clips[:originals])}
    strangers = {f"clip{n}": video_hashes(path, work) for n, path in enumerate(clips[originals:], start=originals)}
    catalog = Catalog.of((name, h) for name, hashes in held.items() for h in hashes)
    rows = []
    for name, arguments in generate.VIDEO_TRANSFORMS.items():
        found = 0
        fractions = []
        for number, source in enumerate(clips[:originals]):
            copy = generate.transform_video(
                source, work / f"copy{number}.{'webm' if 'vp9' in name else 'mp4'}", arguments
            )
            matches = {m.item_sha256: m for m in catalog.similar(video_hashes(copy, work), settings=SETTINGS)}
            match = matches.get(f"clip{number}")
            found += match is not None
            fractions.append(match.fraction if match else 0.0)
            copy.unlink()
        rows.append(f"| {name} | {found}/{originals} | {statistics.mean(fractions):.0%} |")
    false = sum(bool(catalog.similar(hashes, settings=SETTINGS)) for hashes in strangers.values())
    elapsed = time.perf_counter() - started
    out.append("## Near-duplicate video (bags of frame hashes)\n")
    out.append(
        f"{originals} held clips and {distinct} other clips, each 12 s at 640×360: three generated pictures, "
        "each slowly zoomed for 4 s (like footage), cut from one to the next. Each held clip is altered "
        "as re-uploads are, and looked up among the held ones by its frames (one a second): a match needs "
        f"{SETTINGS.video_match_fraction:.0%} of the shorter clip's frames to match.\n"
    )
    out += ["| altered copy | found | frames matched (mean) |", "|---|---|---|", *rows]
    out.append(f"\nFalse matches: {false} of {distinct} other clips matched a held one. ({elapsed:.0f} s in all.)\n")


# -- index ---------------------------------------------------------------------------


def index(size: int, out: list[str]) -> None:
    rng = np.random.default_rng(2026)
    stored = rng.integers(0, 256, (size, 32), dtype=np.uint8)
    queries, planted = [], []
    for row in rng.choice(size, 200, replace=False):
        bits = np.unpackbits(stored[row])
        bits[rng.choice(256, int(rng.integers(0, 32)), replace=False)] ^= 1
        queries.append(np.packbits(bits))
        planted.append(int(row))
    started = time.perf_counter()
    built = MultiIndex(stored)
    build = time.perf_counter() - started
    times, found = [], 0
    for query, row in zip(queries, planted, strict=True):
        t0 = time.perf_counter()
        rows, _ = built.search(query, PDQ_MATCH)
        times.append(time.perf_counter() - t0)
        found += row in rows.tolist()
    brute = []
    for query in queries[:20]:
        t0 = time.perf_counter()
        expected = np.nonzero(distances(stored, query) <= PDQ_MATCH)[0]
        brute.append(time.perf_counter() - t0)
        assert sorted(built.search(query, PDQ_MATCH)[0].tolist()) == expected.tolist()

    # The real path of `athar media similar`: rows from the database, index built, one lookup.
    from athar.store import Database
    from athar.store.tables_media import media_hashes

    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/bench.db")
        phashes = rng.integers(0, 2**63, size, dtype=np.int64)
        t0 = time.perf_counter()
        with db.engine.begin() as conn:
            for start in range(0, size, 50_000):
                conn.execute(
                    media_hashes.insert(),
                    [
                        {"item_sha256": f"sha256:{i:064x}", "position": 0, "time_s": None, "pdq": bytes(stored[i]).hex(),
                         "quality": 100, "phash": f"{int(phashes[i]):016x}", "box": "0,0,1,1"}
                        for i in range(start, min(size, start + 50_000))
                    ],
                )  # fmt: skip
        insert = time.perf_counter() - t0
        cache = Path(tmp) / "cache" / "media-hashes.npz"
        t0 = time.perf_counter()
        Catalog.load(db, cache=cache)
        load = time.perf_counter() - t0
        t0 = time.perf_counter()
        catalog = Catalog.load(db, cache=cache)
        cached = time.perf_counter() - t0
        query = FrameHash(0, bytes(queries[0]).hex(), 100, f"{int(phashes[planted[0]]):016x}")
        t0 = time.perf_counter()
        matches = catalog.similar((query,), settings=SETTINGS)
        lookup = time.perf_counter() - t0
        db.close()
    assert any(m.item_sha256 == f"sha256:{planted[0]:064x}" for m in matches)

    ms = sorted(t * 1000 for t in times)
    out.append("## Hash index (multi-index on 16 segments of 16 bits)\n")
    out.append(
        f"{size:,} random 256-bit hashes; 200 queries, each a stored hash with 0–31 bits flipped, radius 31.\n\n"
        f"| | time |\n|---|---|\n"
        f"| build the index | {build:.2f} s |\n"
        f"| lookup, mean / median / 99th percentile | {statistics.mean(ms):.2f} / {ms[len(ms) // 2]:.2f} / {ms[int(len(ms) * 0.99)]:.2f} ms |\n"
        f"| comparing with every hash (numpy, for reference) | {statistics.mean(brute) * 1000:.1f} ms a query |\n"
        f"| planted copies found | {found}/200 (same answers as comparing with every hash: checked on 20) |\n"
        f"| `Catalog.load` from SQLite ({size:,} rows: read, parse, build the index, save it) | {load:.1f} s (inserting the rows: {insert:.1f} s) |\n"
        f"| `Catalog.load` again, the table unchanged (the saved catalog: arrays and index orders) | {cached:.1f} s |\n"
        f"| `Catalog.similar` (PDQ index + pHash scan of all rows) | {lookup * 1000:.0f} ms |\n\n"
        "Random hashes are the easy case for a multi-index (few candidates per segment); real PDQ hashes cluster, "
        "so lookups among a million real ones will cost more candidates, and still far under a second: the "
        "worst case is the full comparison above.\n"
    )


# -- speed and OCR -------------------------------------------------------------------


def _cer(reference: str, found: str) -> float:
    a, b = " ".join(reference.split()), " ".join(found.split())
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1] / max(1, len(a))


CAPTIONS = {
    "eng": ["Shelling hits Douma market", "Convoy struck near Aleppo", "Hospital damaged in Idlib",
            "Residents flee eastern Ghouta", "Airstrike on Kafranbel school", "Rescue teams search rubble"],
    "ara": ["قصف على سوق دوما", "استهداف قافلة قرب حلب", "أضرار في مشفى إدلب",
            "نزوح الأهالي من الغوطة", "غارة على مدرسة كفرنبل", "فرق الإنقاذ تبحث تحت الأنقاض"],
}  # fmt: skip


def speed_and_ocr(work: Path, out: list[str]) -> None:
    from athar.read import sniff
    from athar.read.media import read_media

    photo = work / "photo.jpg"
    generate.street(7).resize((4000, 3000)).save(photo, quality=90)
    t0 = time.perf_counter()
    for _ in range(5):
        read_media(photo, sniff.JPEG)
    metadata_s = (time.perf_counter() - t0) / 5
    image = Image.open(photo).convert("RGB")
    t0 = time.perf_counter()
    for _ in range(5):
        hash_picture(image)
    hash_s = (time.perf_counter() - t0) / 5

    minute = work / "minute.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30:duration=60",
         "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", str(minute)],
        check=True,
    )  # fmt: skip
    t0 = time.perf_counter()
    read_media(minute, sniff.MP4)
    video_meta = time.perf_counter() - t0
    t0 = time.perf_counter()
    frames, _ = extract_frames(
        minute,
        work,
        name="minute.mp4",
        duration_s=60.0,
        fps=1.0,
        max_frames=300,
        scene_threshold=0.3,
        max_side=1280,
        timeout_s=600,
    )
    keyframes_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for number, frame in enumerate(f for f in frames if f.kind == "sample"):
        with Image.open(frame.path) as opened:
            hash_picture(opened.convert("RGB"), position=number)
    video_hash = time.perf_counter() - t0

    out.append("## Speed\n")
    out.append(
        "| step | time |\n|---|---|\n"
        f"| metadata of a 12-megapixel JPEG (Pillow EXIF + exiftool JSON) | {metadata_s * 1000:.0f} ms |\n"
        f"| hashes of a 12-megapixel photo (decode excluded; trim, PDQ, pHash) | {hash_s * 1000:.0f} ms |\n"
        f"| metadata of a minute of 720p video (ffprobe + exiftool) | {video_meta * 1000:.0f} ms |\n"
        f"| keyframes + 1 frame/s of a minute of 720p video (one ffmpeg pass, {len(frames)} JPEGs) | {keyframes_s:.1f} s |\n"
        f"| hashes of those 60 frames | {video_hash:.1f} s |\n"
    )

    rows = []
    for languages, label in (
        ("eng", "English captions, eng"),
        ("ara", "Arabic captions, ara"),
        ("ara+eng+rus+ukr", "Arabic captions, all four languages"),
    ):
        script = "eng" if label.startswith("English") else "ara"
        errors, chars, seconds = [], 0, 0.0
        for number, text in enumerate(CAPTIONS[script]):
            frame = generate.street(500 + number).resize((1280, 720))
            draw = ImageDraw.Draw(frame)
            draw.rectangle((0, 620, 1280, 720), fill=(0, 0, 0))
            draw.text(
                (40, 640),
                text,
                fill=(255, 255, 255),
                font=generate._font(48),
                direction="rtl" if script == "ara" else None,
            )
            t0 = time.perf_counter()
            found = read_text(frame, languages=languages, min_confidence=SETTINGS.ocr_min_confidence, timeout_s=120)
            seconds += time.perf_counter() - t0
            chars += len(found)
            line = next((line for line in found.splitlines() if any(w in line for w in text.split()[:2])), found)
            errors.append(_cer(text, line))
        rows.append(
            f"| {label} | {statistics.mean(errors):.1%} | {chars / seconds:.0f} | {seconds / len(CAPTIONS[script]):.1f} s |"
        )
    out.append("\n## Text in frames (Tesseract)\n")
    out.append(
        "Captions rendered on 1280×720 street frames (white on a black bar, DejaVu Sans Bold 48 px), six per "
        "script. Character error rate of the caption line (edit distance / caption length); characters per "
        "second counts everything Tesseract kept (words of confidence ≥ 60).\n"
    )
    out += ["| set | character error rate | characters / s | time per frame |", "|---|---|---|---|", *rows, ""]


def big_video(gigabytes: float, work: Path, out: list[str]) -> None:
    """A real clip followed by a padding box: gigabytes on disk, the ingest's memory stays flat."""
    clip = work / "short.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=5",
         "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", str(clip)],
        check=True,
    )  # fmt: skip
    big = work / "big.mp4"
    padding = int(gigabytes * 2**30)
    with open(big, "wb") as stream:
        stream.write(clip.read_bytes())
        stream.write((1).to_bytes(4, "big") + b"free" + (padding + 16).to_bytes(8, "big"))  # a 64-bit box size
        stream.truncate(stream.tell() + padding)
    script = (
        "import re, time\nfrom athar.cli import cli\nstart = time.time()\n"
        f"try:\n    cli(['--workspace', {str(work / 'ws')!r}, 'ingest', '--no-extract', {str(big)!r}])\n"
        "except SystemExit as done:\n    code = done.code\n"
        # VmHWM: this process's own peak (ru_maxrss would carry the benchmark's over exec).
        "hwm = int(re.search(r'VmHWM:\\s*(\\d+) kB', open('/proc/self/status').read()).group(1)) * 1024\n"
        "print('peak', hwm, 'seconds', time.time() - start, 'code', code)\n"
    )
    env = {**os.environ, "ATHAR_MEDIA__OCR": "false", "ATHAR_INGEST__MAX_ITEM_BYTES": str(padding * 2)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    fields = done.stdout.split("peak ")[1].split()
    peak, seconds, code = int(fields[0]), float(fields[2]), fields[4]
    size = big.stat().st_size
    out.append("## A 4 GB video\n")
    out.append(
        f"A 5-second clip followed by a padding box, {size / 2**30:.1f} GiB in all, ingested with "
        f"`ingest.max_item_bytes` raised above it (the default, 1 GiB, refuses it after hashing it to the end): "
        f"stored, read and analysed in {seconds:.0f} s with a peak memory of {peak / 2**20:.0f} MiB "
        f"(exit code {code}). Bytes are streamed in 1 MiB chunks to the locker; exiftool and ffmpeg seek "
        "past the padding.\n"
    )
    (work / "ws").exists() and subprocess.run(["rm", "-rf", str(work / "ws"), str(big)], check=False)


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    versions = ", ".join(
        f"{p} {metadata.version(p)}" for p in ("pdqhash", "ImageHash", "c2pa-python", "numpy", "pillow")
    )
    tools = []
    for command in (["ffmpeg", "-version"], ["tesseract", "--version"], ["exiftool", "-ver"]):
        with contextlib.suppress(OSError, IndexError):
            tools.append(subprocess.run(command, capture_output=True, text=True, check=False).stdout.splitlines()[0])
    return (
        f"{cpu}, {os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB; "
        f"Python {platform.python_version()}; {versions}; {'; '.join(tools)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sets, 100,000 hashes, no big video")
    parser.add_argument("--big-gb", type=float, default=4.0, help="size of the large-video check (0 skips it)")
    parser.add_argument("-o", "--output", default=str(Path(__file__).with_name("RESULTS.md")))
    args = parser.parse_args()
    started = time.perf_counter()
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT, check=False
    ).stdout.strip()
    out = [
        "# Media benchmark\n",
        f"Command: `.venv/bin/python benchmarks/media/run.py{' --quick' if args.quick else ''}`  ",
        f"Date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; commit {commit} (plus the working tree)  ",
        f"Machine: {machine()}\n",
        f"Thresholds: PDQ match ≤ {PDQ_MATCH}/256 with quality > {PDQ_FLOOR}; pHash match ≤ {PHASH_MATCH}/64; "
        f"video match: {SETTINGS.video_match_fraction:.0%} of the shorter clip's frames.\n",
    ]
    with tempfile.TemporaryDirectory(prefix="athar-bench-media-") as tmp:
        work = Path(tmp)
        images(2 if args.quick else 4, 10 if args.quick else 46, out)
        print("\n".join(out[-30:]), flush=True)
        videos(1 if args.quick else 2, 2 if args.quick else 6, out, work)
        index(100_000 if args.quick else 1_000_000, out)
        speed_and_ocr(work, out)
        if args.big_gb and not args.quick:
            big_video(args.big_gb, work, out)
    out.append(
        f"\nWhole run: {time.perf_counter() - started:.0f} s; peak memory of the benchmark process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB.\n"
    )
    Path(args.output).write_text("\n".join(out), "utf-8")
    print("\n".join(out))


if __name__ == "__main__":
    main()
