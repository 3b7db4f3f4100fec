"""Keys that make transliterations of one name equal, and keep different names apart."""

from __future__ import annotations

import pytest

from athar.geo.normalize import fold, name_keys, tokenize


@pytest.mark.parametrize(
    "spellings",
    [
        ["Deir ez-Zor", "Dayr az Zawr", "Deir al-Zour", "Deir Ezzor"],  # article forms, ei/ay, o/aw/ou
        ["Raqqa", "Raqa", "Ar Raqqah", "ar-Raqqa"],  # doubled letters, final h, assimilated article
        ["Kobane", "Kobani", "Kobanê"],  # e/i, diacritics
        ["Khmeimim", "Hmeimim"],  # kh/h
        ["Qamishli", "Kamishli", "Qamişlo"],  # q/k, ş→sh, final vowel
        ["Sweida", "Suwayda", "As-Suwayda'"],  # w/y as vowels, hamza mark
        ["Ladhiqiyah", "Laziqiyah"],  # dh/z
        ["Ghouta", "Guta", "al-Ghuta"],  # gh/g, ou/u
        ["Ma'arrat an-Nu'man", "Maarat al-Numan", "Ma`arat al-Nu`man"],  # ʿayn marks
    ],
)
def test_transliterations_share_a_key(spellings: list[str]) -> None:
    keys = [set(name_keys(s)) for s in spellings]
    assert set.intersection(*keys), dict(zip(spellings, keys, strict=True))


@pytest.mark.parametrize(
    ("a", "b"), [("Homs", "Hama"), ("Daraa", "Deir"), ("Idlib", "Aleppo"), ("Tell Abyad", "Tal Tamr")]
)
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert not set(name_keys(a)) & set(name_keys(b))


def test_arabic_keys_ignore_article_hamza_seats_and_taa_marbuta() -> None:
    assert name_keys("الرقة") == name_keys("رقه")
    assert name_keys("إدلب") == name_keys("ادلب")


def test_fold_removes_marks_and_maps_scientific_letters() -> None:
    assert fold("Ḩamāh") == "hamah"
    assert fold("Jisr ash Shughūr") == "jisr ash shughur"
    assert fold("Şêxmeqsûd") == "shexmeqsud"
    assert fold("Maʿarrat") == "maarrat"


def test_tokens_keep_spans_and_cut_possessives() -> None:
    text = "Idlib's countryside, al-Bab"
    toks = tokenize(text)
    assert [text[t.start : t.end] for t in toks] == ["Idlib", "countryside", "al", "Bab"]
    assert toks[2].is_article and toks[2].hyphen_after
