"""Athar's error catalogue: stable codes, messages that say what to do next.

Library code raises these; only ``cli.py`` turns them into one line for the
user (``error[ATH204]: …``). Exit codes: 1 error, 2 usage, 3 evidence failed
verification.
"""

from __future__ import annotations

# code -> one-line template. Keep codes stable: users and scripts match on them.
MESSAGES: dict[str, str] = {
    # ATH1xx: configuration
    "ATH101": "unknown setting {key!r} (known in [{section}]: {known})",
    "ATH102": "setting {key!r} must be {expected}, not {value!r}",
    "ATH103": "cannot read configuration file {path}: {reason}",
    # ATH2xx: input
    "ATH201": "{name}: empty file (0 bytes); nothing to preserve",
    "ATH202": "{name}: {size} exceeds the limit of {limit} ({sha256}); raise ingest.max_item_bytes to accept it",
    "ATH203": "{name}: unsupported type {kind}; supported: {supported}",
    "ATH204": "{name}: binary data, not {expected} text; check the file or its extension",
    "ATH205": "{name}: not text in any encoding Athar recognises; re-encode it as UTF-8 or pass --encoding",
    "ATH206": "{name}: line {line}: {reason}",
    "ATH207": "{name}: no such file or folder",
    "ATH208": "{name}: cannot read {kind}: {reason}",
    "ATH209": "{name}: invalid metadata {field}={value!r}: {reason}",
    "ATH210": "{name}: no readable text found ({reason})",
    "ATH211": "{name}: does not decode as {encoding} ({reason}); check --encoding",
    # ATH22x: images and video (the original stays preserved; only its analysis is refused)
    "ATH221": "{name}: {width}x{height} is {pixels} pixels, over the limit of {limit}; preserved, not decoded "
    "(a decompression bomb? raise media.max_image_pixels to decode it)",
    "ATH222": "{name}: cannot decode the image ({reason}); preserved, not analysed",
    "ATH223": "{name}: cannot decode the video ({reason}); preserved, not analysed",
    "ATH224": "{name}: no video stream (streams: {streams}); preserved with its metadata, no frames or hashes",
    "ATH225": "{ref}: not an image or video ({media_type}); media commands take photos and videos",
    "ATH226": "{tool} not found; install Debian's {package} package to analyse media",
    "ATH227": "{ref}: not attached to incident {incident} (list them: athar media list --incident {incident})",
    # ATH25x: fetching URLs
    "ATH251": "{url}: could not fetch: {reason}",
    "ATH252": "{url}: redirected more than {limit} times (last: {last})",
    "ATH253": "{url}: refused: {host} resolves to a private or local address ({address}); "
    "set fetch.allow_private_addresses = true to allow it",
    "ATH254": "{url}: HTTP {status}; nothing preserved",
    "ATH255": "{url}: only http(s) URLs can be fetched",
    "ATH261": "decision: {reason}",
    "ATH262": "migrate: {reason}",
    "ATH263": "export wacz: {reason}",
    # ATH3xx: integrity (exit code 3)
    "ATH301": "item {sha256}: stored bytes hash to {actual}; the file was altered",
    "ATH302": "item {sha256}: stored file is missing ({path})",
    "ATH303": "custody entry #{seq}: {reason}",
    "ATH304": "custody log ends at #{seq} but its head says #{head_seq}: entries were removed or added outside Athar",
    "ATH305": "document {doc_id}: {reason}",
    "ATH306": "item {sha256}: {reason}",
    "ATH307": "custody head is {actual}, not the expected {expected}",
    "ATH308": "incidents: {reason}",
    "ATH309": "media: {reason}",
    # ATH4xx: lookups
    "ATH401": "no document or item matches {ref!r} (list them: athar documents)",
    "ATH402": "{ref!r} matches several documents ({matches}); give more characters",
    "ATH403": "no Athar workspace at {path} (create one: athar ingest PATH --workspace {path})",
    "ATH404": "no source in the registry is called {ref!r} (list them: athar sources)",
    "ATH405": "no incident {ref!r} (an id, or its first 6 characters or more; list them: athar incidents)",
    "ATH406": "incident {ref!r} was merged into {into} by decision #{seq}: use that id",
}


class AtharError(Exception):
    """An error with a stable code and a message for the user."""

    exit_code = 1

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(MESSAGES[code].format(**params))

    @property
    def message(self) -> str:
        return str(self)


class ConfigError(AtharError):
    """A setting or configuration file is wrong."""


class InputError(AtharError):
    """An input cannot be preserved or read."""


class FetchError(InputError):
    """A URL could not be fetched."""


class IntegrityError(AtharError):
    """Stored evidence or the custody log fails verification."""

    exit_code = 3


class NotFoundError(AtharError):
    """A lookup matched nothing (or too much)."""
