"""Analyse stored photos and videos, store what is derived, and say which are re-uploads.

Runs after the ingest has committed the originals (the bytes are evidence
before anything is derived from them), and again by ``athar media analyse``
for items an interrupted run left unanalysed: an analysis is one
transaction, so an item is analysed whole or not at all.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from athar.errors import AtharError
from athar.media import ocr
from athar.media import store as media_store
from athar.media.analyse import DERIVED_PREFIX, analyse
from athar.media.records import Match, MediaAnalysis
from athar.media.similar import Catalog, cache_path
from athar.read import sniff
from athar.read.language import detect_language
from athar.records import Document, Item, sha256_hex

if TYPE_CHECKING:
    from athar.settings import Settings
    from athar.workspace import Workspace

logger = logging.getLogger(__name__)

MEDIA_TYPES = sniff.IMAGE_TYPES | sniff.VIDEO_TYPES


def is_derived(item: Item) -> bool:
    """A frame, thumbnail or contact sheet Athar made (analysed as part of its parent, never alone)."""
    return (item.source or "").startswith(DERIVED_PREFIX)


@dataclass
class Report:
    """What analysing one item found, for the line the user reads."""

    item: Item
    analysis: MediaAnalysis | None = None
    document: Document | None = None
    matches: list[Match] = field(default_factory=list)
    errors: list[AtharError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def notes(self) -> list[str]:
        """What a user must hear at ingest: re-uploads, and content credentials when there are any."""
        lines = [describe_match(m) for m in self.matches]
        if self.analysis is not None and self.analysis.provenance.status != "none":
            reasons = self.analysis.provenance.reasons
            lines.append(
                f"C2PA content credentials: {self.analysis.provenance.status}"
                + (f" ({', '.join(reasons[:3])})" if reasons else "")
            )
        return lines

    def derived(self) -> str:
        """``derived 2 keyframes, 7 samples, …``."""
        kinds: dict[str, int] = {}
        for d in self.analysis.derivations if self.analysis else ():
            kinds[d.kind] = kinds.get(d.kind, 0) + 1
        return "derived " + (
            ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in sorted(kinds.items())) or "nothing"
        )


def extension_lie(name: str, media_type: str) -> str | None:
    """A warning when the name claims another type than the bytes are (the bytes win)."""
    claimed = sniff._BY_SUFFIX.get(sniff._suffix(name))  # what sniffing would have taken the name for
    if claimed is None or claimed == media_type:
        return None
    return f"named as {claimed} but its bytes are {media_type}; read as {media_type}"


def describe_match(match: Match) -> str:
    parts = []
    if match.pdq_distance is not None:
        parts.append(f"PDQ distance {match.pdq_distance}/256")
    if match.phash_distance is not None:
        parts.append(f"pHash {match.phash_distance}/64")
    if match.frames > 1:
        parts.append(f"{match.frames_matched} of {match.frames} frames")
    if match.at_s is not None:
        parts.append(f"closest at {match.at_s:.1f} s")
    if not match.reliable:
        parts.append("pHash only: check by eye")
    return f"re-upload of item {match.item_sha256} ({', '.join(parts)})"


def ocr_document(item: Item, text: str, notes: str) -> Document:
    """The text read in an item's pixels, as a document of that item (so extraction reads it like any other)."""
    # Keyed by the item, not the text: two photos with the same caption are two documents.
    content = sha256_hex(f"ocr:{item.sha256}".encode())
    name = item.original_name or item.short_id
    return Document(
        id=content.removeprefix("sha256:")[:16],
        item_sha256=item.sha256,
        content_sha256=content,
        part="ocr",
        media_type="text/plain",
        title=f"Text in {name}",
        language=detect_language(text),
        body=text,
        notes=notes,
        produced_by=ocr.NAME,
    )


class Analyser:
    """Analyse items of one workspace; the similarity catalog is loaded once and grows with the run."""

    def __init__(self, workspace: Workspace, settings: Settings) -> None:
        self.workspace = workspace
        self.settings = settings
        self._catalog: Catalog | None = None

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = Catalog.load(self.workspace.db, cache=cache_path(self.workspace.root))
        return self._catalog

    def pending(self, items: Iterable[Item], *, redo: bool = False) -> list[Item]:
        """The photos and videos among ``items`` not analysed yet (all of them with ``redo``)."""
        media = [i for i in items if i.media_type in MEDIA_TYPES and not is_derived(i)]
        if redo:
            return media
        done = media_store.analysed(self.workspace.db, [i.sha256 for i in media])
        return [i for i in media if i.sha256 not in done]

    def run(self, items: Iterable[Item], *, names: dict[str, str] | None = None) -> Iterator[Report]:
        for item in items:
            yield self.one(item, name=(names or {}).get(item.sha256) or item.original_name or item.sha256)

    def one(self, item: Item, *, name: str) -> Report:
        workspace, media = self.workspace, self.settings.media
        report = Report(item)
        if lie := extension_lie(name, item.media_type):
            report.warnings.append(lie)
        path = workspace.blobs.path(item.sha256)
        done = analyse(item, path, name=name, settings=media, blobs=workspace.blobs, actor=workspace.actor)
        report.errors.extend(done.errors)
        document = ocr_document(item, done.text, done.text_notes) if done.text else None
        analysis = done.analysis
        if document is not None:
            analysis = dataclasses.replace(analysis, ocr_document=document.id)
        workspace.blobs.commit(done.staged)
        media_store.write_analysis(
            workspace.db, analysis, derived_items=done.derived_items, document=document, actor=workspace.actor
        )
        report.analysis, report.document = analysis, document
        if analysis.hashes:
            report.matches = self.catalog.similar(analysis.hashes, settings=media, exclude=item.sha256)
            self.catalog.add(item.sha256, analysis.hashes)
        logger.info("analysed %s: %d hashes, %d derived", item.short_id, len(analysis.hashes), len(done.derived_items))
        return report
