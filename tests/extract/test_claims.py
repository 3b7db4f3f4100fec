"""Claims in the seed reports: every gold item found, nothing from the reader comments."""

from __future__ import annotations

import json

import pytest

from athar.extract.claims import extract_claims
from athar.pipeline import expand_inputs, load_manifest
from athar.read import read_item, sniff
from athar.reconcile.sources import load_registry
from athar.records import DateValue, Document, sha256_hex
from tests.conftest import ROOT, SEEDS, SEEDS_MANIFEST

GOLD = [json.loads(line) for line in (ROOT / "examples" / "seeds_gold.jsonl").read_text().splitlines() if line.strip()]
REPORTS = {"seed-newarab": "newarab", "seed-centralasianews": "centralasianews", "seed-southfront": "southfront"}


@pytest.fixture(scope="module")
def seed_documents() -> dict[str, Document]:
    manifest = load_manifest(SEEDS_MANIFEST)
    docs = {}
    for one in expand_inputs([str(SEEDS)], manifest=manifest):
        data = one.path.read_bytes()
        (doc,) = read_item(
            one.path, item_sha256=sha256_hex(data), media_type=sniff.TEXT, name=one.name, hints=one.hints
        )
        key = next(k for k, v in REPORTS.items() if v in one.path.name)
        docs[key] = doc
    return docs


@pytest.fixture(scope="module")
def seed_claims(seed_documents):
    return {key: extract_claims(doc) for key, doc in seed_documents.items()}


def gold_span(body: str, gold) -> tuple[int, int]:
    """Where the gold's evidence (its first sentence, if it quotes several) sits in the body."""
    sentence = gold["evidence"].split(" ... ")[0].strip()
    start = body.find(sentence[:80])
    assert start >= 0, sentence
    return start, start + len(sentence)


def same_admin1(ours: str | None, theirs: str) -> bool:
    return (ours or "").lower().replace("rif dimashq", "rif dimashq") == theirs.lower()


def matches(gold, claim, body: str) -> bool:
    """A claim found for a gold item: same kind, its span inside the gold sentence, and the key facts."""
    start, end = gold_span(body, gold)
    if claim.kind != gold["kind"] or not (start <= claim.start < end):
        return False
    if gold["kind"] == "incident":
        if claim.sub_event_type != gold["sub_event_type"]:
            return False
        if gold["killed"]["min"] is not None and (claim.killed is None or claim.killed.min != gold["killed"]["min"]):
            return False
        perpetrator = gold.get("perpetrator") or ""
        if perpetrator and ";" not in perpetrator and not perpetrator.startswith(claim.perpetrator or "?"):
            return False
        if gold.get("admin1") and gold["geo_precision"] < 3:
            place = claim.place.place if claim.place else None
            if place is None or not same_admin1(place.admin1, gold["admin1"]):
                return False
    if gold["kind"] == "figure":
        if claim.measure != gold["measure"]:
            return False
        if claim.percent is not None:
            return claim.percent == gold["value"]
        low = claim.value.min if claim.value else None
        # "more than 6,500" is 6,501 and up; "tens of thousands" is ACLED's 10,000.
        return low is not None and gold["value"] <= low <= gold["value"] + 1
    if gold["kind"] == "allegation" and gold.get("perpetrator"):
        return claim.perpetrator == gold["perpetrator"]
    return True


@pytest.mark.parametrize("gold", GOLD, ids=[f"{g['report']}:{g['kind']}:{g['evidence'][:40]}" for g in GOLD])
def test_every_gold_item_of_the_seeds_is_found(seed_documents, seed_claims, gold):
    found = seed_claims[gold["report"]]
    body = seed_documents[gold["report"]].body
    assert any(matches(gold, claim, body) for claim in found), [
        (c.kind, c.sub_event_type, c.measure, c.text[:60]) for c in found
    ]


def test_every_claim_span_is_the_exact_text_of_the_body(seed_documents, seed_claims):
    for key, found in seed_claims.items():
        body = seed_documents[key].body
        for claim in found:
            assert body[claim.start : claim.end] == claim.text


def test_reader_comments_are_never_claims(seed_documents, seed_claims):
    southfront = seed_documents["seed-southfront"]
    assert southfront.comments
    for claim in seed_claims["seed-southfront"]:
        assert "zionist" not in claim.text.lower()
        assert "Dresden" not in claim.text


