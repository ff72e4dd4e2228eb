import numpy as np
import pytest

from wildcat.segment.colours import ColourVocabulary, colour_words, dominant_colours, lab


def _object(rgb, background=(255, 255, 255), second=None) -> np.ndarray:
    """RGBA: an opaque square of `rgb` (its right third `second`, if given) on a transparent `background`."""
    a = np.zeros((60, 60, 4), np.uint8)
    a[..., :3] = background
    a[10:50, 10:50, :3] = rgb
    if second is not None:
        a[10:50, 37:50, :3] = second
    a[10:50, 10:50, 3] = 255
    return a


def test_colour_words_maps_synonyms_keeps_order_and_ignores_other_words():
    assert colour_words("Gray jersey, NAVY trim and grey cuffs") == ["grey", "navy"]
    assert colour_words("Oatly Oat Milk") == []
    assert colour_words("Golden Delicious") == ["gold"]


def test_dominant_colours_read_only_the_foreground_biggest_first():
    rng = np.random.default_rng(0)
    found = dominant_colours(_object((200, 20, 20), second=(20, 40, 190)), rng)
    vocab = ColourVocabulary.seeded()
    assert vocab.names(found) == ["red", "blue"]  # the white backdrop is transparent: not a colour of the product
    assert found[0].share == pytest.approx(27 / 40, abs=0.02) and found[1].share == pytest.approx(13 / 40, abs=0.02)
    assert dominant_colours(np.zeros((8, 8, 4), np.uint8), rng) == []  # nothing opaque, nothing to name


def test_a_title_colour_the_image_does_not_show_is_a_contradiction():
    rng = np.random.default_rng(0)
    vocab = ColourVocabulary.seeded()
    blue = dominant_colours(_object((25, 45, 190)), rng)
    score, word, seen = vocab.contradiction("Red running shoe", blue)
    assert (word, seen) == ("red", "blue") and score > 20
    assert vocab.contradiction("Blue running shoe", blue)[0] == 0.0
    assert vocab.contradiction("Running shoe", blue) == (0.0, "", "")  # no colour named, nothing to contradict


def test_learning_moves_a_name_to_what_the_catalog_calls_it():
    rng = np.random.default_rng(0)
    teal_ish = [(30, 110, 120), (25, 105, 118), (35, 115, 125), (28, 108, 122)]
    products = [("teal lamp", dominant_colours(_object(c), rng)) for c in teal_ish]
    products.append(("red mug", dominant_colours(_object((40, 200, 60)), rng)))  # far from red: not learned from
    vocab = ColourVocabulary.learn(products)
    assert vocab.learned_from == {"teal": 4}
    learned = np.asarray(vocab.prototypes["teal"][0])
    assert np.abs(learned - lab(np.array([30, 110, 121], np.uint8))).max() < 3
    assert vocab.prototypes["red"] == ColourVocabulary.seeded().prototypes["red"]


def test_a_vocabulary_saves_and_loads(tmp_path):
    vocab = ColourVocabulary.seeded()
    vocab.save(tmp_path / "v.json")
    back = ColourVocabulary.load(tmp_path / "v.json")
    assert back.prototypes.keys() == vocab.prototypes.keys()
    assert np.allclose(back.prototypes["navy"], vocab.prototypes["navy"])
