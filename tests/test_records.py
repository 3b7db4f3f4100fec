import dataclasses

import pytest

from athar.records import (
    Claim,
    CustodyEvent,
    DateValue,
    Document,
    Hints,
    Item,
    MediaInfo,
    Place,
    PlaceMention,
    document_id,
    sha256_hex,
)


def test_document_round_trips_through_dict():
    doc = Document(
        id=document_id(sha256_hex(b"x")),
        item_sha256=sha256_hex(b"batch"),
        content_sha256=sha256_hex(b"x"),
        part="line:3",
        title="Title",
        published=DateValue("2018-04", "month"),
        comments=("first", "second"),
    )
    assert Document.from_dict(doc.to_dict()) == doc


def test_item_with_media_round_trips_through_dict():
    media = MediaInfo(kind="video", width=64, height=48, codecs=("mpeg4",), raw={"format": {"duration": "2.0"}})
    item = Item(sha256=sha256_hex(b"v"), size=1, media_type="video/mp4", media=media)
    assert Item.from_dict(item.to_dict()) == item


def test_digest_changes_when_any_field_changes():
    doc = Document(id="a", item_sha256="sha256:1", content_sha256="sha256:2", body="Five were killed.")
    edited = Document(id="a", item_sha256="sha256:1", content_sha256="sha256:2", body="Six were killed.")
    assert doc.digest() != edited.digest()


def test_custody_hash_covers_order_and_predecessor():
    entry = CustodyEvent(1, "2026-01-01T00:00:00Z", "a", "capture", "sha256:1", {"k": 1}, "sha256:0")
    moved = CustodyEvent(2, "2026-01-01T00:00:00Z", "a", "capture", "sha256:1", {"k": 1}, "sha256:0")
    relinked = CustodyEvent(1, "2026-01-01T00:00:00Z", "a", "capture", "sha256:1", {"k": 1}, "sha256:9")
    assert len({entry.compute_hash(), moved.compute_hash(), relinked.compute_hash()}) == 3


def test_date_value_first_day_follows_precision():
    assert str(DateValue("2018-04", "month").first_day) == "2018-04-01"
    assert str(DateValue("2016", "year").first_day) == "2016-01-01"
    assert DateValue(None).first_day is None
    # A week is written as its first day: "last week" in a report of Monday 15 August 2016.
    week = DateValue("2016-08-08", "week")
    assert (str(week.first_day), str(week.last_day)) == ("2016-08-08", "2016-08-14")
    # Written as ISO writes a week wherever dates are listed: a week is not mistaken for its Monday.
    assert (week.label, DateValue("2016-08-08", "day").label, DateValue(None).label) == ("2016-W32", "2016-08-08", "?")


def test_a_date_typed_by_a_person_is_read_as_its_label_writes_it():
    for typed in ("2016", "2016-08", "2016-08-08", "2016-W32", "2015-W53"):
        assert DateValue.parse(typed).label == typed
    assert DateValue.parse("2016-W32") == DateValue("2016-08-08", "week")
    assert DateValue.parse("2016-w32").label == "2016-W32" and DateValue.parse("0001-W01").label == "0001-W01"
    for wrong in ("2016-W54", "2016-W1", "2016-13", "2016-02-30", "last week", "9999-W52", "9999-12", "٢٠١٦-W32"):
        with pytest.raises(ValueError, match=r"YYYY-Www|no such week"):
            DateValue.parse(wrong)


def test_hints_merge_keeps_own_values_and_fills_gaps():
    mine = Hints(outlet="SANA")
    theirs = Hints(outlet="AFP", language="ar")
    assert mine.merged(theirs) == Hints(outlet="SANA", language="ar")


def test_loaded_claims_share_one_object_per_place():
    # Reconciliation holds every claim in memory; most of a loaded claim was its own copy of a gazetteer entry.
    raqqa = Place("athar:raqqa", "Raqqa", 35.95, 39.01, "city", "SY", names=("Raqqa", "Raqa", "الرقة"))
    idlib = Place("athar:idlib", "Idlib", 35.93, 36.63, "city", "SY", names=("Idlib",))

    def claim(n: int, place: Place) -> Claim:
        mention = PlaceMention(place.name, 0, 5, place, 1)
        return Claim(f"c{n}", "d", "incident", 0, 5, "Raqqa", "AFP", places=(mention,))

    first, second, third = (Claim.from_dict(claim(n, p).to_dict()) for n, p in enumerate([raqqa, raqqa, idlib]))
    assert first.places[0].place is second.places[0].place
    assert first.places[0].place == raqqa
    assert third.places[0].place == idlib
    moved = Place.from_dict({**raqqa.to_dict(), "latitude": 36.0})  # same id, other values: a place of its own
    assert moved.latitude == 36.0 and moved is not first.places[0].place


def test_a_field_added_later_is_written_only_when_set_so_sealed_records_keep_their_digest():
    """A claim sealed before ``co_perpetrators`` existed has the same JSON, and digest, when read and written again."""
    sealed = {"id": "c1", "document_id": "d1", "kind": "incident", "start": 0, "end": 5, "text": "x", "source": "AFP"}
    claim = Claim.from_dict(sealed)
    assert "co_perpetrators" not in claim.to_dict()
    assert Claim.from_dict(claim.to_dict()).digest() == claim.digest()
    joint = dataclasses.replace(claim, perpetrator="A", co_perpetrators=("B",))
    assert joint.to_dict()["co_perpetrators"] == ["B"] and Claim.from_dict(joint.to_dict()) == joint