def report(doc_id: str, body: str, *, published: str | None = None, **fields: str) -> Document:
    """A document as a report gives it: its body, outlet or URL, and publication day."""
    date = DateValue(published, "day") if published else DateValue(None)
    return Document(id=doc_id, item_sha256="sha256:x", content_sha256="sha256:x", body=body, published=date, **fields)


def test_a_sentence_with_two_sources_and_two_tolls_gives_two_claims():
    body = (
        "A car bomb exploded in a crowded market in the northern Syrian town of Azaz on Sunday, killing at least "
        "three people, rescuers said, while the Syrian Observatory for Human Rights said at least eight were killed "
        "and 23 wounded."
    )
    doc = report("d1", body, outlet="AP", published="2018-01-07")
    incidents = [c for c in extract_claims(doc) if c.kind == "incident"]
    assert len(incidents) == 2
    by_source = {c.source: c for c in incidents}
    assert by_source.keys() >= {"Syrian Observatory for Human Rights"}
    killed = sorted(c.killed.min for c in incidents if c.killed)
    assert killed == [3, 8]
    assert all(c.sub_event_type == "Remote explosive/landmine/IED" for c in incidents)
    assert all(c.place and c.place.place and c.place.place.admin1 == "Aleppo" for c in incidents)
    assert all(c.date.value == "2018-01-07" for c in incidents)


def test_two_incidents_in_one_document_are_not_blended():
    body = (
        "A car bomb killed five people in Azaz on Monday, the civil defence said.\n\n"
        "Separately, Israeli strikes near Damascus killed two soldiers the same day, state media reported."
    )
    doc = report("d2", body, outlet="AFP", published="2018-01-09")
    incidents = [c for c in extract_claims(doc) if c.kind == "incident"]
    assert [c.sub_event_type for c in incidents] == ["Remote explosive/landmine/IED", "Air/drone strike"]
    assert incidents[0].place.place.admin1 == "Aleppo" and incidents[1].place.place.admin1 in {
        "Damascus",
        "Rif Dimashq",
    }
    assert incidents[1].perpetrator == "Military Forces of Israel"
    assert (incidents[0].killed.min, incidents[1].killed.min) == (5, 2)


def test_the_object_or_the_sufferer_of_an_attack_is_not_its_perpetrator():
    body = (
        "Residents pelted Russian troops with stones in Kobane on Wednesday.\n\n"
        "Russian vehicles were pelted with stones in Kobane on Wednesday.\n\n"
        "Two Russian soldiers were shot dead in Kobane on Thursday by Syrian Democratic Forces fighters."
    )
    doc = report("d3", body, outlet="X", published="2019-11-08")
    perpetrators = [c.perpetrator for c in extract_claims(doc) if c.kind == "incident"]
    assert "Military Forces of Russia" not in perpetrators
    assert perpetrators[-1] == "Syrian Democratic Forces"


def test_sources_are_named_as_the_registry_names_them():
    body = (
        "Shelling killed four people in Douma on Monday, the Observatory said.\n\n"
        "Rockets hit Jobar on Monday, killing two, the Britain-based Syrian Observatory for Human Rights said."
    )
    doc = report("d4", body, url="https://www.sana.sy/en/?p=1", published="2018-02-20")
    found = [c for c in extract_claims(doc) if c.kind == "incident"]
    assert {c.source for c in found} == {"Syrian Observatory for Human Rights"}
    undated = report("d5", "Shelling hit Douma.", url="https://www.sana.sy/en/?p=2")
    assert [c.source for c in extract_claims(undated)] == [load_registry().find("SANA").name]


def test_people_who_speak_for_a_source_are_that_source():
    """So that reprints of one AFP dispatch, however they name its correspondent, count as one originator."""
    for said, source in (
        ("a correspondent for AFP reported from the scene", "Agence France-Presse"),
        ("an AFP correspondent reported", "Agence France-Presse"),
        ("rescuers from the Syria Civil Defence said", "Syria Civil Defence"),
        ("a spokesman for the White Helmets said", "Syria Civil Defence"),
        # A name cut short by a verb of its own ("is") is found with the words before it.
        ("the Raqqa is Being Slaughtered Silently group said", "Raqqa is Being Slaughtered Silently"),
    ):
        doc = report("d6", f"An air strike killed six civilians in Saraqib on Saturday, {said}.", outlet="X")
        assert [c.source for c in extract_claims(doc)] == [load_registry().find(source).name], said
    # Someone the registry does not know keeps the name as written.
    doc = report("d7", "An air strike killed six civilians in Saraqib on Saturday, a local doctor said.", outlet="X")
    assert [c.source for c in extract_claims(doc)] == ["local doctor"]


