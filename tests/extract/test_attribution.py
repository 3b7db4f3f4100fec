"""Who says it: sources, clauses, hedges, denials and allegations in real report phrasing."""

from __future__ import annotations

from importlib import resources
from itertools import pairwise
from pathlib import Path

import pytest

from athar.extract.attribution import (
    SourceMention,
    attribution_clauses,
    find_allegations,
    find_denials,
    find_hedges,
    find_sources,
    resolve_generic,
)

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"
ISSUE_SENTENCE = (
    "A car bomb killed at least three people in Azaz, rescuers said, while the Observatory said "
    "at least eight were killed and 23 wounded."
)


def _one(sentence: str) -> SourceMention:
    [mention] = find_sources(sentence)
    assert sentence[mention.source_start : mention.source_end] == mention.source
    return mention


def _clauses(sentence: str) -> list[tuple[str, str | None]]:
    return [(sentence[a:b], m.source if m else None) for a, b, m in attribution_clauses(sentence)]


# --- sources ---------------------------------------------------------------------------------


def test_source_after_the_clause_with_title_kept_apart() -> None:
    sentence = (
        "The al-Assad regime used chlorine on May 19 in Latakia Province during its offensive, "
        "US Secretary of State Mike Pompeo said."
    )
    m = _one(sentence)
    assert (m.source, m.title, m.kind, m.cue) == ("Mike Pompeo", "US Secretary of State", "official", "said")
    assert sentence[m.start : m.end] == "US Secretary of State Mike Pompeo said"
    assert m.scope == "before"


def test_according_to_a_statement_by() -> None:
    sentence = (
        "The Russian bombing campaign on Daraa has displaced tens of thousands of people according to a "
        "recent statement by the Syrian National Coalition."
    )
    m = _one(sentence)
    assert (m.source, m.kind, m.cue) == ("Syrian National Coalition", "organisation", "according to")
    assert sentence[m.start : m.end].startswith("according to a recent statement by")


def test_according_to_before_the_clause() -> None:
    m = _one("According to Jan Egeland, there are some 1,000 refugees with nothing to live in.")
    assert (m.source, m.kind, m.scope) == ("Jan Egeland", "person", "after")
    m = _one("According to the White Helmets, eight people were killed.")
    assert (m.source, m.kind) == ("White Helmets", "organisation")


def test_generic_description_says_in_its_report() -> None:
    sentence = (
        "Russian military operations have resulted in more than 6,500 civilians deaths, the human rights group "
        "says in its 40-page report issued September 30, the fourth anniversary of Russia's military intervention."
    )
    m = _one(sentence)
    assert (m.source, m.generic, m.kind) == ("human rights group", True, "organisation")
    assert sentence[m.start : m.end] == "the human rights group says in its 40-page report issued September 30"


def test_resolve_generic_finds_the_organisation_named_earlier_in_the_seed() -> None:
    text = (SEEDS / "centralasianews-2019-11-06-kobane-stones.txt").read_text(encoding="utf-8")
    sentence = next(line for line in text.splitlines() if "the human rights group says" in line)
    previous = text[: text.index(sentence)]
    assert resolve_generic(_one(sentence), previous) == "Syrian Network for Human Rights"


def test_resolve_generic_pronouns_and_unresolvable() -> None:
    previous = "Rami Abdel Rahman, head of the Observatory, said 20 were killed. The Russian Defence Ministry said."
    assert resolve_generic("he", previous) == "Rami Abdel Rahman"
    assert resolve_generic("the ministry", previous) == "Russian Defence Ministry"
    assert resolve_generic("the group", "Nothing named here.") == "group"
    assert resolve_generic("SANA", previous) == "SANA"


def test_video_released_by_a_local_outlet() -> None:
    sentence = (
        "In one scene, several dozen civilians managed to stop two Russian armoured vehicles, a video "
        "released by local news outlet Anha showed."
    )
    m = _one(sentence)
    assert (m.source, m.title, m.kind) == ("Anha", "local news outlet", "media")


def test_publication_verb_makes_a_source() -> None:
    sentence = (
        "The Russian Ministry of Defence has published aerial photos that prove catastrophic destructions in "
        "the city of Raqqa caused by bombing of the international coalition."
    )
    m = _one(sentence)
    assert (m.source, m.kind, m.actor, m.scope) == (
        "Russian Ministry of Defence",
        "official",
        "Military Forces of Russia",
        "after",
    )


