"""C2PA content credentials (c2pa-python): read the manifest a file carries and what its validation says.

``trusted``: valid, and signed under a trust anchor the workspace names
(``media.c2pa_trust_anchors``); ``valid``: intact and well signed, by a
signer nobody vouched for; ``invalid``: the manifest or the file was altered
after signing, or the manifest is damaged; ``none``: no credentials at all,
which is the usual case and says nothing against the file.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from athar.media.records import Provenance

logger = logging.getLogger(__name__)

NAME = "media.c2pa.v1"


def read_credentials(path: Path, media_type: str, *, trust_anchors: str = "") -> Provenance:
    """Validate the C2PA manifest of a file, if it has one."""
    import c2pa

    context = None
    if trust_anchors:
        pem = Path(trust_anchors).expanduser().read_text("utf-8")
        settings = c2pa.Settings.from_dict({"verify": {"verify_trust": True}, "trust": {"trust_anchors": pem}})
        context = c2pa.Context(settings)
    try:
        with open(path, "rb") as stream:
            reader = c2pa.Reader.try_create(media_type, stream, context=context)
            if reader is None:
                return Provenance("none", produced_by=NAME)
            with reader:
                manifest = json.loads(reader.json())
                state = (reader.get_validation_state() or "").lower()
    except c2pa.C2paError as exc:
        if "NotSupported" in type(exc).__name__:  # a format c2pa cannot carry credentials in (WebM)
            return Provenance("none", reasons=("format not supported by c2pa",), produced_by=NAME)
        logger.info("c2pa could not read %s: %s", path.name, type(exc).__name__)
        return Provenance("invalid", reasons=(f"{type(exc).__name__}: {exc}"[:300],), produced_by=NAME)
    except Exception as exc:  # damaged data can surface as other errors too; any of them means invalid
        logger.info("c2pa could not read %s: %s", path.name, type(exc).__name__)
        return Provenance("invalid", reasons=(f"{type(exc).__name__}: {exc}"[:300],), produced_by=NAME)
    failures = tuple(
        str(status.get("code"))
        for status in manifest.get("validation_status") or []
        if isinstance(status, dict) and status.get("code")
    )
    status = state if state in ("trusted", "valid") else "invalid"
    if status == "valid" and failures and not all(code.startswith("signingCredential.untrusted") for code in failures):
        status = "invalid"
    return Provenance(status, reasons=failures, manifest=manifest, produced_by=NAME)  # type: ignore[arg-type]
