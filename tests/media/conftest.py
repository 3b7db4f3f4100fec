"""Media the tests make themselves: photos drawn with Pillow (fixed seeds), clips from ffmpeg's test sources."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

needs_ffmpeg = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="needs ffmpeg (Debian package ffmpeg)")
needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="needs tesseract (Debian packages tesseract-ocr-{ara,eng,rus,ukr})"
)
needs_exiftool = pytest.mark.skipif(
    shutil.which("exiftool") is None, reason="needs exiftool (Debian package libimage-exiftool-perl)"
)


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return ImageFont.load_default(size)


def scene(seed: int, size: tuple[int, int] = (640, 480), caption: str | None = None) -> Image.Image:
    """A street-like picture: sky gradient, buildings, rubble noise; each seed a different one."""
    rng = np.random.default_rng(seed)
    width, height = size
    sky = np.linspace(rng.integers(60, 140), rng.integers(160, 230), height)[:, None, None]
    tint = rng.integers(-30, 30, 3)
    pixels = np.clip(np.broadcast_to(sky, (height, width, 3)) + tint, 0, 255).astype(np.uint8)
    image = Image.fromarray(np.ascontiguousarray(pixels))
    draw = ImageDraw.Draw(image)
    for _ in range(int(rng.integers(4, 9))):
        x0 = int(rng.integers(0, width - 60))
        top = int(rng.integers(height // 4, height - 60))
        colour = tuple(int(c) for c in rng.integers(40, 200, 3))
        draw.rectangle((x0, top, x0 + int(rng.integers(40, 200)), height), fill=colour)
        for _ in range(6):  # windows
            wx, wy = x0 + int(rng.integers(5, 35)), top + int(rng.integers(5, max(6, height - top - 10)))
            draw.rectangle((wx, wy, wx + 8, wy + 10), fill=(20, 20, 30))
    cx, cy, r = int(rng.integers(0, width)), int(rng.integers(0, height // 3)), int(rng.integers(20, 60))
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=(230, 220, 180))
    if caption:
        draw.rectangle((0, height - 70, width, height), fill=(0, 0, 0))
        draw.text((20, height - 60), caption, fill=(255, 255, 255), font=font(40))
    noise = rng.normal(0, 5, (height, width, 3))
    return Image.fromarray(np.clip(np.asarray(image, dtype=np.float64) + noise, 0, 255).astype(np.uint8))


def photo(path: Path, seed: int = 1, **kwargs: object) -> Path:
    image = scene(seed, **kwargs)  # type: ignore[arg-type]
    image.save(path, quality=90) if path.suffix.lower() in (".jpg", ".jpeg") else image.save(path)
    return path


def clip(path: Path, *, seconds: int = 6, size: str = "320x240", codec: str = "libx264") -> Path:
    """Two scenes (a moving test pattern, then colour bars): one scene change at the half."""
    half = seconds // 2
    subprocess.run(
        [
            "ffmpeg", "-v", "error", "-y",
            "-f", "lavfi", "-i", f"testsrc2=size={size}:rate=25:duration={half}",
            "-f", "lavfi", "-i", f"smptebars=size={size}:rate=25:duration={seconds - half}",
            "-filter_complex", "[0:v][1:v]concat=n=2:v=1[v]", "-map", "[v]",
            "-c:v", codec, "-pix_fmt", "yuv420p", str(path),
        ],
        check=True,
    )  # fmt: skip
    return path


def audio_only(path: Path) -> Path:
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=2", "-c:a", "aac", str(path)],
        check=True,
    )
    return path


def bomb_png(path: Path, side: int = 30_000) -> Path:
    """A real decompression bomb: a valid 1-bit PNG of side x side pixels, all black, a few hundred KB."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    packer = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    body = b"".join(packer.compress(row * 1000) for _ in range(side // 1000)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b""))
    return path