def test_told_an_outlet_is_via() -> None:
    m = _one("Five people were killed, activist Abu Malek al-Jayrudi told AFP by telephone.")
    assert (m.source, m.title, m.via) == ("Abu Malek al-Jayrudi", "activist", "AFP")
    m = _one("Local sources in the town told SANA that terrorist groups shelled al-Fouaa.")
    assert (m.source, m.via, m.scope) == ("Local sources in the town", "SANA", "after")


def test_nested_source_citing() -> None:
    sentence = "SANA reported, citing a military source, that five civilians were killed in the shelling."
    sana, military = find_sources(sentence)
    assert (sana.source, sana.kind) == ("SANA", "media")
    assert (military.source, military.cue, military.via) == ("military source", "citing", "SANA")
    [(clause, source)] = _clauses(sentence)
    assert source == "military source" and clause.endswith("killed in the shelling.")


def test_inverted_said_with_appositive_title() -> None:
    m = _one('"We had no choice," said Ahmed al-Ali, a doctor in Douma.')
    assert (m.source, m.title, m.kind) == ("Ahmed al-Ali", "doctor in Douma", "person")
    m = _one("Rami Abdel Rahman, head of the Observatory, said 20 were killed.")
    assert (m.source, m.title, m.scope) == ("Rami Abdel Rahman", "head of the Observatory", "after")


def test_sources_without_commas_as_in_stripped_wire_copy() -> None:
    sentence = (
        "At least 123 civilians have been killed since the Syrian regime and Russian jets began an offensive "
        "nearly two weeks ago the Syrian Observatory for Human Rights said."
    )
    assert _one(sentence).source == "Syrian Observatory for Human Rights"
    m = _one('"The troops knew exactly where they lived" Observatory director Rami Abdel Rahman said.')
    assert (m.source, m.title) == ("Rami Abdel Rahman", "Observatory director")
    m = _one("A suicide bomber struck a wedding killing 32 people a medical source and witnesses said.")
    assert (m.source, m.kind) == ("medical source and witnesses", "group-generic")
    # Where a source is based is not who speaks.
    m = _one("The Syrian Observatory for Human Rights based in Britain said 45 fighters were killed.")
    assert m.source == "Syrian Observatory for Human Rights"
    # (unless the one based there is named only by a common noun: the place says more)
    assert _one("The center based in Hmeimim said five were killed.").source == "Hmeimim"


def test_pre_posed_title_before_a_comma() -> None:
    m = _one("Earlier, the UN Special Envoy for Syria, Jan Egeland announced that UN representatives confirmed it.")
    assert (m.source, m.title, m.cue, m.scope) == ("Jan Egeland", "UN Special Envoy for Syria", "announced", "after")


def test_pronoun_sources_are_generic() -> None:
    m = _one("They warned that the conflict could become the century's worst humanitarian crisis.")
    assert (m.source, m.kind, m.generic) == ("They", "pronoun", True)


def test_claim_of_responsibility_is_a_source_with_its_own_cue() -> None:
    m = _one("The so-called Islamic State claimed responsibility for the attack.")
    assert (m.source, m.cue, m.actor) == ("Islamic State", "claimed responsibility", "Islamic State")


@pytest.mark.parametrize(
    "sentence",
    [
        "The man is said to be a commander of the group.",
        "The so-called Islamic State lost the town.",
        "At least 17 people were reported killed when a suicide bomber attacked an observation post.",
        "The strike claimed the lives of six civilians.",
        "The report on the strikes was published in May.",
        "Videos and pictures show angry residents of Kobane throwing large stones.",
        "Russia and China on September 19 vetoed a UN Security Council resolution.",
        "The top priority for the United States in Syria is to defeat Daesh.",
    ],
)
def test_reported_speech_that_is_no_attribution(sentence: str) -> None:
    assert find_sources(sentence) == []


# --- clauses ---------------------------------------------------------------------------------


def test_issue_sentence_gives_two_clauses_with_their_own_sources() -> None:
    assert _clauses(ISSUE_SENTENCE) == [
        ("A car bomb killed at least three people in Azaz, rescuers said", "rescuers"),
        ("the Observatory said at least eight were killed and 23 wounded.", "Observatory"),
    ]


