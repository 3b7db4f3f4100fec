from athar.extract.lexicon import find_targets, measure_of


def measure(sentence: str, number: str) -> str | None:
    start = sentence.index(number)
    return measure_of(sentence, start, start + len(number))


def test_what_a_number_counts_comes_from_the_words_around_it():
    assert measure("Shells killed at least eight people and wounded 23.", "eight") == "killed"
    assert measure("killing at least eight people and wounding 23", "23") == "injured"
    assert measure("there have been 658 cases of injuries by UXO", "658") == "injured"
    assert measure("more than 55,000 people have returned to the Eastern Ghouta", "55,000") == "returned"
    assert measure("half a million Syrians have been displaced in Idlib", "half a million") == "displaced"


def test_a_verb_before_a_number_yields_to_the_noun_after_it():
    assert measure("the strikes destroyed 20 houses", "20") == "destroyed_buildings"
    assert measure("the army destroyed 3 vehicles rigged with explosives", "3") is None
    assert measure("destroying 18 armoured trucks", "18") is None
    assert measure("destroying 18 in the old city", "18") == "destroyed_buildings"


def test_buildings_count_as_destroyed_only_where_the_text_says_they_were_damaged():
    assert measure("200 homes were reduced to rubble", "200") == "destroyed_buildings"
    assert measure("IS fighters have seized a number of buildings in south Kobane", "a number of") is None
    assert measure("the war has driven millions from their homes", "millions") is None


def test_a_number_whose_measure_belongs_to_another_clause_counts_nothing():
    assert measure("one of the attacks, including one last year that killed 80", "one last") is None
    assert measure("5 casualties in Mare and Azaz", "5") == "casualties"
    assert measure("the 40-page report was issued on Monday", "40") is None


def test_targets_are_named_once_each_in_order():
    found = find_targets("Warplanes bombed hospitals, schools and a market; another hospital was hit near a camp")
    assert [t.target for t in found] == ["hospital", "school", "market", "camp"]
    assert found[0].text == "hospitals"
