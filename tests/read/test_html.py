import pytest

from athar.errors import InputError
from athar.read.html import read_html
from tests.conftest import FIXTURES

PAGE = (FIXTURES / "read" / "article_with_comments.html").read_bytes()


def test_article_metadata_comes_from_the_page():
    reading = read_html(PAGE, name="page.html")
    assert reading.title == "Car bomb kills at least eight in Azaz market"
    assert reading.author == "Rania Haddad"
    assert reading.outlet == "Example Monitor"
    assert reading.published is not None
    assert (reading.published.value, reading.published.precision) == ("2018-01-07", "day")


def test_reader_comments_are_kept_apart_from_the_article():
    reading = read_html(PAGE, name="page.html")
    assert "killing at least eight people and wounding 23" in reading.body
    assert "My cousin lives" not in reading.body
    assert len(reading.comments) == 3
    assert reading.comments[0].startswith("My cousin lives two streets from the market")


def test_page_furniture_is_dropped():
    reading = read_html(PAGE, name="page.html")
    assert "Support Example Monitor" not in reading.body
    assert "Copyright" not in reading.body
    assert not reading.body.startswith(reading.title or "")


def test_windows_1256_page_with_meta_charset_is_read():
    page = (
        '<html><head><meta charset="windows-1256"><title>قصف على أريحا</title></head><body><article>'
        "<p>قُتل ثمانية مدنيين على الأقل في قصف جوي على سوق مدينة أريحا في ريف إدلب، بحسب المرصد السوري.</p>"
        "<p>وقال الدفاع المدني إن فرقه انتشلت الضحايا من تحت الأنقاض بعد ساعات من القصف على السوق الشعبي.</p>"
        "</article></body></html>"
    ).encode("cp1256")
    reading = read_html(page, name="ariha.html")
    assert reading.encoding == "cp1256"
    assert "أريحا" in reading.body


def test_page_without_text_is_an_error_naming_it():
    with pytest.raises(InputError) as caught:
        read_html(b"<html><head><title>Shell</title></head><body><p>Share</p></body></html>", name="empty-shell.html")
    assert caught.value.code == "ATH210"
    assert "empty-shell.html" in caught.value.message
