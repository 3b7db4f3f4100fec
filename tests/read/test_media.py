import shutil

import pytest
from PIL import Image

from athar.read import sniff
from athar.read.media import read_media
from tests.conftest import FIXTURES


def photo_with_exif(path):
    """A 64x64 JPEG like a phone's: camera, capture time, GPS over Kobani."""
    image = Image.new("RGB", (64, 64), (120, 80, 40))
    exif = Image.Exif()
    exif[0x010F] = "Samsung"  # Make
    exif[0x0110] = "SM-A505F"  # Model
    exif.get_ifd(0x8769)[0x9003] = "2019:11:06 10:31:07"  # DateTimeOriginal
    exif.get_ifd(0x8769)[0x9011] = "+03:00"  # OffsetTimeOriginal
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (36.0, 53.0, 27.6)
    gps[3], gps[4] = "E", (38.0, 21.0, 13.0)
    image.save(path, exif=exif)
    return path


def test_image_capture_time_gps_and_device_are_read(tmp_path):
    media, warnings = read_media(photo_with_exif(tmp_path / "p.jpg"), sniff.JPEG)
    assert warnings == []
    assert (media.kind, media.width, media.height) == ("image", 64, 64)
    assert media.captured_at == "2019-11-06T10:31:07+03:00"
    assert media.captured_at_source == "exif:DateTimeOriginal"
    assert media.latitude == pytest.approx(36.891, abs=1e-4)
    assert media.longitude == pytest.approx(38.3536, abs=1e-4)
    assert media.device == "Samsung SM-A505F"
    assert media.raw["exif"]["Make"] == "Samsung"


def test_image_without_metadata_has_none(tmp_path):
    path = tmp_path / "plain.png"
    Image.new("RGB", (8, 8)).save(path)
    media, warnings = read_media(path, sniff.PNG)
    assert warnings == []
    assert (media.width, media.captured_at, media.latitude) == (8, None, None)


def test_a_damaged_image_is_a_warning(tmp_path):
    path = tmp_path / "cut.jpg"
    path.write_bytes(photo_with_exif(tmp_path / "p.jpg").read_bytes()[:40])
    media, warnings = read_media(path, sniff.JPEG)
    assert media.kind == "image" and warnings and "unreadable" in warnings[0]


@pytest.mark.skipif(
    shutil.which("ffprobe") is None, reason="needs ffprobe (Debian package ffmpeg; .ci/run installs it)"
)
def test_video_duration_size_codec_time_and_place_are_read():
    media, warnings = read_media(FIXTURES / "media" / "clip.mp4", sniff.MP4)
    assert warnings == []
    assert (media.kind, media.width, media.height, media.duration_s) == ("video", 64, 48, 2.0)
    assert media.codecs == ("mpeg4",)
    assert media.captured_at == "2019-11-06T10:30:00.000000Z"
    assert (media.latitude, media.longitude) == (36.891, 38.3536)
    assert media.raw["format"]["format_name"].startswith("mov,mp4")
