import io

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from athar.errors import InputError
from athar.read.warc import iter_responses
from tests.conftest import FIXTURES


def make_warc(path, *, gzip=True):
    page = (FIXTURES / "read" / "article_with_comments.html").read_bytes()
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        for uri, status, ctype, body in [
            ("https://news.example/azaz", "200 OK", "text/html; charset=utf-8", page),
            ("https://news.example/style.css", "200 OK", "text/css", b"body{}"),
            ("https://news.example/old", "301 Moved", "text/html", b""),
            ("https://news.example/notes.txt", "200 OK", "text/plain", b"A plain note about shelling in Douma."),
        ]:
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
            )
    return path


@pytest.mark.parametrize("gzip", [True, False])
def test_each_readable_200_response_is_yielded_with_its_url(tmp_path, gzip):
    responses = list(iter_responses(make_warc(tmp_path / "c.warc.gz", gzip=gzip), name="c.warc.gz"))
    assert [(r.url, r.media_type, r.charset) for r in responses] == [
        ("https://news.example/azaz", "text/html", "utf-8"),
        ("https://news.example/notes.txt", "text/plain", None),
    ]
    assert b"Azaz" in responses[0].payload


@pytest.mark.parametrize("gzip", [True, False])
def test_a_truncated_archive_keeps_the_good_records_and_reports_the_rest(tmp_path, gzip):
    path = make_warc(tmp_path / "c.warc", gzip=gzip)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.95)])
    results = list(iter_responses(path, name="c.warc"))
    assert results[0].url == "https://news.example/azaz"
    assert isinstance(results[-1], InputError) and results[-1].code == "ATH208"
