import random

import pytest

from athar.errors import InputError
from athar.read.encoding import declared_charset, decode

ARABIC = "قُتل ثمانية مدنيين على الأقل في قصف جوي على سوق مدينة أريحا في ريف إدلب، بحسب المرصد السوري لحقوق الإنسان."


def test_utf8_is_read_as_utf8():
    assert decode(ARABIC.encode("utf-8"), name="a.txt") == (ARABIC, "utf-8")


def test_windows_1256_arabic_is_detected():
    text, encoding = decode(ARABIC.encode("cp1256"), name="a.txt")
    assert text == ARABIC
    assert encoding == "cp1256"


def test_utf16_with_bom_is_read():
    assert decode(ARABIC.encode("utf-16"), name="a.txt")[0] == ARABIC


def test_a_wrong_declared_charset_is_not_trusted():
    assert decode(ARABIC.encode("utf-8"), name="a.html", declared="ascii")[0] == ARABIC


def test_meta_charset_is_found_in_html():
    assert declared_charset(b'<html><head><meta charset="windows-1256">') == "cp1256"
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-6">') == "iso8859-6"
    assert declared_charset(b"<html><head>") is None


def test_undecodable_bytes_give_one_clear_error():
    with pytest.raises(InputError) as caught:
        decode(bytes(random.Random(1).randrange(128, 256) for _ in range(300)), name="odd.txt")
    assert caught.value.code == "ATH205"
    assert "odd.txt" in caught.value.message


def test_a_forced_encoding_is_the_only_one_tried():
    data = ARABIC.encode("cp1256")
    assert decode(data, name="a.txt", forced="cp1256") == (ARABIC, "cp1256")
    with pytest.raises(InputError) as caught:
        decode(data, name="a.txt", forced="utf-8")
    assert caught.value.code == "ATH211"
    assert "check --encoding" in caught.value.message
