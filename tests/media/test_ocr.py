"""Text in pictures: captions in English and Arabic are read; a photo without text gives nothing."""

import pytest
from PIL import Image, ImageDraw

from athar.media.ocr import meaningful, read_text
from tests.media.conftest import font, needs_tesseract, scene


def caption(text, *, size=(900, 140), direction=None):
    image = Image.new("RGB", size, (255, 255, 255))
    ImageDraw.Draw(image).text((20, 30), text, fill=(0, 0, 0), font=font(48), direction=direction)
    return image


@needs_tesseract
def test_an_english_caption_is_read():
    text = read_text(caption("Shelling in Douma 2018"), languages="eng", min_confidence=60, timeout_s=60)
    assert "Shelling in Douma 2018" in text


@needs_tesseract
def test_an_arabic_caption_is_read():
    try:
        image = caption("قصف في دوما", direction="rtl")
    except (KeyError, ValueError):
        pytest.skip("Pillow was built without libraqm: cannot render Arabic")
    text = read_text(image, languages="ara", min_confidence=50, timeout_s=60)
    assert "دوما" in text


@needs_tesseract
def test_a_picture_without_text_gives_no_document_worth_of_text():
    text = read_text(scene(2), languages="eng", min_confidence=60, timeout_s=60)
    assert not meaningful(text)
