"""Fetch a URL and preserve the exchange as WARC records (request and response, every hop).

Redirects are followed by hand so that each hop is recorded and each host is
checked: reports come from hostile places, so loopback and private-network
addresses are refused unless the settings allow them.
"""

from __future__ import annotations

import io
import ipaddress
import logging
import socket
import tempfile
from typing import IO
from urllib.parse import urljoin, urlsplit

from athar import __version__
from athar.errors import FetchError, InputError
from athar.settings import FetchSettings

logger = logging.getLogger(__name__)

CHUNK = 1 << 16
# Spool the WARC in memory up to this size, then on disk.
_SPOOL_BYTES = 8 << 20


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def _check_host(url: str, settings: FetchSettings) -> str:
    """Resolve the URL's host; return its address, refusing private ones unless allowed."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("ATH255", url=url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError("ATH251", url=url, reason=f"cannot resolve {parts.hostname} ({exc.strerror})") from None
    # Typeshed allows an int in sockaddr for other families; AF_INET/AF_INET6 give a str.
    addresses = [str(info[4][0]) for info in infos]
    if not settings.allow_private_addresses:
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            if not ip.is_global:
                raise FetchError("ATH253", url=url, host=parts.hostname, address=address)
    return addresses[0]


def fetch_to_warc(url: str, *, settings: FetchSettings, max_bytes: int) -> IO[bytes]:
    """Fetch ``url`` and return a stream of a gzipped WARC holding every hop.

    Raises FetchError for unreachable hosts, endless redirects and non-200
    answers; InputError ATH202 when the body passes ``max_bytes``.
    """
    import requests
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115 - returned to the caller
    writer = WARCWriter(out, gzip=True)
    writer.write_record(
        writer.create_warcinfo_record(
            "athar-capture.warc.gz", {"software": f"Athar {__version__}", "format": "WARC File Format 1.1"}
        )
    )
    session = requests.Session()
    current = url
    try:
        for _hop in range(settings.max_redirects + 1):
            address = _check_host(current, settings)
            request = requests.Request(
                "GET", current, headers={"User-Agent": settings.user_agent, "Accept": "*/*"}
            ).prepare()
            try:
                response = session.send(request, stream=True, allow_redirects=False, timeout=settings.timeout_s)
            except requests.RequestException as exc:
                raise FetchError("ATH251", url=url, reason=_reason(exc)) from None
            with response:
                body = _read_body(response, url=url, max_bytes=max_bytes)
                parts = urlsplit(current)
                target = parts.path or "/"
                if parts.query:
                    target += "?" + parts.query
                request_headers = StatusAndHeaders(
                    f"GET {target} HTTP/1.1",
                    [("Host", parts.netloc), *request.headers.items()],
                    is_http_request=True,
                )
                request_record = writer.create_warc_record(
                    current, "request", payload=io.BytesIO(b""), http_headers=request_headers
                )
                # The body is stored de-chunked, so the chunking header would mislead readers.
                headers = [
                    ("X-Archive-Orig-Transfer-Encoding", v) if k.lower() == "transfer-encoding" else (k, v)
                    for k, v in response.raw.headers.items()
                ]
                response_headers = StatusAndHeaders(
                    f"{response.status_code} {response.reason}", headers, protocol="HTTP/1.1"
                )
                response_record = writer.create_warc_record(
                    current,
                    "response",
                    payload=io.BytesIO(body),
                    http_headers=response_headers,
                    warc_headers_dict={"WARC-IP-Address": address},
                )
                request_record.rec_headers.add_header(
                    "WARC-Concurrent-To", response_record.rec_headers.get_header("WARC-Record-ID")
                )
                writer.write_record(request_record)
                writer.write_record(response_record)
                if response.is_redirect and response.headers.get("Location"):
                    current = urljoin(current, response.headers["Location"])
                    continue
                if response.status_code != 200:
                    raise FetchError("ATH254", url=url, status=f"{response.status_code} {response.reason}")
                logger.info("fetched %s (%d bytes) from %s", current, len(body), address)
                out.seek(0)
                return out
        raise FetchError("ATH252", url=url, limit=settings.max_redirects, last=current)
    except BaseException:
        out.close()
        raise


def _read_body(response: object, *, url: str, max_bytes: int) -> bytes:
    """Read the raw body as sent (content-encoding kept), refusing more than ``max_bytes``."""
    import requests

    buffer = bytearray()
    raw = response.raw  # type: ignore[attr-defined]
    try:
        while chunk := raw.read(CHUNK, decode_content=False):
            buffer += chunk
            if len(buffer) > max_bytes:
                raise InputError(
                    "ATH202",
                    name=url,
                    size=f"more than {max_bytes:,} bytes",
                    limit=f"{max_bytes:,} bytes",
                    sha256="download stopped at the limit",
                )
    except (requests.RequestException, OSError) as exc:
        raise FetchError("ATH251", url=url, reason=_reason(exc)) from None
    except Exception as exc:  # urllib3 wraps socket errors in its own types
        if exc.__class__.__module__.startswith("urllib3"):
            raise FetchError("ATH251", url=url, reason=_reason(exc)) from None
        raise
    return bytes(buffer)


def _reason(exc: BaseException) -> str:
    """The last line of a requests/urllib3 error chain: the part a person can act on."""
    text = str(exc)
    for marker in ("Failed to establish a new connection: ", "Caused by "):
        if marker in text:
            text = text.split(marker, 1)[1]
    return text.strip("()'\" ")[:200] or type(exc).__name__
