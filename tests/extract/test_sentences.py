from athar.extract.sentences import split_sentences


def test_sentences_keep_offsets_into_the_body_and_paragraphs_end_them():
    body = "Shelling hit Douma on Monday. Three were killed, the U.S. envoy said.\n\nA second paragraph"
    spans = split_sentences(body)
    assert [body[a:b] for a, b in spans] == [
        "Shelling hit Douma on Monday.",
        "Three were killed, the U.S. envoy said.",
        "A second paragraph",
    ]


def test_empty_text_has_no_sentences():
    assert split_sentences("  \n\n ") == []


def test_a_photo_credit_ends_the_caption_run_into_the_text():
    body = (
        "Russian jets are seen at Hmeymim air base June 18 2016 (TRT World and Agencies) The death toll from "
        "strikes on Al Quriyah rose to 82. DAMASCUS (AFP) - A car bomb killed five."
    )
    assert [body[a:b] for a, b in split_sentences(body)] == [
        "Russian jets are seen at Hmeymim air base June 18 2016 (TRT World and Agencies)",
        "The death toll from strikes on Al Quriyah rose to 82.",
        "DAMASCUS (AFP) - A car bomb killed five.",  # a dateline's credit is no caption
    ]


def test_the_close_of_a_credit_split_from_its_caption_is_cut_off():
    body = "A man carries a child at the scene. (TRT World and Agencies) At least 45 people were killed."
    texts = [body[a:b] for a, b in split_sentences(body)]
    assert texts[-1] == "At least 45 people were killed."
