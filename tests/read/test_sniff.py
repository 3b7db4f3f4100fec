import pytest

from athar.errors import InputError
from athar.read import sniff


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (b"%PDF-1.7\n...", "report.pdf", sniff.PDF),
        (b"%PDF-1.7\n...", "report.html", sniff.PDF),  # content wins over a wrong extension
        (b"\x89PNG\r\n\x1a\n....", "photo.png", sniff.PNG),
        (b"\xff\xd8\xff\xe0....", "photo.jpeg", sniff.JPEG),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "photo.webp", sniff.WEBP),
        (b"\x00\x00\x00\x18ftypisom", "clip.mp4", sniff.MP4),
        (b"\x00\x00\x00\x14ftypqt  ", "clip.mov", sniff.QUICKTIME),
        (b"\x1a\x45\xdf\xa3\x9fB\x86\x81\x01webm", "clip.webm", sniff.WEBM),
        (b"WARC/1.1\r\nWARC-Type: warcinfo", "crawl.warc", sniff.WARC),
        (b"<!DOCTYPE html><html>", "page.htm", sniff.HTML),
        (b"<!DOCTYPE html><html>", "page", sniff.HTML),
        (b"Plain report text.", "report.txt", sniff.TEXT),
        (b'{"text": "x"}\n', "batch.jsonl", sniff.JSONL),
        ("تقرير".encode("cp1256"), "report.txt", sniff.TEXT),
    ],
)
def test_sniff_recognises_formats(head, name, expected):
    assert sniff.sniff(head, name) == expected


def test_gzipped_warc_is_recognised_inside_the_gzip():
    import gzip

    assert sniff.sniff(gzip.compress(b"WARC/1.0\r\n" + b"x" * 100), "crawl.warc.gz") == sniff.WARC


@pytest.mark.parametrize(
    ("head", "name", "code"),
    [
        (b"", "empty.txt", "ATH201"),
        (bytes(range(256)) * 4, "junk.html", "ATH204"),
        (b"PK\x03\x04" + bytes(range(200)), "report.docx", "ATH203"),
        (b"Just text", "notes.md", "ATH203"),
        (b"not a pdf at all", "report.pdf", "ATH208"),
        (b"GIF89a" + bytes(range(100)), "anim.gif", "ATH203"),
    ],
)
def test_sniff_refuses_what_it_cannot_identify(head, name, code):
    with pytest.raises(InputError) as caught:
        sniff.sniff(head, name)
    assert caught.value.code == code
    assert name in caught.value.message
