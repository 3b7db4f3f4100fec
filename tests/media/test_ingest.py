"""Ingesting photos and videos: originals kept, frames derived and sealed, re-uploads named, bad input refused."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from athar.media import store
from athar.media.verify import problems
from athar.records import sha256_hex
from tests.media.conftest import audio_only, bomb_png, clip, needs_exiftool, needs_ffmpeg, needs_tesseract, photo

FIXTURES_CLIP = Path(__file__).resolve().parent.parent / "fixtures" / "media" / "clip.mp4"
FAST = {"ATHAR_MEDIA__OCR_LANGUAGES": "eng"}  # one language: the tests read English captions


def ingest(run_cli, *paths, env=None):
    return run_cli("ingest", "--no-extract", *map(str, paths), env={**FAST, **(env or {})})


def custody(workspace_db, action):
    return [e for e in workspace_db.iter_custody() if e.action == action]


def open_ws(settings):
    """The test's workspace as ``run_cli`` filled it (SQLite, or PostgreSQL in the suite's PostgreSQL pass)."""
    from athar.workspace import Workspace

    return Workspace.open(settings, create=False)


def test_a_resized_copy_is_reported_as_a_reupload_of_the_held_photo(run_cli, tmp_path):
    original = photo(tmp_path / "original.jpg", seed=11)
    first = ingest(run_cli, original)
    assert first.exit_code == 0, first.output
    from PIL import Image

    Image.open(original).resize((320, 240)).save(tmp_path / "repost.jpg", quality=40)
    second = ingest(run_cli, tmp_path / "repost.jpg")
    held = sha256_hex(original.read_bytes())
    assert f"re-upload of item {held} (PDQ distance" in second.output
    third = ingest(run_cli, photo(tmp_path / "other.jpg", seed=12))
    assert "re-upload" not in third.output


@needs_ffmpeg
def test_video_frames_are_new_items_linked_to_the_original_with_the_transformation_in_custody(
    run_cli, tmp_path, settings
):
    video = clip(tmp_path / "strike.mp4", seconds=6)
    before = video.read_bytes()
    result = ingest(run_cli, video)
    assert result.exit_code == 0, result.output
    sha = sha256_hex(before)
    with open_ws(settings) as ws:
        analysis = store.load_analysis(ws.db, sha)
        kinds = [d.kind for d in analysis.derivations]
        assert kinds.count("sample") == 6 and kinds.count("keyframe") == 2
        assert kinds.count("contact_sheet") == 1 and kinds.count("thumbnail") == 1
        assert [h.time_s for h in analysis.hashes] == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
        for derivation in analysis.derivations:
            item = ws.db.item(derivation.derived_sha256)
            assert item is not None and item.media_type == "image/jpeg"
            assert ws.blobs.rehash(item.sha256)[0] == item.sha256
        captures = {e.item_sha256: e for e in custody(ws.db, "capture")}
        frame = next(d for d in analysis.derivations if d.kind == "keyframe" and d.time_s == 3.0)
        detail = captures[frame.derived_sha256].details
        assert detail["derived_from"] == sha and detail["time_s"] == 3.0
        assert detail["transformation"]["tool"] == "ffmpeg"
        sealed = custody(ws.db, "analyse-media")
        assert [e.item_sha256 for e in sealed] == [sha]
        assert problems(ws.db) == []
        assert ws.blobs.path(sha).read_bytes() == before  # the original, untouched
    verified = run_cli("verify")
    assert verified.exit_code == 0, verified.output


@needs_tesseract
def test_text_in_a_photo_becomes_a_document_of_the_item(run_cli, tmp_path, settings):
    picture = photo(tmp_path / "banner.png", seed=3, caption="Aleppo hospital hit")
    result = ingest(run_cli, picture)
    assert result.exit_code == 0, result.output
    with open_ws(settings) as ws:
        [doc] = [d for d in ws.db.iter_documents()]
        assert doc.item_sha256 == sha256_hex(picture.read_bytes()) and doc.part == "ocr"
        assert "Aleppo hospital hit" in doc.body
        assert doc.produced_by == "media.ocr.v1"
        assert store.load_analysis(ws.db, doc.item_sha256).ocr_document == doc.id
    shown = run_cli("show", doc.id)
    assert "Aleppo hospital hit" in shown.output


@needs_exiftool
def test_exiftool_json_and_capture_source_are_kept_with_the_item(run_cli, tmp_path):
    picture = photo(tmp_path / "no-exif.png", seed=4)
    os.utime(picture, (1_500_000_000, 1_500_000_000))
    ingest(run_cli, picture)
    shown = json.loads(run_cli("media", "show", sha256_hex(picture.read_bytes())[7:19], "--json").output)
    media = shown["item"]["media"]
    assert media["raw"]["exiftool"]["File:MIMEType"] == "image/png"
    assert "File:FileName" not in media["raw"]["exiftool"]  # that named Athar's temporary copy
    assert (media["captured_at"], media["captured_at_source"]) == ("2017-07-14T02:40:00Z", "file:mtime")


def _truncated_jpeg(path):
    whole = photo(path.with_name("whole.jpg"), seed=5).read_bytes()
    path.write_bytes(whole[: len(whole) // 3])
    return path


def _truncated_mp4(path):
    whole = clip(path.with_name("whole.mp4"), seconds=4).read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    return path


BAD = {
    "truncated.jpg": (_truncated_jpeg, "ATH222", "cannot decode the image"),
    "bomb.png": (bomb_png, "ATH221", "30000x30000 is 900,000,000 pixels, over the limit of 150,000,000"),
    "sound.mp4": (audio_only, "ATH224", "no video stream (streams: audio aac)"),
    "truncated.mp4": (_truncated_mp4, "ATH223", "cannot decode the video"),
}


@needs_ffmpeg
@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_media_is_one_clear_error_the_original_kept_and_verify_clean(run_cli, tmp_path, name, settings):
    make, code, words = BAD[name]
    path = make(tmp_path / name)
    result = ingest(run_cli, path)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error[")]
    assert len(errors) == 1 and errors[0].startswith(f"error[{code}]: {path}: ")
    assert words in errors[0]
    sha = sha256_hex(path.read_bytes())
    with open_ws(settings) as ws:
        assert ws.db.item(sha) is not None and ws.blobs.rehash(sha)[0] == sha  # preserved as given
        analysis = store.load_analysis(ws.db, sha)
        assert analysis.problems == (code,) and analysis.hashes == ()
        assert [d.kind for d in analysis.derivations] == []
        assert [d for d in ws.db.iter_documents()] == []
    assert run_cli("verify").exit_code == 0


def test_an_extension_that_lies_is_named_and_the_bytes_win(run_cli, tmp_path):
    picture = photo(tmp_path / "p.jpg", seed=6)
    lying = tmp_path / "clip.mp4"
    lying.write_bytes(picture.read_bytes())
    result = ingest(run_cli, lying)
    assert "clip.mp4: named as video/mp4 but its bytes are image/jpeg; read as image/jpeg" in result.output
    text = tmp_path / "photo.jpg"
    text.write_text("not a photo at all\n")
    refused = ingest(run_cli, text)
    assert "error[ATH208]: " in refused.output and refused.exit_code == 1


def test_a_video_over_the_size_limit_is_hashed_streaming_and_refused(run_cli, tmp_path):
    big = tmp_path / "big.mp4"
    with open(big, "wb") as out:
        out.write(b"\x00\x00\x00\x18ftypmp42")
        out.truncate(50_000_000)  # sparse: 50 MB that cost no disk
    result = ingest(run_cli, big, env={"ATHAR_INGEST__MAX_ITEM_BYTES": "10000000"})
    assert "error[ATH202]: " in result.output and "raise ingest.max_item_bytes" in result.output


def _peak_memory_of_ingest(path, workspace):
    """Peak resident memory (bytes) of a fresh process that ingests ``path``, and its output."""
    script = (
        "import re\n"
        "from athar.cli import cli\n"
        "try:\n"
        f"    cli(['--workspace', {str(workspace)!r}, 'ingest', '--no-extract', {str(path)!r}])\n"
        "except SystemExit as done:\n"
        "    code = done.code\n"
        # VmHWM is this process's own high-water mark (ru_maxrss would carry the parent's over exec).
        "hwm = re.search(r'VmHWM:\\s*(\\d+) kB', open('/proc/self/status').read()).group(1)\n"
        "print('peak', int(hwm) * 1024, 'code', code)\n"
    )
    env = {**os.environ, "ATHAR_MEDIA__OCR": "false"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    assert "code 0" in done.stdout, done.stdout + done.stderr
    return int(done.stdout.split("peak ")[1].split()[0]), done.stdout


@needs_ffmpeg
def test_a_large_video_is_streamed_never_read_whole(tmp_path):
    """300 MB of video (a clip and a long padding box) costs no more memory than the clip alone."""
    video = clip(tmp_path / "short.mp4", seconds=2)
    big = tmp_path / "long.mp4"
    padding = 300_000_000
    with open(big, "wb") as out:
        out.write(video.read_bytes())
        out.write((padding + 8).to_bytes(4, "big") + b"free")
        out.truncate(out.tell() + padding)
    small_peak, _ = _peak_memory_of_ingest(video, tmp_path / "ws-small")
    big_peak, output = _peak_memory_of_ingest(big, tmp_path / "ws-big")
    assert "stored" in output
    assert big_peak - small_peak < 60_000_000 and big_peak < padding  # 300 MB: never in memory whole


def test_a_missing_tool_names_the_package_and_the_photo_is_still_kept(run_cli, tmp_path, monkeypatch, settings):
    import shutil

    real = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *a, **k: None if name == "ffmpeg" else real(name, *a, **k))
    video = tmp_path / "v.mp4"
    video.write_bytes((FIXTURES_CLIP).read_bytes())
    result = ingest(run_cli, video)
    assert "error[ATH226]: ffmpeg not found; install Debian's ffmpeg package to analyse media" in result.output
    with open_ws(settings) as ws:
        assert ws.db.item(sha256_hex(video.read_bytes())) is not None


def test_an_analysis_that_crashes_leaves_the_original_stored_and_says_how_to_redo_it(run_cli, tmp_path, monkeypatch):
    from athar.media import ingest as media_ingest

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(media_ingest, "analyse", broken)
    result = ingest(run_cli, photo(tmp_path / "p.jpg", seed=8))
    assert "not analysed (RuntimeError: disk full); run: athar media analyse" in result.output
    assert result.exit_code == 0 and "stored" in result.output


@needs_tesseract
def test_text_read_in_a_photo_flows_into_claim_extraction(run_cli, tmp_path, settings):
    caption = "Airstrike kills 12 in Douma"
    picture = photo(tmp_path / "still.png", seed=9, caption=caption)
    result = run_cli("ingest", str(picture), env=FAST)
    assert result.exit_code == 0, result.output
    with open_ws(settings) as ws:
        [doc] = list(ws.db.iter_documents())
        assert caption in doc.body
        assert doc.id in ws.db.stored_extractions()  # the extractor read it like any other document


@needs_ffmpeg
@needs_tesseract
def test_a_caption_on_screen_in_a_video_is_read_once(run_cli, tmp_path, settings):
    still = photo(tmp_path / "still.png", seed=10, caption="Convoy hit near Homs")
    video = tmp_path / "captioned.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-loop", "1", "-i", str(still), "-t", "3", "-r", "10",
         "-c:v", "libx264", "-pix_fmt", "yuv420p", str(video)],
        check=True,
    )  # fmt: skip
    assert ingest(run_cli, video).exit_code == 0
    with open_ws(settings) as ws:
        [doc] = list(ws.db.iter_documents())
        assert doc.item_sha256 == sha256_hex(video.read_bytes()) and doc.part == "ocr"
        assert doc.body.count("Convoy hit near Homs") == 1  # on screen for 3 s, read from 3 frames, kept once
        assert "0:00:00.0" in doc.notes
