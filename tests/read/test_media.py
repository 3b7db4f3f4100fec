import os
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


XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:tiff="http://ns.adobe.com/tiff/1.0/"'
    b' xmp:CreateDate="2018-04-07T19:45:00+03:00" tiff:Make="DJI" tiff:Model="FC220"/>'
    b"</rdf:RDF></x:xmpmeta>"
)

needs_exiftool = pytest.mark.skipif(shutil.which("exiftool") is None, reason="needs exiftool (libimage-exiftool-perl)")


@needs_exiftool
def test_exiftools_full_json_is_kept_without_the_names_of_athars_copy(tmp_path):
    media, warnings = read_media(photo_with_exif(tmp_path / "p.jpg"), sniff.JPEG)
    assert warnings == []
    tool = media.raw["exiftool"]
    assert tool["EXIF:Make"] == "Samsung" and tool["Composite:GPSLatitude"] == pytest.approx(36.891, abs=1e-4)
    assert not {"SourceFile", "File:FileName", "File:Directory", "File:FileModifyDate"} & set(tool)
    assert media.captured_at_source == "exif:DateTimeOriginal"  # EXIF stays the first source


@needs_exiftool
def test_an_xmp_capture_time_and_device_are_lifted_when_exif_has_none(tmp_path):
    path = tmp_path / "drone.jpg"
    Image.new("RGB", (32, 32), (10, 20, 30)).save(path, xmp=XMP)
    media, _ = read_media(path, sniff.JPEG)
    assert (media.captured_at, media.captured_at_source) == ("2018-04-07T19:45:00+03:00", "xmp:CreateDate")
    assert media.device == "DJI FC220"


def test_the_files_own_time_is_the_last_resort_and_says_so(tmp_path):
    path = tmp_path / "plain.png"
    Image.new("RGB", (8, 8)).save(path)
    os.utime(path, (1_523_119_500, 1_523_119_500))
    media, _ = read_media(path, sniff.PNG, original=path)
    assert (media.captured_at, media.captured_at_source) == ("2018-04-07T16:45:00Z", "file:mtime")
    assert read_media(path, sniff.PNG)[0].captured_at is None  # no original named: no guess


@needs_exiftool
def test_a_decompression_bomb_is_described_from_its_header_not_decoded(tmp_path):
    from tests.media.conftest import bomb_png

    media, warnings = read_media(bomb_png(tmp_path / "bomb.png"), sniff.PNG)
    assert (media.width, media.height) == (30000, 30000)
    assert warnings == []


@needs_exiftool
@pytest.mark.skipif(shutil.which("ffprobe") is None, reason="needs ffprobe (Debian package ffmpeg)")
def test_video_keeps_ffprobes_and_exiftools_json():
    media, _ = read_media(FIXTURES / "media" / "clip.mp4", sniff.MP4)
    assert media.raw["streams"][0]["codec_type"] == "video"
    assert media.raw["exiftool"]["QuickTime:CreateDate"] == "2019:11:06 10:30:00"