def test_an_unnamed_source_speaks_through_the_outlet_or_agency_that_quotes_it():
    """A "military source" quoted by SANA is SANA (aligned with Damascus), not an independent originator."""
    body = "Army units struck Nusra positions in Kafranbel on Sunday, killing 20 terrorists, a military source said."
    doc = report("d8", body, url="https://www.sana.sy/en/?p=3", published="2019-05-06")
    (claim,) = extract_claims(doc)
    assert claim.source == load_registry().find("SANA").name and claim.source_kind == "outlet"
    assert claim.source_text == "a military source said"
    doc = report("d9", "Shelling killed four people in Douma, a local source told AFP.", outlet="France 24")
    assert [c.source for c in extract_claims(doc)] == ["Agence France-Presse"]
    # A source of a side speaks for the outlet only where the outlet is of a side; one naming its side keeps it.
    doc = report("d9b", "Shelling killed four people in Douma, a security source told Reuters.", outlet="Reuters")
    assert [c.source for c in extract_claims(doc)] == ["security source"]
    doc = report("d9c", "An air strike killed 12 people in Saada on Sunday, Houthi sources said.", outlet="Reuters")
    assert [c.source for c in extract_claims(doc)] == ["Houthi sources"]
    # Someone close to a side is not that side speaking.
    doc = report("d9d", "Shelling killed four people in Douma, a source close to the army told Reuters.", outlet="X")
    assert [c.source for c in extract_claims(doc)] == ["source close to the army"]


def test_a_belligerent_telling_of_its_own_forces_names_itself_the_perpetrator():
    body = "The Israel Defense Forces said its jets struck a military research centre in Masyaf on Sunday."
    (claim,) = extract_claims(report("d10", body, outlet="Reuters", published="2018-07-23"))
    assert claim.perpetrator == "Military Forces of Israel" and claim.perpetrator_text == "its jets"
    # Its own forces as the ones attacked or killed name no one.
    for body in (
        "The Russian Defence Ministry said militants attacked its troops near Latakia on Sunday, killing two soldiers.",
        "The Turkish Ministry of National Defence said two of its soldiers were killed in an attack near Afrin.",
    ):
        assert [c.perpetrator for c in extract_claims(report("d12", body, outlet="Reuters"))] == [None], body
    body = "Amaq said its fighters attacked an army checkpoint in Deir ez-Zor on Sunday, killing 12 soldiers."
    assert [c.perpetrator for c in extract_claims(report("d13", body, outlet="Reuters"))] == ["Islamic State"]
    # An outlet is no belligerent, even one aligned with a side: its "their forces" names no one.
    body = "Rebels said their fighters were shelled in Masyaf on Sunday, SANA said."
    assert all(c.perpetrator != "Military Forces of Syria" for c in extract_claims(report("d11", body)))


def test_two_figures_of_one_measure_in_one_clause_get_two_ids():
    """Found when a generated corpus stopped an ingest on a duplicate claim id (UNIQUE constraint)."""
    body = (
        "At least 346 civilians were killed and more than 170 others had died in the siege, "
        "the Syrian Network for Human Rights said."
    )
    doc = Document(id="dup", item_sha256="sha256:x", content_sha256="sha256:dup", body=body)
    found = extract_claims(doc)
    assert len({c.id for c in found}) == len(found) >= 2


def test_a_bare_coalition_is_the_one_the_report_names_in_full():
    body = (
        "The Saudi-led coalition has denied targeting civilians in Yemen. "
        "Coalition warplanes struck a school bus in Dahyan on Thursday, killing 40 children."
    )
    found = extract_claims(report("d14", body))
    assert {c.perpetrator for c in found} == {"Saudi-led coalition"}
    # Named by no report in full, "the coalition" is the US-led one, as the actors' table reads it.
    body = "Coalition warplanes struck a school bus in Dahyan on Thursday, killing 40 children."
    assert [c.perpetrator for c in extract_claims(report("d15", body))] == ["US-led coalition"]
    # Two coalitions named: a bare one is neither's for sure, and stays as the table reads it.
    body = (
        "The US-led coalition and the Saudi-led coalition both fly over the region. "
        "Coalition warplanes struck a convoy on Thursday, killing 4 people."
    )
    assert [c.perpetrator for c in extract_claims(report("d16", body)) if c.kind == "incident"] == ["US-led coalition"]


