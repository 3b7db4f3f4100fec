"""Text in pictures (captions, watermarks, on-screen dates) with Tesseract, from Debian's packages.

Tesseract's TSV output gives each word a confidence; words below the
threshold are dropped, so a photo of rubble does not become a page of noise.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from athar.errors import InputError

if TYPE_CHECKING:
    from PIL import Image

NAME = "media.ocr.v1"
# Tiny pictures (thumbnails, small frames) are enlarged twice over before reading; larger ones are read
# as they are: Tesseract's page layout analysis loses lines in pictures resized by odd factors.
_SMALL_SIDE = 600


def tesseract() -> str:
    found = shutil.which("tesseract")
    if found is None:
        raise InputError("ATH226", tool="tesseract", package="tesseract-ocr")
    return found


def read_text(image: Image.Image, *, languages: str, min_confidence: int, timeout_s: float) -> str:
    """The text Tesseract is sure enough of, one line per line of the picture, paragraphs apart."""
    from PIL import Image

    # Colour, not grey: Tesseract's own binarisation reads light-on-dark captions that Pillow's grey loses.
    picture = image.convert("RGB")
    if max(picture.size) < _SMALL_SIDE:
        picture = picture.resize((picture.width * 2, picture.height * 2), Image.Resampling.LANCZOS)
    with tempfile.TemporaryDirectory(prefix="athar-ocr-") as tmp:
        path = Path(tmp) / "page.png"
        picture.save(path)
        # One thread each: several analyses may run side by side, and OpenMP oversubscribes.
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        command = [tesseract(), str(path), "stdout", "-l", languages, "--psm", "3", "tsv"]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout_s, check=False, env=env)
        except subprocess.TimeoutExpired:
            return ""
    if done.returncode != 0:
        return ""
    return _lines_from_tsv(done.stdout.decode("utf-8", "replace"), min_confidence)


def _lines_from_tsv(tsv: str, min_confidence: int) -> str:
    lines: dict[tuple[int, int, int], list[str]] = {}
    for row in tsv.splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) < 12 or fields[0] != "5":  # level 5: a word
            continue
        try:
            confidence = float(fields[10])
        except ValueError:
            continue
        word = fields[11].strip()
        if word and confidence >= min_confidence:
            lines.setdefault((int(fields[2]), int(fields[3]), int(fields[4])), []).append(word)
    out: list[str] = []
    last_paragraph: tuple[int, int] | None = None
    for (block, paragraph, _line), words in sorted(lines.items()):
        if last_paragraph is not None and (block, paragraph) != last_paragraph:
            out.append("")
        out.append(" ".join(words))
        last_paragraph = (block, paragraph)
    return "\n".join(out).strip()


def meaningful(text: str) -> bool:
    """Enough letters to be worth a document (a stray 'll' from a fence is not)."""
    return sum(ch.isalpha() for ch in text) >= 4
