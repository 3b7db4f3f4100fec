"""Copies: a wire story reprinted, lightly edited, is one statement — one originator, one incident."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from athar.reconcile.copies import are_copies, copy_groups, likeness, words
from athar.reconcile.incidents import reconcile
from tests.reconcile.test_incidents import claims_of

# A wire story as two outlets ran it, neither naming the wire: a few words changed.
WIRE = "A suicide bomber driving an ambulance killed four people at the national hospital in Azaz on Sunday."
REPRINT = "A suicide bomber in an ambulance killed four people at the main hospital in the town of Azaz on Sunday."
OWN_WORDS = "Four people died when a car exploded at a hospital in Azaz on Sunday, the BBC has learned."


def test_a_reprint_with_a_word_changed_is_a_copy_and_a_retelling_is_not():
    assert are_copies(words(WIRE), words(REPRINT))
    assert likeness(words(WIRE), words(REPRINT)) > 0.7
    assert not are_copies(words(WIRE), words(OWN_WORDS))


def test_words_are_compared_without_case_accents_or_short_words():
    assert (
        words("The STRIKE on Ḥamā market") == words("the strike on Hama market") == {"the", "strike", "hama", "market"}
    )


def test_short_sentences_are_never_copies_however_alike():
    """ "The Observatory reported heavy clashes in the area." recurs in reports of unrelated days."""
    short = words("The Observatory reported heavy clashes in the area.")
    assert not are_copies(short, short)


def test_copies_of_copies_and_items_of_one_source_share_a_group():
    edited_twice = REPRINT.replace("driving an ambulance", "in an ambulance")
    groups = copy_groups([words(WIRE), words(OWN_WORDS), words(edited_twice), words("x")], ["a", "b", "c", "b"])
    assert groups[0] == groups[2]  # a copy of a copy
    assert groups[1] == groups[3] != groups[0]  # one source, two sentences


def test_a_wire_story_reprinted_without_naming_the_wire_counts_once():
    """Two outlets running one story are one originator, so weak though both are graded B; a third outlet telling
    it in its own words makes it fair."""
    reprints = [("guardian", "The Guardian", "2015-02-23", WIRE), ("nyt", "The New York Times", "2015-02-23", REPRINT)]
    (incident,) = reconcile(*claims_of(reprints))
    assert len(incident.sources) == 2 and incident.originators == 1 and incident.grade == "weak"
    (incident,) = reconcile(*claims_of([*reprints, ("bbc", "BBC", "2015-02-23", OWN_WORDS)]))
    assert incident.originators == 2 and incident.grade == "fair"
    assert incident.grade_reason == "2 independent credible sources: bbc, guardian = nyt"


def test_a_copy_joins_the_incident_of_the_sentence_it_copies_whatever_else_the_incident_holds():
    """A report dated a day early (Saturday's) and one from Sunday tell one bombing; a reprint on Monday, dated
    Sunday, cannot share a day with Saturday's report, but it is the Sunday report's sentence, so it joins."""
    saturday = ("a", "AFP", "2015-02-21", "A car bomb killed four people in Azaz on Saturday, the Observatory said.")
    sunday = ("b", "Reuters", "2015-02-22", WIRE)
    monday = ("c", "The Guardian", "2015-02-23", REPRINT)
    (incident,) = reconcile(*claims_of([saturday, sunday, monday]))
    assert len(incident.claims) == 3
    # Told in its own words, Monday's report stands apart from Saturday's: no day both can mean.
    own = ("c", "The Guardian", "2015-02-23", OWN_WORDS)
    assert sorted(len(i.claims) for i in reconcile(*claims_of([saturday, sunday, own]))) == [1, 2]


def test_the_same_words_with_another_toll_are_another_statement():
    """ "At least 12" and "at least 15" in otherwise the same sentence: two originators, so fair."""
    text = "Air strikes killed at least 12 civilians in the rebel-held town of Maarat al-Numan in Idlib on Monday."
    reports = [("g", "The Guardian", "2019-05-06", text), ("b", "BBC", "2019-05-06", text.replace("12", "15"))]
    (incident,) = reconcile(*claims_of(reports))
    assert incident.originators == 2 and incident.grade == "fair"


def test_a_copy_joins_only_through_a_claim_of_its_own_place():
    """A template a news agency fills in for each town: the Saraqib sentence copies the province's word for word
    (toll included), but tells another town; it does not join the province's incident, which holds Kafranbel."""
    template = "Terrorist organizations fired rocket shells on residential neighborhoods in {} on Monday, killing 3 "
    template += "civilians and injuring 12 others, SANA reporter said."
    reports = [
        ("m1", "SANA", "2019-05-06", template.format("Idlib province")),
        ("m2", "Enab Baladi", "2019-05-06", "Regime artillery shelled Kafranbel on Monday, killing two civilians."),
        ("m3", "SANA", "2019-05-06", template.format("Saraqib")),
    ]
    assert reports_together(reports) == {("m1", "m2"), ("m3",)}


def test_a_copy_never_chains_two_days_through_an_undated_claim():
    """An undated report joins Monday's strike (its week holds Monday); Wednesday's report copies its words and
    adds its own day: it must fit Monday's claims too, and does not."""
    undated = (
        "Russian warplanes carried out several air strikes on the town of Kafranbel in the southern countryside "
        "of Idlib, killing five civilians, the Syrian Observatory for Human Rights said."
    )
    reports = [
        ("u", "Enab Baladi", "2019-05-08", undated),
        ("mon", "Al Jazeera", "2019-05-06", "Russian warplanes bombed Kafranbel on Monday, killing four civilians."),
        ("wed", "Orient News", "2019-05-08", undated.replace("of Idlib,", "of Idlib on Wednesday,")),
    ]
    assert reports_together(reports) == {("mon", "u"), ("wed",)}


def reports_together(reports) -> set[tuple[str, ...]]:
    """Which reports each incident holds."""
    claims, published = claims_of(reports)
    document = {c.id: c.document_id for c in claims}
    return {tuple(sorted({document[c] for c in i.claims})) for i in reconcile(claims, published)}


_WORDS = [
    *("strike", "killed", "four", "people", "hospital", "azaz"),
    *("sunday", "bomber", "monitor", "market", "shells", "town"),
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sets(st.sampled_from(_WORDS), min_size=6, max_size=12), min_size=1, max_size=8), st.randoms())
def test_copy_groups_are_the_same_whatever_the_order(sentences: list[set[str]], random) -> None:
    """Copies of copies join: the groups are the closure of 'is a copy of', which no order changes."""
    texts = [words(" ".join(sorted(s))) for s in sentences]
    keys = [f"source-{n}" for n in range(len(texts))]
    order = list(range(len(texts)))
    random.shuffle(order)

    def partition(indices: list[int]) -> set[frozenset[int]]:
        groups = copy_groups([texts[i] for i in indices], [keys[i] for i in indices])
        found: dict[int, set[int]] = {}
        for position, group in enumerate(groups):
            found.setdefault(group, set()).add(indices[position])
        return {frozenset(members) for members in found.values()}

    assert partition(list(range(len(texts)))) == partition(order)
    for a in texts:
        for b in texts:
            assert are_copies(a, b) == are_copies(b, a)


def test_a_daily_template_does_not_drift_from_day_to_day():
    """One agency's template for each day's shelling of one town: each report's day overlaps the day before's
    (a report's day may tell of the day before), but a copy joins only within its original's days."""
    template = (
        "Terrorist organizations fired rocket shells on residential neighborhoods in Kafranbel on {}, killing 3 "
        "civilians and injuring 12 others, SANA reporter said."
    )
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    reports = [(f"d{n}", "SANA", f"2019-05-{6 + n:02d}", template.format(day)) for n, day in enumerate(days)]
    assert max(len(group) for group in reports_together(reports)) <= 2


def test_a_toll_left_out_does_not_make_two_statements_one():
    """ "at least 12" and "at least 15" are two statements; a third report that gives no toll copies neither."""
    text = "Air strikes killed at least 12 civilians in the rebel-held town of Maarat al-Numan in Idlib on Monday."
    reports = [
        ("g", "The Guardian", "2019-05-06", text),
        ("b", "BBC", "2019-05-06", text.replace("12", "15")),
        ("n", "The New York Times", "2019-05-06", text.replace("at least 12 civilians", "civilians")),
    ]
    (incident,) = reconcile(*claims_of(reports))
    assert incident.originators == 3 and incident.grade == "fair"
