"""URLs are fetched from a loopback server only, and preserved as WARC request/response pairs."""

from __future__ import annotations

import socket

import pytest
from warcio.archiveiterator import ArchiveIterator

from athar.errors import FetchError, InputError
from athar.locker.fetch import fetch_to_warc
from athar.settings import FetchSettings

LOOPBACK = FetchSettings(allow_private_addresses=True, timeout_s=5, max_redirects=5)


def records(stream):
    return [
        (r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.http_headers and r.http_headers.statusline)
        for r in ArchiveIterator(stream)
    ]


def test_a_page_is_kept_as_request_and_response_records(web):
    warc = fetch_to_warc(web("/article"), settings=LOOPBACK, max_bytes=1_000_000)
    found = records(warc)
    assert [kind for kind, _, _ in found] == ["warcinfo", "request", "response"]
    assert found[2][1] == web("/article")
    assert found[2][2] == "200 OK"
    warc.seek(0)
    for record in ArchiveIterator(warc):
        if record.rec_type == "response":
            assert record.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1"
            assert record.rec_headers.get_header("WARC-Payload-Digest")
            assert b"Car bomb kills at least eight" in record.content_stream().read()


def test_every_redirect_hop_is_recorded_and_the_final_url_kept(web):
    found = records(fetch_to_warc(web("/moved-twice"), settings=LOOPBACK, max_bytes=1_000_000))
    responses = [(uri, status) for kind, uri, status in found if kind == "response"]
    assert responses == [
        (web("/moved-twice"), "302 Found"),
        (web("/moved"), "301 Moved Permanently"),
        (web("/article"), "200 OK"),
    ]


def test_a_url_that_redirects_forever_is_refused(web):
    with pytest.raises(FetchError) as caught:
        fetch_to_warc(web("/loop-a"), settings=LOOPBACK, max_bytes=1_000_000)
    assert caught.value.code == "ATH252"
    assert "more than 5 times" in caught.value.message


def test_an_unreachable_url_is_one_clear_error():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    with pytest.raises(FetchError) as caught:
        fetch_to_warc(f"http://127.0.0.1:{port}/x", settings=LOOPBACK, max_bytes=1000)
    assert caught.value.code == "ATH251"
    assert "\n" not in caught.value.message


def test_an_unknown_host_is_one_clear_error():
    with pytest.raises(FetchError) as caught:
        fetch_to_warc("http://no-such-host.invalid/", settings=LOOPBACK, max_bytes=1000)
    assert caught.value.code == "ATH251"
    assert "cannot resolve no-such-host.invalid" in caught.value.message


def test_an_error_status_preserves_nothing(web):
    with pytest.raises(FetchError) as caught:
        fetch_to_warc(web("/missing"), settings=LOOPBACK, max_bytes=1000)
    assert caught.value.code == "ATH254"
    assert "404" in caught.value.message


def test_loopback_and_private_addresses_are_refused_by_default(web):
    with pytest.raises(FetchError) as caught:
        fetch_to_warc(web("/article"), settings=FetchSettings(), max_bytes=1000)
    assert caught.value.code == "ATH253"
    assert "fetch.allow_private_addresses" in caught.value.message


def test_a_body_over_the_limit_stops_the_download(web):
    with pytest.raises(InputError) as caught:
        fetch_to_warc(web("/big"), settings=LOOPBACK, max_bytes=50_000)
    assert caught.value.code == "ATH202"


@pytest.mark.parametrize("url", ["ftp://example.org/file", "http:///nohost"])
def test_only_http_urls_with_a_host_are_fetched(url):
    with pytest.raises(FetchError) as caught:
        fetch_to_warc(url, settings=LOOPBACK, max_bytes=1000)
    assert caught.value.code == "ATH255"
