"""Images and videos: the metadata they carry (EXIF/XMP, container tags), never their bytes changed.

Pillow reads EXIF, ffprobe reads containers and streams, and exiftool's full
JSON (``exiftool -json -G -n``) is kept beside them in ``MediaInfo.raw`` for
the custody record. The fields users search by are lifted out in order of
trust: EXIF, then XMP, then the container, then the file's own time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
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

IMAGE_NAME = "read.media.image.v2"
VIDEO_NAME = "read.media.video.v2"
FFPROBE_TIMEOUT_S = 60
EXIFTOOL_TIMEOUT_S = 120

# exiftool's File group also describes Athar's temporary copy (its name, folder,
# times, permissions): not the evidence, and different on every run.
_COPY_FIELDS = {
    "SourceFile",
    "File:FileName",
    "File:Directory",
    "File:FileModifyDate",
    "File:FileAccessDate",
    "File:FileInodeChangeDate",
    "File:FilePermissions",
}
# Where a capture time may be written, most trusted first: (exiftool key, source label).
_EXIFTOOL_TIMES = (
    ("EXIF:DateTimeOriginal", "exif:DateTimeOriginal"),
    ("EXIF:CreateDate", "exif:CreateDate"),
    ("XMP:DateTimeOriginal", "xmp:DateTimeOriginal"),
    ("XMP:DateCreated", "xmp:DateCreated"),
    ("XMP:CreateDate", "xmp:CreateDate"),
    ("QuickTime:CreationDate", "container:CreationDate"),
    ("QuickTime:CreateDate", "container:CreateDate"),
    ("EXIF:ModifyDate", "exif:DateTime"),
)
_TIME = re.compile(r"(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?")

_ISO6709 = re.compile(r"([+-]\d+(?:\.\d+)?)([+-]\d+(?:\.\d+)?)")


def read_media(path: Path, media_type: str, *, original: Path | None = None) -> tuple[MediaInfo, list[str]]:
    """Return what the file says about itself and any warnings (a damaged file still gets preserved).

    ``original`` is the input as the user gave it: its modification time is the
    capture time of last resort (the copy at ``path`` is Athar's own).
    """
    media, warnings = _read_image(path) if media_type in sniff.IMAGE_TYPES else _read_video(path)
    tool, problem = exiftool_json(path)
    if problem:
        warnings.append(problem)
    return _lift(media, tool, original), warnings


def exiftool_json(path: Path, *, timeout_s: float = EXIFTOOL_TIMEOUT_S) -> tuple[dict[str, Any], str | None]:
    """Return exiftool's full JSON for one file (groups named, numbers raw), or a reason it is missing."""
    exiftool = shutil.which("exiftool")
    if exiftool is None:
        return {}, "exiftool metadata not read: exiftool not found (install Debian's libimage-exiftool-perl)"
    # -api LargeFileSupport: a 4 GB video is walked atom by atom, never read whole.
    command = [exiftool, "-json", "-G", "-n", "-api", "LargeFileSupport=1", "--", str(path)]
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout_s, check=False)
        found = json.loads(done.stdout or b"[]")
    except (subprocess.TimeoutExpired, json.JSONDecodeError) as exc:
        return {}, f"exiftool metadata unreadable ({type(exc).__name__})"
    if not found or not isinstance(found[0], dict):
        return {}, "exiftool metadata unreadable (no output)"
    return {k: v for k, v in found[0].items() if k not in _COPY_FIELDS}, None


def _tool_time(text: Any) -> str | None:
    match = _TIME.fullmatch(text.strip()) if isinstance(text, str) else None
    if not match or match.group(1) == "0000":
        return None
    y, mo, d, h, mi, sec, fraction, zone = match.groups()
    return f"{y}-{mo}-{d}T{h}:{mi}:{sec}{fraction or ''}{zone or ''}"


def _lift(media: MediaInfo, tool: dict[str, Any], original: Path | None) -> MediaInfo:
    """Fill the fields Pillow or ffprobe left empty from exiftool's JSON (and the file's time)."""
    changes: dict[str, Any] = {}
    if media.captured_at is None:
        for key, source in _EXIFTOOL_TIMES:
            if found := _tool_time(tool.get(key)):
                offset = tool.get("EXIF:OffsetTimeOriginal")
                if key == "EXIF:DateTimeOriginal" and isinstance(offset, str) and len(found) == 19:
                    found += offset.strip()
                changes["captured_at"], changes["captured_at_source"] = found, source
                break
        else:
            if original is not None and original.is_file():
                mtime = dt.datetime.fromtimestamp(original.stat().st_mtime, dt.UTC)
                changes["captured_at"] = mtime.strftime("%Y-%m-%dT%H:%M:%SZ")
                changes["captured_at_source"] = "file:mtime"
    if media.latitude is None:
        lat, lon = tool.get("Composite:GPSLatitude"), tool.get("Composite:GPSLongitude")
        if isinstance(lat, (int, float)) and isinstance(lon, (int, float)):
            changes["latitude"], changes["longitude"] = round(float(lat), 7), round(float(lon), 7)
    if media.device is None:
        for group in ("EXIF", "QuickTime", "XMP"):
            device = " ".join(str(tool[f"{group}:{k}"]).strip() for k in ("Make", "Model") if tool.get(f"{group}:{k}"))
            if device:
                changes["device"] = device
                break
    if media.width is None and isinstance(size := tool.get("Composite:ImageSize"), str):
        parts = size.replace("x", " ").split()
        if len(parts) == 2 and all(p.isdigit() for p in parts):
            changes["width"], changes["height"] = int(parts[0]), int(parts[1])
    if tool:
        changes["raw"] = {**media.raw, "exiftool": tool}
    return dataclasses.replace(media, **changes) if changes else media


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
    import warnings

    from PIL import ExifTags, Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Only the header is read here: the pixel limit is enforced where pixels are decoded.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
        with image:
            width, height = image.size
            exif = image.getexif()
            base = {ExifTags.TAGS.get(k, str(k)): v for k, v in exif.items()}
            detail = {ExifTags.TAGS.get(k, str(k)): v for k, v in exif.get_ifd(ExifTags.IFD.Exif).items()}
            gps = {ExifTags.GPSTAGS.get(k, str(k)): v for k, v in exif.get_ifd(ExifTags.IFD.GPSInfo).items()}
            try:
                xmp = image.getxmp()
            except Exception:  # XMP is optional and often malformed
                xmp = {}
    except Image.DecompressionBombError:
        # Pillow refuses to open it at all; exiftool still gives its size and tags.
        return MediaInfo(kind="image", produced_by=IMAGE_NAME), []
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
    command = [
        ffprobe,
        "-v",
        "error",
        "-print_format",
        "json",
        "-show_format",
        "-show_streams",
        "-show_chapters",
        str(path),
    ]
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
    video: dict[str, Any] = next((s for s in streams if s.get("codec_type") == "video"), {})
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
