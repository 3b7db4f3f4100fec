"""Frames of a video (ffmpeg), thumbnails and contact sheets (Pillow): the files derived from media.

One ffmpeg pass decodes the video once and writes two series: keyframes,
where the scene changes (and the first frame), and samples, a frame per
second. ffmpeg streams the video, so a 4 GB file costs time, never memory.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from athar.errors import InputError

if TYPE_CHECKING:
    from PIL import Image

FRAMES_NAME = "media.frames.v1"
SHEET_NAME = "media.contact_sheet.v1"
THUMBNAIL_NAME = "media.thumbnail.v1"
JPEG_QUALITY = 90  # derived files are for looking at; the original is the evidence

_SHOWINFO = re.compile(r"\[Parsed_showinfo_(\d+) @ [^\]]+\] n:\s*\d+ pts:\s*-?\d+ pts_time:(-?[\d.e+-]+)")
# The filter graph below: showinfo #2 follows the scene selection, #5 the sampler.
_SERIES = {"2": "keyframe", "5": "sample"}


@dataclass(frozen=True)
class Frame:
    """A frame written by ffmpeg: where it is, its time in the video, which series it belongs to."""

    path: Path
    time_s: float
    kind: str  # keyframe | sample
    position: int


def ffmpeg() -> str:
    found = shutil.which("ffmpeg")
    if found is None:
        raise InputError("ATH226", tool="ffmpeg", package="ffmpeg")
    return found


def extract_frames(
    path: Path,
    out: Path,
    *,
    name: str,
    duration_s: float | None,
    fps: float,
    max_frames: int,
    scene_threshold: float,
    max_side: int,
    timeout_s: float,
) -> tuple[list[Frame], dict[str, object]]:
    """Write keyframes and samples of the first video stream to ``out``; return them and the settings used."""
    if duration_s and duration_s * fps > max_frames:
        fps = max_frames / duration_s  # a long video is sampled more sparsely, never more than max_frames
    scale = f"scale=w='min(iw,{max_side})':h='min(ih,{max_side})':force_original_aspect_ratio=decrease"
    graph = (
        f"[0:v:0]split=2[a][b];[a]select='eq(n\\,0)+gt(scene\\,{scene_threshold})',showinfo,{scale}[k];"
        f"[b]fps={fps:.6g},showinfo,{scale}[s]"
    )
    command = [
        ffmpeg(), "-nostdin", "-hide_banner", "-nostats", "-loglevel", "info", "-i", str(path),
        "-filter_complex", graph,
        "-map", "[k]", "-fps_mode", "vfr", "-q:v", "2", str(out / "keyframe_%06d.jpg"),
        "-map", "[s]", "-fps_mode", "vfr", "-q:v", "2", str(out / "sample_%06d.jpg"),
    ]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired:
        raise InputError("ATH223", name=name, reason=f"ffmpeg took more than {timeout_s:.0f} s") from None
    log = done.stderr.decode("utf-8", "replace")
    times: dict[str, list[float]] = {"keyframe": [], "sample": []}
    for match in _SHOWINFO.finditer(log):
        if match.group(1) in _SERIES:
            times[_SERIES[match.group(1)]].append(float(match.group(2)))
    frames = []
    for kind, found in times.items():
        for number, time_s in enumerate(found, start=1):
            file = out / f"{kind}_{number:06d}.jpg"
            if file.is_file():
                frames.append(Frame(file, round(time_s, 3), kind, number - 1))
    if done.returncode != 0 and not frames:
        lines = [line for line in log.splitlines() if line.strip() and "showinfo" not in line]
        raise InputError("ATH223", name=name, reason=(lines[-1] if lines else f"ffmpeg exit {done.returncode}")[:200])
    if not frames:
        raise InputError("ATH223", name=name, reason="no frame could be decoded")
    transformation = {
        "tool": "ffmpeg",
        "filter": graph,
        "fps": round(fps, 6),
        "scene_threshold": scene_threshold,
        "max_side": max_side,
        "format": "jpeg",
        "quality": "q:v 2",
    }
    return frames, transformation


def thumbnail(image: Image.Image, *, side: int, blur: bool = False) -> Image.Image:
    """A small copy of a picture (blurred beyond recognition when ``blur``: graphic content)."""
    from PIL import ImageFilter

    small = image.convert("RGB").copy()
    small.thumbnail((side, side))
    if blur:
        small = small.filter(ImageFilter.GaussianBlur(radius=max(8, side // 12)))
    return small


def contact_sheet(frames: list[tuple[Image.Image, float]], *, columns: int = 6, cell: int = 240) -> Image.Image:
    """A grid of frames, each labelled with its time in the video (for the dossier, and a glance)."""
    from PIL import Image, ImageDraw

    rows = (len(frames) + columns - 1) // columns
    label = 16
    sheet = Image.new("RGB", (columns * cell, rows * (cell * 9 // 16 + label)), (24, 24, 24))
    draw = ImageDraw.Draw(sheet)
    for number, (frame, time_s) in enumerate(frames):
        small = frame.convert("RGB").copy()
        small.thumbnail((cell, cell * 9 // 16))
        x, y = (number % columns) * cell, (number // columns) * (cell * 9 // 16 + label)
        sheet.paste(small, (x + (cell - small.width) // 2, y))
        draw.text((x + 4, y + cell * 9 // 16 + 2), clock(time_s), fill=(230, 230, 230))
    return sheet


def clock(seconds: float) -> str:
    """``h:mm:ss.s`` for a time in a video."""
    whole = int(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}.{int(round(seconds - whole, 1) * 10) % 10}"


def save_jpeg(image: Image.Image, path: Path) -> Path:
    # Fixed options and no timestamps in the file: the same input gives the same bytes, hence the same item.
    image.convert("RGB").save(path, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return path
