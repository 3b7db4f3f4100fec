"""Text captures of pages: the article kept, furniture dropped, comments apart."""

from athar.read.cleanup import clean_capture
from tests.conftest import SEEDS


def seed(name):
    return clean_capture((SEEDS / name).read_text("utf-8"))


def test_southfront_capture_splits_article_from_comment_thread():
    cleaned = seed("southfront-2018-04-raqqa-photos.txt")
    assert cleaned.title == "Russian Military Releases Photos Showing Destructions In Raqqa Caused By US-led Coalition"
    assert cleaned.body.startswith("On April 7, the Russian Defense Ministry released photos")
    assert "more than 55,000 people have returned" in cleaned.body
    for furniture in ("Support SouthFront", "Click to see the full-size image", "MARCH 2025", "2,500 $", "Notify of"):
        assert furniture not in cleaned.body
    assert cleaned.title not in cleaned.body  # repeated as image captions
    assert "zionists" not in cleaned.body
    assert any("zionists" in comment for comment in cleaned.comments)
    assert not any(c in ("Inline Feedbacks", "Newest Most Voted", "View all comments") for c in cleaned.comments)


def test_capture_date_before_the_headline_is_not_the_publication_date():
    assert seed("southfront-2018-04-raqqa-photos.txt").published is None


def test_newarab_dateline_after_headline_is_the_publication_date():
    cleaned = seed("newarab-2016-02-10-russia-drone-footage.txt")
    assert cleaned.title == "Russian 'war crimes' documented in dystopic drone footage"
    assert cleaned.published is not None and cleaned.published.value == "2016-02-10"
    assert "2 min read" not in cleaned.body
    assert cleaned.comments == ()


def test_centralasianews_navigation_and_comment_are_not_the_article():
    cleaned = seed("centralasianews-2019-11-06-kobane-stones.txt")
    assert cleaned.title == "Worrying signs for Kremlin as Russian troops pelted with stones in Syria"
    assert "Bursting at the seams" not in cleaned.body
    assert "| Security" not in cleaned.body
    assert "Do you like this article?" not in cleaned.body
    assert cleaned.body.rstrip().endswith('"purely humanitarian" measure.')
    assert len(cleaned.comments) == 1
    assert cleaned.comments[0].startswith("There are reasons for this Syrian hatred")


def test_given_title_is_used_and_nothing_is_dropped_when_absent():
    text = "DAMASCUS, Syria\n\nShelling hit the old city on Monday, killing two people, state media reported."
    cleaned = clean_capture(text, title="A title the text does not contain")
    assert cleaned.body.startswith("DAMASCUS, Syria")


def test_a_one_line_report_is_body_not_title():
    cleaned = clean_capture("Line 7: an air strike hit Douma, killing 3.")
    assert cleaned.title is None
    assert cleaned.body == "Line 7: an air strike hit Douma, killing 3."


def test_a_headline_with_a_short_report_after_it_keeps_the_report():
    cleaned = clean_capture("Shelling in Douma\n\nThree were killed.")
    assert "Three were killed." in cleaned.body
