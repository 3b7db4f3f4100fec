"""Turn bytes into text: declared charset, then UTF-8, then detection."""

from __future__ import annotations

import codecs
import re
import unicodedata

import charset_normalizer

from athar.errors import InputError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag, if Python knows it."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode(data: bytes, *, name: str, declared: str | None = None, forced: str | None = None) -> tuple[str, str]:
    """Return (text, encoding). Raises InputError when no encoding fits.

    A declared encoding is trusted only if the bytes decode under it: pages
    often claim one charset and use another. A ``forced`` one (the user's
    ``--encoding``) is the only one tried.
    """
    if forced:
        try:
            return data.decode(forced), codecs.lookup(forced).name
        except UnicodeDecodeError as exc:
            raise InputError("ATH211", name=name, encoding=forced, reason=f"byte {exc.start}: {exc.reason}") from None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding.replace("-sig", "")
    for candidate in (declared, "utf-8"):
        if candidate:
            try:
                return data.decode(candidate), codecs.lookup(candidate).name
            except (UnicodeDecodeError, LookupError):
                continue
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise InputError("ATH205", name=name)
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputError("ATH205", name=name) from None
    if not _reads_as_language(text):
        # Single-byte encodings decode any bytes; only words make it text.
        raise InputError("ATH205", name=name)
    return text, codecs.lookup(best.encoding).name


def _reads_as_language(text: str, *, sample: int = 20_000) -> bool:
    """True when most characters are letters, digits, spaces or punctuation, and many are letters."""
    chunk = text[:sample]
    visible = [ch for ch in chunk if not ch.isspace()]
    if not visible:
        return False
    usual = sum(1 for ch in visible if unicodedata.category(ch)[0] in "LNP")
    letters = sum(1 for ch in visible if ch.isalpha())
    return usual / len(visible) >= 0.9 and letters / len(visible) >= 0.5
