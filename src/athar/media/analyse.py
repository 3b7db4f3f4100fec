"""Analyse one stored photo or video: hashes, frames, thumbnail, contact sheet, text, credentials.

The original is only read. Each file made from it is staged into the locker
as a new item and described by a :class:`Derivation` (what was done, by which
tool, with which settings), so custody can name the transformation.
A problem with the picture itself (too many pixels, undecodable, no video
stream) is reported with its code and stops only the parts that need pixels.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from athar.errors import InputError
from athar.locker.blobs import BlobStore, Staged
from athar.media import frames as framing
from athar.media import hashing, ocr, provenance
from athar.media.records import Derivation, FrameHash, MediaAnalysis
from athar.read import sniff
from athar.records import Item, utc_now

if TYPE_CHECKING:
    from PIL import Image

    from athar.settings import MediaSettings

logger = logging.getLogger(__name__)

NAME = "media.analyse.v1"
_DERIVED_MAX_BYTES = 1 << 30
DERIVED_PREFIX = "derived from "


@dataclass
class Analysed:
    """What analysing one item made: the record, the files staged for the locker, the text read."""

    analysis: MediaAnalysis
    staged: list[Staged] = field(default_factory=list)
    derived_items: list[Item] = field(default_factory=list)
    text: str = ""
    text_notes: str = ""
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Deriver:
    """Stage derived files into the locker and describe them, one item each."""

    def __init__(self, parent: Item, blobs: BlobStore, actor: str) -> None:
        self.parent = parent
        self.blobs = blobs
        self.actor = actor
        self.staged: list[Staged] = []
        self.items: dict[str, Item] = {}
        self.derivations: list[Derivation] = []

    def add(
        self,
        path: Path,
        *,
        kind: str,
        position: int,
        produced_by: str,
        transformation: dict[str, object],
        time_s: float | None = None,
    ) -> Derivation:
        with open(path, "rb") as stream:
            staged = self.blobs.stage(stream, max_bytes=_DERIVED_MAX_BYTES)
        self.staged.append(staged)
        derivation = Derivation(
            parent_sha256=self.parent.sha256,
            derived_sha256=staged.sha256,
            kind=kind,  # type: ignore[arg-type]
            position=position,
            time_s=time_s,
            transformation=transformation,
            produced_by=produced_by,
        )
        self.derivations.append(derivation)
        if staged.sha256 not in self.items:
            label = f"{kind} {position}" + (f" at {framing.clock(time_s)}" if time_s is not None else "")
            self.items[staged.sha256] = Item(
                sha256=staged.sha256,
                size=staged.size,
                media_type=sniff.JPEG,
                original_name=f"{self.parent.short_id}-{kind}-{position:06d}.jpg",
                source=f"{DERIVED_PREFIX}{self.parent.sha256} ({label})",
                captured_at=utc_now(),
                captured_by=self.actor,
                status="complete",
            )
        return derivation


def analyse(item: Item, path: Path, *, name: str, settings: MediaSettings, blobs: BlobStore, actor: str) -> Analysed:
    """Analyse the stored original at ``path`` (never changed); stage what is derived from it."""
    kind = "video" if item.media_type in sniff.VIDEO_TYPES else "image"
    credentials = provenance.read_credentials(path, item.media_type, trust_anchors=settings.c2pa_trust_anchors)
    deriver = _Deriver(item, blobs, actor)
    hashes: list[FrameHash] = []
    errors: list[InputError] = []
    text, notes = "", ""
    with tempfile.TemporaryDirectory(prefix="athar-media-") as tmp:
        work = Path(tmp)
        try:
            if kind == "image":
                hashes, text, notes = _image(path, name=name, settings=settings, deriver=deriver, work=work)
            else:
                hashes, text, notes = _video(item, path, name=name, settings=settings, deriver=deriver, work=work)
        except InputError as error:
            errors.append(error)
        except BaseException:
            for staged in deriver.staged:
                blobs.discard(staged)
            raise
    analysis = MediaAnalysis(
        item_sha256=item.sha256,
        kind=kind,  # type: ignore[arg-type]
        hashes=tuple(hashes),
        derivations=tuple(deriver.derivations),
        provenance=credentials,
        problems=tuple(e.code for e in errors),
        produced_by=NAME,
    )
    return Analysed(analysis, deriver.staged, list(deriver.items.values()), text=text, text_notes=notes, errors=errors)


def _image(
    path: Path, *, name: str, settings: MediaSettings, deriver: _Deriver, work: Path
) -> tuple[list[FrameHash], str, str]:
    image = hashing.open_image(path, name=name, max_pixels=settings.max_image_pixels)
    hashes = [hashing.hash_picture(image)]
    _thumbnail(image, settings=settings, deriver=deriver, work=work)
    text = ""
    if settings.ocr:
        text = ocr.read_text(
            image,
            languages=settings.ocr_languages,
            min_confidence=settings.ocr_min_confidence,
            timeout_s=settings.tool_timeout_s,
        )
    notes = (
        f"Text read from the image by Tesseract ({settings.ocr_languages}, "
        f"words of confidence ≥ {settings.ocr_min_confidence})"
    )
    return hashes, text if ocr.meaningful(text) else "", notes


def _thumbnail(image: Image.Image, *, settings: MediaSettings, deriver: _Deriver, work: Path) -> None:
    small = framing.thumbnail(image, side=settings.thumbnail_side)
    deriver.add(
        framing.save_jpeg(small, work / "thumbnail.jpg"),
        kind="thumbnail",
        position=0,
        produced_by=framing.THUMBNAIL_NAME,
        transformation={
            "tool": "pillow",
            "steps": ["exif orientation applied", f"fit within {settings.thumbnail_side} px"],
            "format": "jpeg",
            "quality": framing.JPEG_QUALITY,
        },
    )


def _video(
    item: Item, path: Path, *, name: str, settings: MediaSettings, deriver: _Deriver, work: Path
) -> tuple[list[FrameHash], str, str]:
    from PIL import Image

    raw = item.media.raw if item.media else {}
    streams = raw.get("streams") or []
    if "format" in raw and not any(s.get("codec_type") == "video" for s in streams):  # ffprobe read it: no video
        kinds = ", ".join(f"{s.get('codec_type')} {s.get('codec_name')}" for s in streams) or "none"
        raise InputError("ATH224", name=name, streams=kinds)
    frames, transformation = framing.extract_frames(
        path,
        work,
        name=name,
        duration_s=item.media.duration_s if item.media else None,
        fps=settings.frames_per_second,
        max_frames=settings.max_frames,
        scene_threshold=settings.scene_threshold,
        max_side=settings.frame_max_side,
        timeout_s=settings.tool_timeout_s,
    )
    samples = [f for f in frames if f.kind == "sample"] or [f for f in frames if f.kind == "keyframe"]
    keyframes = [f for f in frames if f.kind == "keyframe"]
    sheet_every = max(1, -(-len(samples) // settings.contact_sheet_frames))
    sheet: list[tuple[Image.Image, float]] = []
    hashes = []
    for frame in frames:
        deriver.add(
            frame.path,
            kind=frame.kind,
            position=frame.position,
            time_s=frame.time_s,
            produced_by=framing.FRAMES_NAME,
            transformation=transformation,
        )
    for number, frame in enumerate(samples):
        with Image.open(frame.path) as opened:
            picture = opened.convert("RGB")
        hashes.append(hashing.hash_picture(picture, position=number, time_s=frame.time_s))
        if number == 0:
            _thumbnail(picture, settings=settings, deriver=deriver, work=work)
        if number % sheet_every == 0 and len(sheet) < settings.contact_sheet_frames:
            small = picture.copy()
            small.thumbnail((240, 240))
            sheet.append((small, frame.time_s))
    if sheet:
        deriver.add(
            framing.save_jpeg(framing.contact_sheet(sheet), work / "contact_sheet.jpg"),
            kind="contact_sheet",
            position=0,
            produced_by=framing.SHEET_NAME,
            transformation={
                "tool": "pillow",
                "frames": [t for _, t in sheet],
                "columns": 6,
                "cell": 240,
                "format": "jpeg",
                "quality": framing.JPEG_QUALITY,
            },
        )
    # Scene changes first (a new caption usually comes with a cut), then frames spread over the rest.
    chosen = keyframes[: settings.ocr_max_frames]
    room = settings.ocr_max_frames - len(chosen)
    if room > 0 and samples:
        chosen += samples[:: max(1, -(-len(samples) // room))][:room]
    text, read_at = _video_text(sorted(chosen, key=lambda f: f.time_s), settings)
    notes = (
        f"Text read by Tesseract ({settings.ocr_languages}) from keyframes at "
        + ", ".join(framing.clock(t) for t in read_at)
        if read_at
        else ""
    )
    return hashes, text, notes


def _video_text(frames: list[framing.Frame], settings: MediaSettings) -> tuple[str, list[float]]:
    """Text of these frames, in time order; a caption on screen for a minute is kept once."""
    from PIL import Image

    if not settings.ocr or not frames:
        return "", []
    seen: set[str] = set()
    parts: list[str] = []
    read_at: list[float] = []
    for frame in frames:
        with Image.open(frame.path) as opened:
            found = ocr.read_text(
                opened,
                languages=settings.ocr_languages,
                min_confidence=settings.ocr_min_confidence,
                timeout_s=settings.tool_timeout_s,
            )
        read_at.append(frame.time_s)
        lines = [line for line in found.splitlines() if line.strip() and line.strip() not in seen]
        seen.update(line.strip() for line in lines)
        if ocr.meaningful("\n".join(lines)):
            parts.append("\n".join(lines))
    return "\n\n".join(parts), read_at
