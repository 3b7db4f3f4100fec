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
