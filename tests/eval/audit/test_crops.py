import numpy as np
from PIL import Image

from wildcat.eval.audit.crops import guided_vectors, hero_hit_rate
from wildcat.eval.baselines import ColorHistogramEmbedder


def test_the_title_picks_the_region_of_the_listed_product(tmp_path):
    # a listing photo: a red product at the left, a blue one at the right, on grey
    photo = np.full((160, 240, 3), 128, np.uint8)
    photo[40:120, 20:100] = (210, 30, 30)
    photo[40:120, 140:220] = (30, 40, 210)
    path = tmp_path / "room.png"
    Image.fromarray(photo).save(path)
    embedder = ColorHistogramEmbedder()
    red, blue = embedder.embed_images([np.full((32, 32, 3), c, np.uint8) for c in ((210, 30, 30), (30, 40, 210))])
    whole = embedder.embed_images([photo])
    owners = np.array([0])
    for title, left in ((red, True), (blue, False)):
        vectors, boxes = guided_vectors(embedder, [str(path)], owners, whole, title[None, :])
        cx = (boxes[0][0] + boxes[0][2]) / 2
        assert (cx < 120) == left  # the region the title looks like, not the whole room
        assert float(vectors[0] @ title) > float(whole[0] @ title)


def test_hero_hit_rate():
    heroes = [[[0, 0, 10, 10]], [[0, 0, 10, 10]], [[50, 50, 60, 60]]]
    assert hero_hit_rate([[2, 2, 8, 8], None, [0, 0, 10, 10]], heroes) == 1 / 3