def test_clause_without_a_source_is_the_outlets() -> None:
    sentence = "Just on November 2, a Russian air strike killed six civilians including a child in Idlib."
    assert attribution_clauses(sentence) == [(0, len(sentence), None)]
    assert attribution_clauses("") == []


def test_clauses_cover_the_sentence_in_order() -> None:
    sentence = (
        "Moscow says it has not bombed Aleppo since October 18 but senior Russian military official "
        "Sergei Rudskoi told a briefing Friday that the military had asked for authorisation."
    )
    clauses = attribution_clauses(sentence)
    assert [m.source for _, _, m in clauses if m] == ["Moscow", "Sergei Rudskoi"]
    assert sentence[clauses[0][0] : clauses[0][1]] == "Moscow says it has not bombed Aleppo since October 18"
    assert all(a < b <= c for (a, b, _), (c, _, _) in pairwise(clauses))


def test_text_after_a_closing_source_is_the_outlets_unless_it_continues() -> None:
    sentence = "Three people died, rescuers said; the market was destroyed."
    assert _clauses(sentence) == [("Three people died, rescuers said", "rescuers"), ("the market was destroyed.", None)]
    sentence = "Three people died, rescuers said, adding that 12 were wounded."
    assert _clauses(sentence) == [(sentence, "rescuers")]


# --- hedges ----------------------------------------------------------------------------------


def test_find_hedges() -> None:
    sentence = "The airstrike reportedly killed 12 people, though the toll could not be independently verified."
    assert [h[0] for h in find_hedges(sentence)] == ["reportedly", "could not be independently verified"]
    for text, start, end in find_hedges(sentence):
        assert sentence[start:end] == text
    assert [h[0] for h in find_hedges("The commander is believed to have been killed.")] == ["is believed to"]
    assert [h[0] for h in find_hedges("Rebels claimed that jets allegedly hit a school.")] == ["claimed", "allegedly"]


def test_hedge_negatives() -> None:
    assert find_hedges("The so-called Islamic State claimed responsibility.") == []
    assert find_hedges("The strike claimed the lives of six civilians.") == []
    assert find_hedges("Russian warplanes bombed Jobar.") == []


# --- denials ---------------------------------------------------------------------------------


def test_denial_with_who_and_what() -> None:
    [d] = find_denials("The Russian Defence Ministry denied that its jets had struck the hospital, calling it fake.")
    assert (d.source, d.actor, d.cue) == ("Russian Defence Ministry", "Military Forces of Russia", "denied")
    assert d.content == "its jets had struck the hospital"


def test_rejected_accusations_and_dismissed_as() -> None:
    [d] = find_denials("The coalition rejected the Syrian government's accusations that its jets struck an army post.")
    assert (d.source, d.actor, d.content) == ("coalition", "US-led coalition", "its jets struck an army post")
    [d] = find_denials("Turkish officials dismissed the claims as baseless.")
    assert d.source == "Turkish officials" and d.content is None
    [d] = find_denials("Witnesses said the jets were Russian, but Moscow denied carrying out strikes in the area.")
    assert (d.source, d.content) == ("Moscow", "carrying out strikes in the area")


def test_denial_said_in_other_words() -> None:
    sentence = (
        "Russian Defence Ministry spokesman Igor Konashenkov said no Russian aircraft were operating in the area."
    )
    [d] = find_denials(sentence)
    assert (d.source, d.actor) == ("Igor Konashenkov", "Military Forces of Russia")
    assert d.content is not None and d.content.startswith("no Russian aircraft")


def test_passive_denial_names_the_denier_after_by() -> None:
    [d] = find_denials("Russia accused Belgium of killing six civilians, but the claim was swiftly denied by Brussels.")
    assert (d.source, d.cue) == ("Brussels", "denied")
    assert find_denials("The claims were denied.") == []


def test_denying_that_aid_was_blocked_is_a_denial() -> None:
    assert [d.source for d in find_denials("Israel denied that it blocked aid to Gaza.")] == ["Israel"]
    assert [d.source for d in find_denials("The army denied blocking aid convoys.")] == ["army"]


