"""Perceptual hashes of pictures: PDQ (Meta's, 256 bits) first, pHash (64 bits) second.

Uniform borders (letterbox bars, padding) are trimmed before hashing: both
hashes see the whole frame, so a re-upload with black bars would otherwise
look like another picture. Decoding is refused above a pixel limit, since a
small file can decompress to gigapixels.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from athar.errors import InputError
from athar.media.records import FrameHash

if TYPE_CHECKING:
    from PIL import Image

NAME = "media.hash.v1"
# PDQ works on at most 512 pixels a side (its reference implementation downsamples first).
_HASH_SIDE = 512
# Pixels sampled along each line when looking for borders.
_TRIM_SAMPLES = 512
_TRIM_TOLERANCE = 6  # grey levels a border pixel may differ from the border's colour (bars are flat; scenes are not)
_TRIM_SHARE = 0.98  # a line is border when this share of its pixels are the border's colour
_BORDER_DARK, _BORDER_LIGHT = 40, 215  # a border is darker or lighter than these grey levels
_TRIM_MAX = 0.4  # never trim more than this share of a side (a dark scene is not a letterbox)


def open_image(path: Path, *, name: str, max_pixels: int) -> Image.Image:
    """Decode an image into RGB, refusing it above ``max_pixels`` before any pixel is decoded."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None  # opening reads only the header; the limit is checked below, with the size
    try:
        image = Image.open(path)
        width, height = image.size
        if width * height > max_pixels:
            image.close()
            raise _too_large(name, width, height, max_pixels)
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise InputError("ATH222", name=name, reason=str(exc) or type(exc).__name__) from None
    finally:
        Image.MAX_IMAGE_PIXELS = previous
    # The picture as people see it: EXIF orientation applied, one colour model.
    return ImageOps.exif_transpose(image).convert("RGB")


def _too_large(name: str, width: int, height: int, limit: int) -> InputError:
    return InputError("ATH221", name=name, width=width, height=height, pixels=f"{width * height:,}", limit=f"{limit:,}")


def trim_box(image: Image.Image) -> tuple[int, int, int, int]:
    """The box (left, top, right, bottom) inside uniform borders; the whole picture when it has none."""
    width, height = image.size
    if width < 8 or height < 8:
        return (0, 0, width, height)
    grey = np.asarray(image.convert("L"), dtype=np.int16)
    # Every line at full resolution (a bar ends on an exact pixel), sampled along its length.
    rows = grey[:, :: max(1, width // _TRIM_SAMPLES)]
    columns = grey[:: max(1, height // _TRIM_SAMPLES), :].T

    def border_lines(lines: np.ndarray) -> int:
        reference = int(np.median(lines[0]))
        if _BORDER_DARK < reference < _BORDER_LIGHT:
            return 0  # bars and padding are black or white; a grey-blue edge is sky, and sky is content
        flat = (np.abs(lines - reference) <= _TRIM_TOLERANCE).mean(axis=1) >= _TRIM_SHARE
        count = int(np.argmin(flat)) if not flat.all() else len(flat)
        return count if count <= len(lines) * _TRIM_MAX else 0

    top, bottom = border_lines(rows), border_lines(rows[::-1])
    left, right = border_lines(columns), border_lines(columns[::-1])
    return (left, top, width - right, height - bottom)


def hash_picture(image: Image.Image, *, position: int = 0, time_s: float | None = None) -> FrameHash:
    """PDQ and pHash of a picture, after trimming its borders."""
    import imagehash
    import pdqhash
    from PIL import Image

    box = trim_box(image)
    picture = image.crop(box) if box != (0, 0, *image.size) else image
    if max(picture.size) > _HASH_SIDE:
        picture = picture.copy()
        picture.thumbnail((_HASH_SIDE, _HASH_SIDE), Image.Resampling.BOX)
    bits, quality = pdqhash.compute(np.ascontiguousarray(np.asarray(picture, dtype=np.uint8)))
    pdq = np.packbits(bits.astype(np.uint8)).tobytes().hex()
    phash = str(imagehash.phash(picture))
    return FrameHash(
        position=position, pdq=pdq, quality=int(quality), phash=phash, time_s=time_s, box=tuple(int(v) for v in box)
    )


def pdq_distance(a: str, b: str) -> int:
    """Bits that differ between two PDQ (or pHash) hex hashes."""
    return (int(a, 16) ^ int(b, 16)).bit_count()
