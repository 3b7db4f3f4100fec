"""Deterministic test media for the near-duplicate benchmark: base pictures, their altered copies, clips.

Bases look like the pictures Athar receives (a street under a sky, a
captioned news still, a map, a rubble texture), drawn with Pillow and numpy
from fixed seeds. Transformations are the ones re-uploads go through.
"""

from __future__ import annotations

import io
import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
SIZE = (800, 600)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return ImageFont.load_default(size)


def _noise(rng: np.random.Generator, size: tuple[int, int], octaves: int = 5) -> np.ndarray:
    """Smooth random texture (summed upsampled noise), 0..1."""
    width, height = size
    total = np.zeros((height, width))
    for octave in range(octaves):
        cells = 2 ** (octave + 2)
        small = rng.random((cells, cells))
        layer = np.asarray(Image.fromarray((small * 255).astype(np.uint8)).resize(size, Image.Resampling.BICUBIC))
        total += layer / 255 / 2**octave
    return (total - total.min()) / (np.ptp(total) or 1)


def street(seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    width, height = SIZE
    top, bottom = rng.integers(60, 140), rng.integers(160, 230)
    sky = np.linspace(top, bottom, height)[:, None, None] + rng.integers(-30, 30, 3)
    image = Image.fromarray(np.clip(np.broadcast_to(sky, (height, width, 3)), 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for _ in range(int(rng.integers(5, 11))):
        x0, roof = int(rng.integers(0, width - 80)), int(rng.integers(height // 5, height - 80))
        colour = tuple(int(c) for c in rng.integers(50, 210, 3))
        draw.rectangle((x0, roof, x0 + int(rng.integers(60, 240)), height), fill=colour)
        for _ in range(10):
            wx, wy = x0 + int(rng.integers(5, 50)), roof + int(rng.integers(5, max(6, height - roof - 12)))
            draw.rectangle((wx, wy, wx + 10, wy + 14), fill=(25, 25, 35))
    smoke = _noise(rng, SIZE)[..., None] * np.array([60, 60, 60])
    pixels = np.asarray(image, dtype=np.float64) * 0.8 + smoke + rng.normal(0, 4, (height, width, 3))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def news_still(seed: int) -> Image.Image:
    image = street(seed + 1000)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, SIZE[1] - 90, SIZE[0], SIZE[1]), fill=(150, 0, 0))
    words = ["SHELLING", "DOUMA", "ALEPPO", "IDLIB", "RAQQA", "HOMS", "CONVOY", "HOSPITAL"]
    rng = np.random.default_rng(seed)
    text = " ".join(rng.choice(words, 3)) + f" {int(rng.integers(2012, 2024))}"
    draw.text((20, SIZE[1] - 75), text, fill=(255, 255, 255), font=_font(44))
    return image


def map_view(seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    height_map = _noise(rng, SIZE)
    colours = np.stack([200 - 80 * height_map, 190 - 40 * height_map, 150 + 40 * (1 - height_map)], axis=-1)
    image = Image.fromarray(np.clip(colours, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        points = [tuple(int(v) for v in rng.integers(0, 800, 2)) for _ in range(4)]
        draw.line(points, fill=(90, 90, 90), width=int(rng.integers(2, 6)))
    for _ in range(6):
        x, y = (int(v) for v in rng.integers(40, 560, 2))
        draw.ellipse((x - 6, y - 6, x + 6, y + 6), fill=(200, 20, 20))
        draw.text((x + 10, y - 10), f"P{int(rng.integers(1, 99))}", fill=(20, 20, 20), font=_font(20))
    return image


def rubble(seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    texture = _noise(rng, SIZE, octaves=7)
    grain = rng.normal(0, 0.08, (SIZE[1], SIZE[0]))
    base = np.clip(texture + grain, 0, 1)[..., None] * np.array([170, 155, 135]) + 40
    return Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))


KINDS: dict[str, Callable[[int], Image.Image]] = {
    "street": street,
    "news still": news_still,
    "map": map_view,
    "rubble": rubble,
}


def base_images(per_kind: int, *, first_seed: int = 0) -> list[tuple[str, Image.Image]]:
    out = []
    for kind, make in KINDS.items():
        for number in range(per_kind):
            out.append((f"{kind} {number}", make(first_seed + number)))
    return out


def _jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def _logo(image: Image.Image) -> Image.Image:
    out = image.copy()
    overlay = Image.new("RGBA", out.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    w, h = out.size
    draw.rounded_rectangle((w * 0.62, h * 0.04, w * 0.96, h * 0.18), radius=12, fill=(255, 255, 255, 170))
    draw.text((w * 0.65, h * 0.07), "NEWS 24", fill=(200, 0, 0, 255), font=_font(int(h * 0.07)))
    return Image.alpha_composite(out.convert("RGBA"), overlay).convert("RGB")


def _letterbox(image: Image.Image) -> Image.Image:
    w, h = image.size
    out = Image.new("RGB", (w, int(w * 1.0)), (0, 0, 0))  # square frame, bars above and below
    out.paste(image, (0, (out.height - h) // 2))
    return out


def _pillarbox(image: Image.Image) -> Image.Image:
    w, h = image.size
    out = Image.new("RGB", (int(h * 16 / 9), h), (0, 0, 0))
    out.paste(image, ((out.width - w) // 2, 0))
    return out


def _crop(image: Image.Image, share: float) -> Image.Image:
    w, h = image.size
    dx, dy = int(w * share / 2), int(h * share / 2)
    return image.crop((dx, dy, w - dx, h - dy))


def _colour(image: Image.Image) -> Image.Image:
    warmer = Image.merge(
        "RGB",
        [
            band.point(lambda v, k=k: min(255, int(v * k)))
            for band, k in zip(image.split(), (1.12, 1.0, 0.88), strict=True)
        ],
    )
    return ImageEnhance.Contrast(ImageEnhance.Color(warmer).enhance(1.3)).enhance(1.1)


TRANSFORMS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "jpeg q90": lambda im: _jpeg(im, 90),
    "jpeg q50": lambda im: _jpeg(im, 50),
    "jpeg q20": lambda im: _jpeg(im, 20),
    "jpeg q10": lambda im: _jpeg(im, 10),
    "resize 50%": lambda im: im.resize((im.width // 2, im.height // 2), Image.Resampling.LANCZOS),
    "resize 25%": lambda im: im.resize((im.width // 4, im.height // 4), Image.Resampling.LANCZOS),
    "logo overlay": _logo,
    "letterbox": _letterbox,
    "pillarbox 16:9": _pillarbox,
    "crop 5%": lambda im: _crop(im, 0.05),
    "crop 10%": lambda im: _crop(im, 0.10),
    "blur r=2": lambda im: im.filter(ImageFilter.GaussianBlur(2)),
    "colour shift": _colour,
    "re-post (50% + logo + q40)": lambda im: _jpeg(_logo(im.resize((im.width // 2, im.height // 2))), 40),
    "letterbox + q50": lambda im: _jpeg(_letterbox(im), 50),
}


# -- video ---------------------------------------------------------------------------


def slideshow(path: Path, images: list[Image.Image], *, seconds_each: int = 4, size: str = "640x360") -> Path:
    """A clip that pans slowly over each picture (like footage), cut from one to the next."""
    folder = path.parent / (path.stem + "-frames")
    folder.mkdir(parents=True, exist_ok=True)
    inputs: list[str] = []
    parts = []
    for number, image in enumerate(images):
        still = folder / f"{number}.png"
        image.save(still)
        inputs += ["-i", str(still)]  # one frame in: zoompan makes d frames of it
        frames = seconds_each * 25
        parts.append(
            f"[{number}:v]scale=1280:-2,zoompan=z='1+0.15*on/{frames}':x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)'"
            f":d={frames}:s={size}:fps=25,setsar=1[v{number}]"
        )
    graph = ";".join(parts) + ";" + "".join(f"[v{n}]" for n in range(len(images))) + f"concat=n={len(images)}:v=1[out]"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", *inputs, "-filter_complex", graph, "-map", "[out]",
         "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", str(path)],
        check=True,
    )  # fmt: skip
    return path


VIDEO_TRANSFORMS: dict[str, list[str]] = {
    "re-encoded h264 crf 35": ["-c:v", "libx264", "-preset", "veryfast", "-crf", "35"],
    "re-encoded mpeg4 at half size": ["-vf", "scale=320:-2", "-c:v", "mpeg4", "-q:v", "8"],
    "re-encoded vp9 (webm)": ["-c:v", "libvpx-vp9", "-b:v", "300k", "-deadline", "realtime", "-cpu-used", "8"],
    "trimmed (first 3.5 s cut)": ["-ss", "3.5", "-c:v", "libx264", "-preset", "veryfast", "-crf", "23"],
    "trimmed to 4 s from 5 s": ["-ss", "5", "-t", "4", "-c:v", "libx264", "-preset", "veryfast", "-crf", "28"],
    "letterboxed to 4:3 + crf 30": [
        "-vf", "scale=640:360,pad=640:480:0:60:black", "-c:v", "libx264", "-preset", "veryfast", "-crf", "30",
    ],
}  # fmt: skip


def transform_video(source: Path, target: Path, arguments: list[str]) -> Path:
    seek = arguments[:2] if arguments[:1] == ["-ss"] else []
    rest = arguments[2:] if seek else arguments
    suffix_args = ["-pix_fmt", "yuv420p"] if "libvpx-vp9" not in rest else []
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", *seek, "-i", str(source), *rest, *suffix_args, "-an", str(target)], check=True
    )
    return target
