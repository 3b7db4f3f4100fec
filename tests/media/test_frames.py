"""Keyframes at scene changes and a frame per second, with their times; contact sheets and thumbnails."""

import itertools

import pytest
from PIL import Image

from athar.errors import InputError
from athar.media.frames import clock, contact_sheet, extract_frames, thumbnail
from tests.media.conftest import clip, needs_ffmpeg, scene

OPTIONS = {"fps": 1.0, "max_frames": 300, "scene_threshold": 0.3, "max_side": 1280, "timeout_s": 60}


@needs_ffmpeg
def test_scene_changes_and_one_frame_a_second_with_timestamps(tmp_path):
    video = clip(tmp_path / "two-scenes.mp4", seconds=6)
    frames, transformation = extract_frames(video, tmp_path, name="two-scenes.mp4", duration_s=6.0, **OPTIONS)
    samples = [f for f in frames if f.kind == "sample"]
    keyframes = [f for f in frames if f.kind == "keyframe"]
    assert [f.time_s for f in samples] == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    assert [f.time_s for f in keyframes] == [0.0, 3.0]  # the first frame, and the cut to colour bars
    assert all(f.path.is_file() and Image.open(f.path).size == (320, 240) for f in frames)
    assert transformation["tool"] == "ffmpeg" and "scene" in transformation["filter"]


@needs_ffmpeg
def test_a_long_video_is_sampled_more_sparsely(tmp_path):
    video = clip(tmp_path / "long.mp4", seconds=10)
    options = {**OPTIONS, "max_frames": 4}
    frames, transformation = extract_frames(video, tmp_path, name="long.mp4", duration_s=10.0, **options)
    assert len([f for f in frames if f.kind == "sample"]) <= 5
    assert transformation["fps"] == pytest.approx(0.4)


@needs_ffmpeg
def test_frames_are_scaled_down_to_the_largest_side(tmp_path):
    video = clip(tmp_path / "big.mp4", seconds=2, size="640x360")
    options = {**OPTIONS, "max_side": 320}
    frames, _ = extract_frames(video, tmp_path, name="big.mp4", duration_s=2.0, **options)
    assert Image.open(frames[0].path).size == (320, 180)


@needs_ffmpeg
def test_bytes_that_are_no_video_are_a_clear_error(tmp_path):
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x13" * 5000)
    with pytest.raises(InputError) as refused:
        extract_frames(junk, tmp_path, name="junk.mp4", duration_s=None, **OPTIONS)
    assert refused.value.code == "ATH223" and refused.value.message.startswith("junk.mp4: cannot decode the video")


def detail(image):
    grey = image.convert("L").tobytes()
    return sum(abs(a - b) for a, b in itertools.pairwise(grey))


def test_contact_sheet_and_thumbnails():
    frames = [(scene(seed), float(seed)) for seed in range(8)]
    sheet = contact_sheet(frames, columns=6, cell=240)
    assert sheet.size == (6 * 240, 2 * (135 + 16))
    small = thumbnail(scene(1), side=160)
    assert max(small.size) == 160
    blurred = thumbnail(scene(1), side=160, blur=True)
    # Blurring takes the detail away: neighbouring pixels become alike.
    assert detail(blurred) < detail(small) / 3
    assert clock(3725.25) == "1:02:05.2"
