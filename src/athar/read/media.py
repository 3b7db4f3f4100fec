"""Images and videos: the metadata they carry (EXIF/XMP, container tags), never their bytes changed."""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from athar.read import sniff
from athar.records import MediaInfo

logger = logging.getLogger(__name__)

IMAGE_NAME = "read.media.image.v1"
VIDEO_NAME = "read.media.video.v1"
FFPROBE_TIMEOUT_S = 60

_ISO6709 = re.compile(r"([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)")


def read_media(path: Path, media_type: str) -> tuple[MediaInfo, list[str]]:
    """Return what the file says about itself and any warnings (a damaged file still gets preserved)."""
    if media_type in sniff.IMAGE_TYPES:
        return _read_image(path)
    return _read_video(path)


def _jsonable(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace").rstrip("\x00") if len(value) <= 256 else f"<{len(value)} bytes>"
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (int, str, bool)) or value is None:
        return value
    try:
        number = float(value)  # IFDRational and friends
    except (TypeError, ValueError, ZeroDivisionError):
        return str(value)
    return number if number == number else None  # NaN (0/0 rationals) is not JSON


def _exif_datetime(text: Any, offset: Any = None) -> str | None:
    if not isinstance(text, str):
        return None
    match = re.fullmatch(r"(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})", text.strip("\x00 "))
    if not match or match.group(1) == "0000":
        return None
    y, mo, d, h, mi, s = match.groups()
    zone = offset.strip("\x00 ") if isinstance(offset, str) and offset.strip("\x00 ") else ""
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}{zone}"


def _gps_degrees(values: Any, ref: Any) -> float | None:
    try:
        degrees, minutes, seconds = (float(v) for v in values)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    result = degrees + minutes / 60 + seconds / 3600
    return round(-result if str(ref).upper().startswith(("S", "W")) else result, 7)


def _read_image(path: Path) -> tuple[MediaInfo, list[str]]:
    from PIL import ExifTags, Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            width, height = image.size
            exif = image.getexif()
            base = {ExifTags.TAGS.get(k, str(k)): v for k, v in exif.items()}
            detail = {ExifTags.TAGS.get(k, str(k)): v for k, v in exif.get_ifd(ExifTags.IFD.Exif).items()}
            gps = {ExifTags.GPSTAGS.get(k, str(k)): v for k, v in exif.get_ifd(ExifTags.IFD.GPSInfo).items()}
            try:
                xmp = image.getxmp()
            except Exception:  # XMP is optional and often malformed
                xmp = {}
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        return MediaInfo(kind="image", produced_by=IMAGE_NAME), [f"image metadata unreadable ({exc})"]

    captured_at, source = None, None
    for key, offset_key in (("DateTimeOriginal", "OffsetTimeOriginal"), ("DateTimeDigitized", "OffsetTimeDigitized")):
        captured_at = _exif_datetime(detail.get(key), detail.get(offset_key))
        if captured_at:
            source = f"exif:{key}"
            break
    if captured_at is None and (captured_at := _exif_datetime(base.get("DateTime"))):
        source = "exif:DateTime"
    latitude = _gps_degrees(gps.get("GPSLatitude"), gps.get("GPSLatitudeRef")) if gps.get("GPSLatitude") else None
    longitude = _gps_degrees(gps.get("GPSLongitude"), gps.get("GPSLongitudeRef")) if gps.get("GPSLongitude") else None
    device = " ".join(str(base[k]).strip("\x00 ") for k in ("Make", "Model") if base.get(k)) or None
    raw = _jsonable({"exif": base, "exif_ifd": detail, "gps": gps, "xmp": xmp})
    return (
        MediaInfo(
            kind="image",
            width=width,
            height=height,
            captured_at=captured_at,
            captured_at_source=source,
            latitude=latitude,
            longitude=longitude,
            device=device,
            produced_by=IMAGE_NAME,
            raw=raw,
        ),
        [],
    )


def _read_video(path: Path) -> tuple[MediaInfo, list[str]]:
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        return MediaInfo(kind="video", produced_by=VIDEO_NAME), [
            "video metadata not read: ffprobe not found (install Debian's ffmpeg package)"
        ]
    command = [ffprobe, "-v", "error", "-print_format", "json", "-show_format", "-show_streams", str(path)]
    try:
        done = subprocess.run(command, capture_output=True, timeout=FFPROBE_TIMEOUT_S, check=False)
        probe = json.loads(done.stdout or b"{}")
    except (subprocess.TimeoutExpired, json.JSONDecodeError) as exc:
        return MediaInfo(kind="video", produced_by=VIDEO_NAME), [f"video metadata unreadable ({exc})"]
    if done.returncode != 0 or "format" not in probe:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["unknown"]
        return MediaInfo(kind="video", produced_by=VIDEO_NAME), [f"video metadata unreadable ({reason[0]})"]

    fmt = probe["format"]
    streams = probe.get("streams", [])
    video = next((s for s in streams if s.get("codec_type") == "video"), {})
    tags = {k.lower(): v for k, v in (fmt.get("tags") or {}).items()}
    latitude = longitude = None
    location = tags.get("com.apple.quicktime.location.iso6709") or tags.get("location")
    if location and (match := _ISO6709.match(location)):
        latitude, longitude = float(match.group(1)), float(match.group(2))
    creation = tags.get("com.apple.quicktime.creationdate") or tags.get("creation_time")
    device = " ".join(tags[k] for k in ("com.apple.quicktime.make", "com.apple.quicktime.model") if tags.get(k)) or None
    duration = fmt.get("duration")
    return (
        MediaInfo(
            kind="video",
            width=video.get("width"),
            height=video.get("height"),
            duration_s=round(float(duration), 3) if duration else None,
            captured_at=creation,
            captured_at_source="container:creation_time" if creation else None,
            latitude=latitude,
            longitude=longitude,
            device=device,
            codecs=tuple(s["codec_name"] for s in streams if s.get("codec_name")),
            produced_by=VIDEO_NAME,
            raw=probe,
        ),
        [],
    )
