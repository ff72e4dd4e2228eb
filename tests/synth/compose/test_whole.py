"""Produce shown whole: a cut face repainted with the skin (synth.compose.whole), and the compositor's coin for it."""

from pathlib import Path

import cv2
import numpy as np

from wildcat.core.imageio import encode_png
from wildcat.core.manifest import read_manifest
from wildcat.synth.compose import compose_dataset, regenerate
from wildcat.synth.compose.config import Profile
from wildcat.synth.compose.foregrounds import WHOLE, load_foreground
from wildcat.synth.compose.whole import whole_view

from tests.synth.compose.fixtures import composer, make_job, tiny_config

SKIN, FLESH = (70, 150, 50), (240, 140, 40)  # a green rind, an orange cut face


def cut_melon(size: int = 80) -> np.ndarray:
    """A disc of rind with a cut face (a smaller orange disc) in its middle, on transparent."""
    rgba = np.zeros((size, size, 4), np.uint8)
    c = size // 2
    cv2.circle(rgba, (c, c), c - 4, (*SKIN, 255), -1)
    cv2.circle(rgba, (c, c), c // 2, (*FLESH, 255), -1)
    return rgba


def _distance(rgb: np.ndarray, colour) -> np.ndarray:
    return np.abs(rgb.astype(int) - np.array(colour)).max(axis=-1)


def test_cut_face_takes_the_skin_colour_and_the_rest_is_kept():
    rgba = cut_melon()
    out = whole_view(rgba)
    assert (out[..., 3] == rgba[..., 3]).all()  # same outline
    face = _distance(rgba[..., :3], FLESH) == 0
    assert np.median(_distance(out[..., :3][face], SKIN)) < 30  # was 170 away from the rind's green
    assert (out[~face] == rgba[~face]).all()  # rind and transparent pixels untouched


def test_whole_produce_is_unchanged_and_large_cutouts_keep_their_skin_pixels():
    plain = cut_melon()
    plain[..., :3][plain[..., 3] > 0] = SKIN  # no cut face: nothing to repaint
    assert (whole_view(plain) == plain).all()
    big = cv2.resize(cut_melon(), (300, 300), interpolation=cv2.INTER_NEAREST)
    out = whole_view(big)  # filled at a small working size, scaled back over the cut face only
    face = _distance(big[..., :3], FLESH) == 0
    assert np.median(_distance(out[..., :3][face], SKIN)) < 30
    rind = (_distance(big[..., :3], SKIN) == 0) & (cv2.dilate(face.astype(np.uint8), np.ones((9, 9))) == 0)
    assert (out[rind] == big[rind]).all()


def test_foreground_path_with_the_suffix_loads_the_whole_view(tmp_path):
    path = tmp_path / "melon.png"
    path.write_bytes(encode_png(cut_melon()))
    assert (load_foreground(str(path) + WHOLE, 64) == whole_view(load_foreground(str(path), 64))).all()


def test_compositor_shows_produce_whole_when_asked_and_records_it(compose_inputs, tmp_path):
    catalog, fg, bg = compose_inputs

    def sources(out):
        return [s for r in read_manifest(out) for s in r.lineage["sources"]]

    compose_dataset(catalog, [fg], tmp_path / "off", tiny_config([str(bg)], per_product=2), seed=5, progress=False)
    cfg = tiny_config([str(bg)], per_product=2, placement={"whole_prob": 1.0})
    compose_dataset(catalog, [fg], tmp_path / "on", cfg, seed=5, progress=False)
    assert not any(s.endswith(WHOLE) for s in sources(tmp_path / "off"))
    assert all(
        s.endswith(WHOLE) == ("milk" not in s) for s in sources(tmp_path / "on")
    )  # produce whole, packages as they are
    row = read_manifest(tmp_path / "on")[0]
    assert regenerate(row.sample_id, tmp_path / "on") == (tmp_path / "on" / row.path).read_bytes()


def test_an_unreadable_file_is_recorded_under_its_own_name(tmp_path):
    """Skipped inputs become rejects that say which file to fix: the file, not its whole view."""
    job = make_job(tmp_path, ("bin",), Profile(match=["*"], size_m=(0.05, 0.08), layouts={"pile": 1.0}), whole_prob=1.0)
    broken, fine = job.foregrounds["apple-red"]
    Path(broken).write_bytes(b"not a png")
    c = composer(job, 0)
    for _ in range(6):  # the file tried first is drawn at random: some draws start at the broken one
        c.source("apple-red", 24)
    assert list(c.skipped) == [broken] and c.sources == [fine + WHOLE]
