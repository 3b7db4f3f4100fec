"""Perceptual hashes: copies stay close, other pictures stay far, borders are trimmed, bombs refused."""

import io

import numpy as np
import pdqhash
import pytest
from PIL import Image, ImageFilter

from athar.errors import InputError
from athar.media.hashing import hash_picture, open_image, pdq_distance, trim_box
from tests.media.conftest import bomb_png, photo, scene


def jpeg(image, quality):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def letterbox(image, bar):
    out = Image.new("RGB", (image.width, image.height + 2 * bar))
    out.paste(image, (0, bar))
    return out


def test_reencoded_and_resized_copies_are_within_the_pdq_threshold():
    original = scene(1)
    base = hash_picture(original)
    for copy in (jpeg(original, 30), original.resize((320, 240)), original.filter(ImageFilter.GaussianBlur(1.5))):
        assert pdq_distance(base.pdq, hash_picture(copy).pdq) <= 31


def test_different_scenes_are_far_apart():
    hashes = [hash_picture(scene(seed)) for seed in range(6)]
    for i, a in enumerate(hashes):
        for b in hashes[i + 1 :]:
            assert pdq_distance(a.pdq, b.pdq) > 31


def test_letterbox_bars_are_trimmed_before_hashing():
    original = scene(3)
    boxed = letterbox(original, 80)
    assert trim_box(boxed) == (0, 80, 640, 560)
    assert pdq_distance(hash_picture(original).pdq, hash_picture(boxed).pdq) <= 8
    # Hashed with its bars, the same picture is far off: the trimming is what makes it match.
    bits, _quality = pdqhash.compute(np.asarray(boxed))
    with_bars = np.packbits(bits.astype(np.uint8)).tobytes().hex()
    assert pdq_distance(hash_picture(original).pdq, with_bars) > 31


def test_a_sky_is_not_mistaken_for_a_border():
    assert trim_box(scene(4)) == (0, 0, 640, 480)


def test_flat_pictures_have_low_pdq_quality():
    flat = hash_picture(Image.new("RGB", (200, 200), (90, 90, 90)))
    assert flat.quality <= 49
    assert hash_picture(scene(5)).quality > 49


def test_a_decompression_bomb_is_refused_before_decoding(tmp_path):
    path = bomb_png(tmp_path / "bomb.png")
    assert path.stat().st_size < 200_000
    with pytest.raises(InputError) as refused:
        open_image(path, name="bomb.png", max_pixels=150_000_000)
    assert refused.value.code == "ATH221"
    assert "30000x30000 is 900,000,000 pixels" in refused.value.message


def test_a_truncated_image_is_a_clear_error(tmp_path):
    whole = photo(tmp_path / "p.jpg").read_bytes()
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(whole[: len(whole) // 3])
    with pytest.raises(InputError) as refused:
        open_image(cut, name="cut.jpg", max_pixels=150_000_000)
    assert refused.value.code == "ATH222" and "cut.jpg" in refused.value.message


def test_exif_orientation_is_applied_before_hashing(tmp_path):
    original = scene(6)
    rotated = original.rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view": undoes the turn above
    path = tmp_path / "rotated.jpg"
    rotated.save(path, quality=95, exif=exif)
    shown = open_image(path, name="rotated.jpg", max_pixels=10**8)
    assert shown.size == original.size
    assert pdq_distance(hash_picture(original).pdq, hash_picture(shown).pdq) <= 31
