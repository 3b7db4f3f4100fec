"""The records of the media side: frame hashes, derived files, provenance, links, flags.

Same contract as :mod:`athar.records`: frozen dataclasses, ``sha256:<hex>``
hashes, UTC ISO-8601 times, plain-JSON ``to_dict`` / ``from_dict``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from athar.records import _Record

ProvenanceStatus = Literal["trusted", "valid", "invalid", "none"]
PROVENANCE_STATUSES: tuple[str, ...] = get_args(ProvenanceStatus)

# keyframe: a scene change; sample: the frame-per-second series; the rest are made for people.
DerivationKind = Literal["keyframe", "sample", "thumbnail", "contact_sheet"]


@dataclass(frozen=True)
class FrameHash(_Record):
    """The perceptual hashes of one picture: an image (position 0) or one sampled frame of a video.

    ``pdq`` is 256 bits and ``phash`` 64 bits, both as hex; ``quality`` is
    PDQ's own (0–100; 49 or less is unreliable). ``box`` is the part of the
    picture hashed once uniform borders (letterbox, padding) are trimmed.
    """

    position: int
    pdq: str
    quality: int
    phash: str
    time_s: float | None = None
    box: tuple[int, ...] = ()


@dataclass(frozen=True)
class Derivation(_Record):
    """A file made from an item (a frame, a thumbnail, a contact sheet): a new item, linked to its parent."""

    parent_sha256: str
    derived_sha256: str
    kind: DerivationKind
    position: int
    time_s: float | None = None
    transformation: dict[str, Any] = field(default_factory=dict)
    produced_by: str = ""


@dataclass(frozen=True)
class Provenance(_Record):
    """What a file's C2PA content credentials say: trusted, valid, invalid, or none at all."""

    status: ProvenanceStatus = "none"
    reasons: tuple[str, ...] = ()  # the validation failures, as c2pa reports their codes
    manifest: dict[str, Any] = field(default_factory=dict)  # the manifest store as c2pa reads it
    produced_by: str = ""


@dataclass(frozen=True)
class MediaAnalysis(_Record):
    """Everything Athar derived from one photo or video, sealed together in one custody entry."""

    item_sha256: str
    kind: Literal["image", "video"]
    hashes: tuple[FrameHash, ...] = ()
    derivations: tuple[Derivation, ...] = ()
    provenance: Provenance = field(default_factory=Provenance)
    ocr_document: str | None = None
    problems: tuple[str, ...] = ()  # error codes of what could not be done ("ATH224")
    produced_by: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MediaAnalysis:
        return cls(
            item_sha256=data["item_sha256"],
            kind=data["kind"],
            hashes=tuple(FrameHash.from_dict(h) for h in data.get("hashes", ())),
            derivations=tuple(Derivation.from_dict(d) for d in data.get("derivations", ())),
            provenance=Provenance.from_dict(data.get("provenance") or {}),
            ocr_document=data.get("ocr_document"),
            problems=tuple(data.get("problems", ())),
            produced_by=data.get("produced_by", ""),
        )


@dataclass(frozen=True)
class IncidentMedia(_Record):
    """An analyst's link of a photo or video to an incident, with the reason (a row of ``incident_media``)."""

    incident_id: str
    item_sha256: str
    reason: str
    actor: str
    at: str


@dataclass(frozen=True)
class GraphicFlag(_Record):
    """An analyst's mark that an item shows graphic content: listings hide or blur it by default."""

    item_sha256: str
    graphic: bool
    reason: str
    actor: str
    at: str


@dataclass(frozen=True)
class Match(_Record):
    """A held item that looks like the query: its closest distances and how many frames agree."""

    item_sha256: str
    pdq_distance: int | None
    phash_distance: int | None
    frames_matched: int = 1
    frames: int = 1  # the query's frames (1 for an image)
    at_s: float | None = None  # where in the held video the closest frame is
    reliable: bool = True  # False when only low-quality PDQ hashes or pHash support it

    @property
    def fraction(self) -> float:
        return self.frames_matched / self.frames if self.frames else 0.0
