"""import_geonames: any country from a GeoNames dump, laid over the shipped gazetteer."""

from __future__ import annotations

from pathlib import Path

import pytest

from athar.errors import InputError
from athar.geo import find_places, import_geonames, imported_files, load_gazetteer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "geo"


def test_import_writes_one_file_per_country_with_kinds_and_admin_names(tmp_path: Path) -> None:
    result = import_geonames(FIXTURES / "LB.txt", dest=tmp_path / "gazetteer")
    assert set(result.files) == {"LB"}
    assert result.total == 8  # the mountain is not a kind Athar keeps
    gaz = load_gazetteer(imported_files(tmp_path), shipped=False)
    beirut = gaz.get("geonames:276781")
    assert beirut is not None and beirut.kind == "city" and beirut.admin1 == "Beyrouth"
    assert beirut.country == "LB" and "بيروت" in beirut.names
    assert gaz.get("geonames:7910398").kind == "airbase"  # type: ignore[union-attr]
    assert gaz.get("geonames:278966").kind == "admin1"  # type: ignore[union-attr]
    arsal = gaz.get("geonames:281129")
    assert arsal is not None and arsal.kind == "town" and arsal.admin1 == "Baalbek-Hermel"


def test_alternate_names_add_spellings_but_not_links_history_or_strangers(tmp_path: Path) -> None:
    import_geonames(FIXTURES / "LB.txt", FIXTURES / "alternateNamesV2.txt", dest=tmp_path / "gazetteer")
    gaz = load_gazetteer(imported_files(tmp_path), shipped=False)
    arsal = gaz.get("geonames:281129")
    beirut = gaz.get("geonames:276781")
    assert arsal is not None and beirut is not None
    assert "Ersâl" in arsal.names
    assert not any(n.startswith("http") for n in arsal.names)
    assert "Berytus" not in beirut.names  # historic
    assert gaz.get("geonames:999999") is None


def test_imported_places_are_resolved_in_text_beside_syrian_ones(tmp_path: Path) -> None:
    import_geonames(FIXTURES / "LB.txt", FIXTURES / "alternateNamesV2.txt", dest=tmp_path / "gazetteer")
    gaz = load_gazetteer(imported_files(tmp_path))
    found = find_places("Refugees crossed from Qusayr to Arsal and on to Baalbek.", gazetteer=gaz)
    by_text = {m.text: m.place for m in found if m.place}
    assert by_text["Arsal"].country == "LB" and by_text["Baalbek"].country == "LB"
    assert by_text["Qusayr"].country == "SY"
    ersal = find_places("Shelling near Ersal.", gazetteer=gaz)
    assert ersal and ersal[0].place is not None and ersal[0].place.id == "geonames:281129"


def test_import_is_deterministic(tmp_path: Path) -> None:
    a = import_geonames(FIXTURES / "LB.txt", dest=tmp_path / "a").files["LB"].read_bytes()
    b = import_geonames(FIXTURES / "LB.txt", dest=tmp_path / "b").files["LB"].read_bytes()
    assert a == b


def test_an_unreadable_or_malformed_dump_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as missing:
        import_geonames(tmp_path / "XX.txt", dest=tmp_path)
    assert missing.value.code == "ATH208"
    bad = tmp_path / "bad.txt"
    bad.write_text("1\tonly\tthree\n", encoding="utf-8")
    with pytest.raises(InputError) as malformed:
        import_geonames(bad, dest=tmp_path)
    assert malformed.value.code == "ATH206" and "19" in malformed.value.message
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00\x01" * 10)
    with pytest.raises(InputError):
        import_geonames(binary, dest=tmp_path)