def test_a_denial_or_blame_in_the_progressive_is_no_passive() -> None:
    # "is also denying": an -ing form after the auxiliary and an adverb is the subject's own verb.
    assert [d.source for d in find_denials("Moscow is also denying any involvement in the strike.")] == ["Moscow"]
    assert [d.source for d in find_denials("The Kremlin was again denying involvement.")] == ["Kremlin"]
    [blame] = find_allegations("Kyiv was on Monday blaming Moscow for the strike on Kramatorsk station.")
    assert (blame.source, blame.accused) == ("Kyiv", "Military Forces of Russia")
    assert [d.source for d in find_denials("Damascus was last week dismissing the reports as lies.")] == ["Damascus"]
    assert [d.source for d in find_denials("Moscow, which is denying involvement, called for an inquiry.")] == [
        "Moscow"
    ]
    [blame] = find_allegations(
        "Amnesty, which was on Monday accusing Israel of war crimes, said the strike was unlawful."
    )
    assert blame.source == "Amnesty"


def test_denied_content_after_that_is_a_clause_not_a_demonstrative() -> None:
    [d] = find_denials("But Russia denied carrying out raids there that day.")
    assert d.content == "carrying out raids there that day"
    [d] = find_denials("Moscow has denied reports that its jets have hit Aleppo.")
    assert d.content == "its jets have hit Aleppo"


@pytest.mark.parametrize(
    "sentence",
    [
        "Aid workers were denied access to the town.",
        # To deny someone food or aid is to withhold it, however many words name whom.
        "Israel is denying Gaza food, water and fuel, rights groups say.",
        "The UN says Israel is denying humanitarian aid to northern Gaza.",
        "The ministry rejected the proposal for a ceasefire.",
        "Government forces dismissed two commanders.",
    ],
)
def test_denial_negatives(sentence: str) -> None:
    assert find_denials(sentence) == []


# --- allegations -----------------------------------------------------------------------------


def test_new_evidence_that_is_an_allegation_by_the_outlet() -> None:
    sentence = (
        "There is also new evidence that Russian warplanes deliberately bombed hospitals in Syria to "
        "undermine the Syrian opposition."
    )
    [a] = find_allegations(sentence)
    assert a.source is None and a.against == ("Military Forces of Russia",) and a.accused == a.against[0]
    assert a.content is not None and a.content.startswith("Russian warplanes deliberately bombed hospitals")


def test_photos_that_prove_is_the_publishers_allegation() -> None:
    sentence = (
        "The Russian Ministry of Defence has published aerial photos that prove catastrophic destructions in "
        "the city of Raqqa caused by bombing of the international coalition."
    )
    [a] = find_allegations(sentence)
    assert (a.source, a.actor, a.against) == (
        "Russian Ministry of Defence",
        "Military Forces of Russia",
        ("US-led coalition",),
    )


@pytest.mark.parametrize(
    ("sentence", "source", "against", "content"),
    [
        (
            'The Syrian Network for Human Rights recently slammed Russia for committing "hundreds of war crimes".',
            "Syrian Network for Human Rights",
            ("Military Forces of Russia",),
            'committing "hundreds of war crimes"',
        ),
        (
            "Activists accused government forces of using chlorine.",
            "Activists",
            ("Military Forces of Syria",),
            "using chlorine",
        ),
        (
            "Amnesty accused the Syrian government and its Russian ally of deliberately targeting hospitals.",
            "Amnesty",
            ("Military Forces of Syria", "Military Forces of Russia"),
            "deliberately targeting hospitals",
        ),
        ("He blamed the attack squarely on Syrian President Bashar Assad.", "He", ("Military Forces of Syria",), None),
        ("The SDF held IS responsible for the bombing.", "SDF", ("Islamic State",), "the bombing"),
        ("Russia was accused of bombing hospitals in Idlib.", None, ("Military Forces of Russia",), None),
        (
            "Russia was on Monday accused of dropping phosphorus bombs on Idlib.",
            None,
            ("Military Forces of Russia",),
            None,
        ),
        # A passive "blamed on": the accused follows "on".
        ("The bombing was on Sunday blamed on Islamic State militants.", None, ("Islamic State",), None),
        ("The attack was blamed on government forces.", None, ("Military Forces of Syria",), None),
        # Blamed on the last "on" an actor follows, not on the place or day the blamed event names.
        (
            "Damascus blamed the attack on Kurdish fighters in Afrin on Turkey.",
            "Damascus",
            ("Military Forces of Turkey",),
            "the attack on Kurdish fighters in Afrin",
        ),
        # The accuser before an acronym in brackets, or before "who" and the day of the accusation.
        (
            "The opposition Syrian National Coalition (SNC) accused Assad of being behind the attack.",
            "Syrian National Coalition",
            ("Military Forces of Syria",),
            "being behind the attack",
        ),
        (
            "The Coalition rebuked the UN envoy Bashar Aljaafari who on Monday blamed France for the massacre.",
            "Bashar Aljaafari",
            ("Military Forces of France",),
            "the massacre",
        ),
    ],
)
def test_accusations(sentence: str, source: str | None, against: tuple[str, ...], content: str | None) -> None:
    [a] = find_allegations(sentence)
    assert (a.source, a.against) == (source, against)
    if content is not None:
        assert a.content == content


