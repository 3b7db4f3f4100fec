import pytest

from athar.errors import InputError
from athar.read.pdf import read_pdf
from tests.conftest import FIXTURES


def test_pdf_text_and_document_info_are_read():
    reading = read_pdf((FIXTURES / "read" / "report.pdf").read_bytes(), name="report.pdf")
    assert "Russian warplanes struck a hospital in Kafranbel" in reading.body
    assert "More than 6,500 civilians" in reading.body
    assert reading.title == "Monthly report on civilian deaths"
    assert reading.author == "SNHR"
    assert reading.published is not None and reading.published.value == "2019-10-01"


def test_a_damaged_pdf_is_an_error_naming_it():
    data = (FIXTURES / "read" / "report.pdf").read_bytes()
    with pytest.raises(InputError) as caught:
        read_pdf(data[:200], name="cut.pdf")
    assert caught.value.code in {"ATH208", "ATH210"}
    assert "cut.pdf" in caught.value.message