def test_the_children_and_women_a_running_total_includes_are_figures_of_their_own():
    body = "SNHR said more than 6,500 civilians had been killed by Russian forces since 2015, including 1,928 children."
    figures = [c for c in extract_claims(report("d17", body)) if c.kind == "figure"]
    assert [(c.measure, c.victims, c.value.min if c.value else None) for c in figures] == [
        ("killed", "civilians", 6501),
        ("killed", "children", 1928),
    ]
    assert {c.perpetrator for c in figures} == {"Military Forces of Russia"}
    assert len({c.id for c in figures}) == 2


def test_a_bare_coalition_takes_only_a_coalition_named_before_it():
    body = (
        "The international coalition said its aircraft struck Islamic State hideouts near Abu Kamal on Monday, "
        "killing 9 militants. Saudi Arabia, which leads the Arab coalition in Yemen, is also a member."
    )
    assert [c.perpetrator for c in extract_claims(report("d18", body)) if c.kind == "incident"] == ["US-led coalition"]
    body = (
        "The Saudi-led coalition said it had intercepted a drone launched by the Houthis. "
        "Coalition air strikes killed 12 people in a village on Monday, residents said."
    )
    strike = [c for c in extract_claims(report("d19", body)) if c.sub_event_type == "Air/drone strike"]
    assert [c.perpetrator for c in strike] == ["Saudi-led coalition"]


def test_the_coalition_that_speaks_is_the_one_the_report_names():
    """ "The coalition said" after the Saudi-led coalition is named is that coalition's command, a belligerent
    source of its own, not the US-led task force."""
    body = (
        "The Saudi-led coalition struck Houthi positions in Saada on Monday. "
        "The strikes killed 12 fighters, the coalition said."
    )
    sources = {c.source for c in extract_claims(report("d20", body)) if c.source_kind == "cited"}
    assert sources == {"Joint Forces Command of the Coalition to Restore Legitimacy in Yemen"}
    body = "US-led coalition jets struck Raqqa on Monday, killing 12 IS fighters, the coalition said."
    (claim,) = extract_claims(report("d21", body))
    assert claim.source == "Combined Joint Task Force – Operation Inherent Resolve"
    # Named in the sentence that says it, before the saying.
    body = "A Saudi-led coalition air strike killed 20 people at a funeral in Sanaa on Saturday, the coalition said."
    (claim,) = extract_claims(report("d22", body))
    assert claim.source == "Joint Forces Command of the Coalition to Restore Legitimacy in Yemen"


@pytest.mark.parametrize(
    ("body", "source"),
    [
        # The speakers are the activists, medics or the agency's reporter, not the place they speak in.
        ("Activists in Deir Ezzor said three civilians were killed in shelling on Wednesday.", "Activists"),
        ("Medics in Harasta said two people were killed in shelling on Monday.", "Medics"),
        ("SANA's correspondent in Deir Ezzor said a car bomb killed 5 people in al-Jafra.", "Syrian Arab News Agency"),
        # A name may end in a number.
        ("Deir Ezzor 24 said seven people were killed in Hajin on Monday.", "Deir Ezzor 24"),
    ],
)
def test_a_source_is_who_speaks_not_where_they_speak(body, source):
    claims = extract_claims(report("d20", body, outlet="Reuters"))
    assert claims and {c.source for c in claims} == {source}


@pytest.mark.parametrize(
    ("body", "perpetrator", "partners"),
    [
        ("Russian and Syrian government warplanes struck Ariha on Monday.", "Military Forces of Syria", ("Russia",)),
        ("Syrian-Russian airstrikes hit Ariha on Monday.", "Military Forces of Russia", ("Syria",)),
        ("Turkish and rebel forces shelled Afrin on Monday.", "Opposition rebels", ("Turkey",)),
        # "or" names either, not both.
        ("Russian or Syrian government air strikes hit Ariha on Monday.", "Military Forces of Syria", ()),
    ],
)
def test_actors_named_as_acting_together_are_all_kept(body, perpetrator, partners):
    (claim,) = extract_claims(report("d21", body))
    assert claim.perpetrator == perpetrator
    assert claim.co_perpetrators == tuple(f"Military Forces of {name}" for name in partners)