def test_accuser_through_a_relative_pronoun_or_a_participle() -> None:
    [a] = find_allegations("according to residents who blame the Assad regime and the Russians for the attacks.")
    assert (a.source, a.against) == ("residents", ("Military Forces of Syria", "Military Forces of Russia"))
    sentence = "Fifty were wounded, the Syrian Observatory for Human Rights said, blaming the attack on regime forces."
    [a] = find_allegations(sentence)
    assert (a.source, a.against, a.content) == (
        "Syrian Observatory for Human Rights",
        ("Military Forces of Syria",),
        "the attack",
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "President Trump split the blame between Assad and Obama for the attack.",
        "A rocket slammed into a hospital in Idlib for the second time.",
        "There is no evidence that the coalition struck the school.",
        "The UN condemned the attack on the hospital.",
        "The man was accused of spying.",
    ],
)
def test_allegation_negatives(sentence: str) -> None:
    assert find_allegations(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "negated"),
    [
        ("Neither Ahrar al-Sham nor the Islamic Front blamed any group for the blast.", True),
        ("The government has not blamed anyone for the attack.", True),
        ("Nobody blamed the rebels for the attack on the hospital.", True),
        ("Syria has never accused Israel of the strike on the T4 base.", True),
        ("None of the groups blamed Islamic State for the car bomb.", True),
        ("The government has not so far blamed anyone for the car bomb.", True),
        # The negation is another verb's.
        ("Officials who did not want to be named blamed Islamic State for the bombing.", False),
        ("The army said it did not use chemical weapons and blamed rebels for the attack.", False),
        ("No group claimed responsibility but Turkey blamed the PKK for the car bomb.", False),
        ("No one was hurt and police blamed Islamic State for the blast.", False),
        ("The government not only blamed rebels for the shelling but vowed revenge.", False),
        ("The Syrian army which did not comment blamed rebels for the attack.", False),
    ],
)
def test_denied_blame_is_marked_negated(sentence: str, negated: bool) -> None:
    assert [a.negated for a in find_allegations(sentence)] == [negated]


# --- data ------------------------------------------------------------------------------------


def test_data_file_says_where_it_comes_from() -> None:
    head = resources.files("athar.data").joinpath("attribution.toml").read_text(encoding="utf-8")[:800]
    assert "Source:" in head and "Licence:" in head


def test_spans_point_into_the_sentence_on_the_seeds() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for m in find_sources(line):
                assert 0 <= m.start <= m.source_start < m.source_end <= m.end <= len(line) or m.cue == "according to"
            for a, b, _ in attribution_clauses(line):
                assert 0 <= a < b <= len(line)
            for d in find_denials(line):
                assert d.content is None or line[d.content_start : d.content_end] == d.content
            for al in find_allegations(line):
                assert al.content is None or line[al.content_start : al.content_end] == al.content


def test_posts_after_a_noun_and_before_a_place_are_positions_not_a_saying() -> None:
    text = "SANA reported that the army foiled an attack on a number of military posts in Deir Ezzor."
    assert [c[2].source for c in attribution_clauses(text)] == ["SANA"]
    # A name before it, or a count after it: a saying.
    for text, source in [
        ("The Syrian Network for Human Rights documents at least 12 civilians killed in Idlib.", "Syrian Network"),
        ("The group documents at least 12 civilians killed in Idlib.", "group"),
    ]:
        assert next(c[2].source for c in attribution_clauses(text)).startswith(source)
