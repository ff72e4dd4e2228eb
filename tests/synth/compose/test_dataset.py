"""compose_dataset end to end on tiny inputs: rows and lineage, determinism, regeneration, COCO,
bad inputs recorded while the batch completes, and the CLI."""

import json
import time

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from wildcat.cli import app
from wildcat.core.errors import ConfigError
from wildcat.core.imageio import load_array
from wildcat.core.manifest import read_manifest, read_rejects
from wildcat.synth.compose import compose_dataset, regenerate
from wildcat.synth.compose.config import EffectsConfig
from wildcat.synth.compose.effects import apply_effects

from tests.synth.compose.fixtures import make_catalog, make_foregrounds, make_photo_backgrounds, tiny_config


def _bytes(out):
    return {r.sample_id: (out / r.path).read_bytes() for r in read_manifest(out)}


def test_dataset_rows_lineage_coco_and_sheet(compose_inputs, tmp_path):
    catalog, fg, bg = compose_inputs
    out = tmp_path / "out"
    summary = compose_dataset(catalog, [fg], out, tiny_config([str(bg)]), seed=3, progress=False)
    assert summary.produced == 9 and not summary.rejected
    rows = read_manifest(out)
    assert len(rows) == 9 and {r.generator for r in rows} == {"cutpaste"} and {r.domain for r in rows} == {"synthetic"}
    row = rows[0]
    assert row.path.startswith("images/apple-red/") and row.category == "Apple"
    assert load_array(out / row.path).shape == (48, 48, 3)
    lin = row.lineage
    for key in (
        "seed",
        "index",
        "layout",
        "background",
        "sources",
        "instances",
        "occluders",
        "blend",
        "harmonize",
        "effects",
    ):
        assert key in lin
    assert lin["background"]["kind"] in ("store", "room") and lin["effects"]["jpeg_quality"] >= 60
    hero = [i for i in lin["instances"] if i["product"] == "apple-red"]
    assert hero and all(0 <= i["occluded"] <= 1 and 0 <= i["truncated"] <= 1 for i in hero)
    assert all(s.startswith(str(fg)) for s in lin["sources"])
    coco = json.loads((out / "coco.json").read_text())
    boxed = sum(1 for r in rows for i in r.lineage["instances"] if i["box"])
    assert len(coco["images"]) == 9 and len(coco["annotations"]) == boxed and len(coco["categories"]) == 3
    assert all(0 <= a["bbox"][0] < 48 and a["bbox"][2] > 0 for a in coco["annotations"])
    assert (out / "contact_sheet.png").exists() and (out / "config.yaml").exists()


def test_same_seed_same_bytes_other_seed_other_bytes_and_regenerate(compose_inputs, tmp_path):
    catalog, fg, bg = compose_inputs
    cfg = tiny_config([str(bg)], per_product=2)
    for name, seed in (("a", 11), ("b", 11), ("c", 12)):
        compose_dataset(catalog, [fg], tmp_path / name, cfg, seed=seed, progress=False)
    a, b, c = (_bytes(tmp_path / n) for n in "abc")
    assert a == b
    assert a.keys() == c.keys() and all(a[k] != c[k] for k in a)
    sid = sorted(a)[3]
    assert regenerate(sid, tmp_path / "a") == a[sid]


def test_corrupt_foreground_and_background_are_skipped_and_recorded(tmp_path):
    catalog = make_catalog(tmp_path / "shop")
    fg = make_foregrounds(tmp_path / "fg", corrupt="lime-green")
    bg = make_photo_backgrounds(tmp_path / "bg", corrupt=True)
    out = tmp_path / "out"
    summary = compose_dataset(catalog, [fg], out, tiny_config([str(bg)], per_product=4), seed=1, progress=False)
    rejects = read_rejects(out)
    assert all(r.stage == "compose" for r in rejects)
    lime = [r for r in rejects if r.product_id == "lime-green"]
    assert len(lime) == 4 and all("lime-green_0.png" in r.reason for r in lime)  # its only cutout is broken
    skipped = {r.item.rsplit("/", 1)[-1] for r in rejects if r.reason.startswith("skipped unreadable input")}
    assert skipped == {"lime-green_0.png", "broken.jpg"}  # passed over by other samples, and recorded once
    rows = read_manifest(out)
    assert summary.produced == len(rows) == 8 and {r.product_id for r in rows} == {"apple-red", "milk-blue"}
    assert all("broken.jpg" not in r.lineage["background"]["id"] for r in rows)
    assert all("lime-green" not in i["product"] for r in rows for i in r.lineage["instances"])


def test_product_without_foreground_is_recorded(compose_inputs, tmp_path):
    catalog, fg, bg = compose_inputs
    only_two = make_foregrounds(
        tmp_path / "fg2",
        products=[
            p for p in __import__("tests.synth.compose.fixtures", fromlist=["PRODUCTS"]).PRODUCTS if p[0] != "milk-blue"
        ],
    )
    compose_dataset(
        catalog, [only_two], tmp_path / "out", tiny_config([str(bg)], per_product=1), seed=1, progress=False
    )
    assert any("milk-blue" in r.reason and "no foreground" in r.reason for r in read_rejects(tmp_path / "out"))


def test_clear_errors_for_missing_inputs_and_changed_seed(compose_inputs, tmp_path):
    catalog, fg, bg = compose_inputs
    with pytest.raises(ConfigError, match="no foreground folders"):
        compose_dataset(catalog, [], tmp_path / "o1", tiny_config([str(bg)]), seed=1, progress=False)
    with pytest.raises(ConfigError, match="not a dataset folder"):
        compose_dataset(catalog, [bg], tmp_path / "o1", tiny_config([str(bg)]), seed=1, progress=False)
    cfg = tiny_config([str(bg)], per_product=1)
    compose_dataset(catalog, [fg], tmp_path / "o2", cfg, seed=1, progress=False)
    with pytest.raises(ConfigError, match="seed 1, not 2"):
        compose_dataset(catalog, [fg], tmp_path / "o2", cfg, seed=2, progress=False)
    with pytest.raises(ConfigError, match="other inputs or another config"):
        compose_dataset(
            catalog, [fg], tmp_path / "o2", tiny_config([str(bg)], per_product=1, size=40), seed=1, progress=False
        )


def test_a_dataset_from_before_a_knob_existed_resumes(compose_inputs, tmp_path):
    """A knob added since takes its default, which keeps the old bytes: the folder resumes, not refused."""
    catalog, fg, bg = compose_inputs
    cfg = tiny_config([str(bg)], per_product=2)
    out = tmp_path / "old"
    compose_dataset(catalog, [fg], out, cfg.model_copy(update={"per_product": 1}), seed=4, progress=False)
    meta = yaml.safe_load((out / "config.yaml").read_text())
    del (
        meta["config"]["placement"]["instance_tint"],
        meta["config"]["effects"]["isp_prob"],
    )  # as an older version saved it
    meta["config"]["per_product"], meta["inputs_hash"] = 2, "0123456789abcdef"
    (out / "config.yaml").write_text(yaml.safe_dump(meta))
    summary = compose_dataset(catalog, [fg], out, cfg, seed=4, progress=False)
    assert summary.produced == 3 and summary.skipped == 3  # only the missing second samples made
    compose_dataset(catalog, [fg], tmp_path / "fresh", cfg, seed=4, progress=False)
    assert _bytes(out) == _bytes(tmp_path / "fresh")
    with pytest.raises(
        ConfigError, match="other inputs or another config"
    ):  # a knob away from its default still counts
        compose_dataset(
            catalog,
            [fg],
            out,
            tiny_config([str(bg)], per_product=2, placement={"instance_tint": 0.1}),
            seed=4,
            progress=False,
        )


def test_a_dataset_from_before_indoor_light_resumes_with_it_off_and_names_it_otherwise(compose_inputs, tmp_path):
    """indoor_light changed the default output when it came: a folder saved without it was made without it."""
    catalog, fg, bg = compose_inputs
    cfg = tiny_config([str(bg)], per_product=2)
    old_look = cfg.model_copy(update={"effects": cfg.effects.model_copy(update={"indoor_light": False})})
    out = tmp_path / "old"
    compose_dataset(catalog, [fg], out, old_look.model_copy(update={"per_product": 1}), seed=4, progress=False)
    meta = yaml.safe_load((out / "config.yaml").read_text())
    del meta["config"]["effects"]["indoor_light"]  # as the version before it saved the folder
    meta["config"]["per_product"] = 2
    (out / "config.yaml").write_text(yaml.safe_dump(meta))
    with pytest.raises(ConfigError, match=r"effects\.indoor_light: False -> True"):  # today's default is named
        compose_dataset(catalog, [fg], out, cfg, seed=4, progress=False)
    assert compose_dataset(catalog, [fg], out, old_look, seed=4, progress=False).produced == 3


def test_other_foregrounds_are_refused_with_the_same_seed_and_config(compose_inputs, tmp_path):
    catalog, fg, bg = compose_inputs
    cfg = tiny_config([str(bg)], per_product=1)
    compose_dataset(catalog, [fg], tmp_path / "out", cfg, seed=2, progress=False)
    more = make_foregrounds(tmp_path / "fg2", per_product=1)
    with pytest.raises(ConfigError, match="other inputs or another config"):
        compose_dataset(catalog, [fg, more], tmp_path / "out", cfg, seed=2, progress=False)


def test_effects_seed_each_transform_independently():
    img = np.full((16, 16, 3), 128, np.uint8)
    cfg = EffectsConfig(
        blur_prob=0.5, noise_prob=0.5, white_balance_prob=0.5, brightness_contrast_prob=0.5, vignette_prob=0.5
    )
    applied = [tuple(apply_effects(img, cfg, np.random.default_rng(s))[1]["applied"]) for s in range(40)]
    sizes = {len(a) for a in applied}
    assert len(sizes) >= 3  # not all-or-nothing: every transform has its own coin
    again = [tuple(apply_effects(img, cfg, np.random.default_rng(s))[1]["applied"]) for s in range(40)]
    assert applied == again


def test_cli_compose(compose_inputs, tmp_path):
    catalog, fg, bg = compose_inputs
    out = tmp_path / "cli"
    args = [
        "synth",
        "compose",
        str(tmp_path / "shop" / "catalog.json"),
        "--foregrounds",
        str(fg),
        "--per-product",
        "1",
        "--backgrounds",
        str(bg),
        "--out",
        str(out),
        "--seed",
        "5",
        "--size",
        "40",
        "--no-progress",
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "3 samples made" in result.output
    assert len(read_manifest(out)) == 3 and (out / "coco.json").exists()
    again = CliRunner().invoke(app, args)
    assert "3 tasks already done" in again.output
    missing = CliRunner().invoke(app, ["synth", "compose", str(tmp_path / "shop"), "--out", str(out)])
    assert missing.exit_code != 0


@pytest.mark.render
def test_compose_on_procedural_backgrounds(compose_inputs, tmp_path):
    catalog, fg, _ = compose_inputs
    cfg = tiny_config(
        ["room", "street", "store"], per_product=2, bank_dir=str(tmp_path / "bank"), bank={"per_kind": 1, "size": 64}
    )
    summary = compose_dataset(catalog, [fg], tmp_path / "out", cfg, seed=4, progress=False)
    assert summary.produced == 6 and not summary.rejected
    rows = read_manifest(tmp_path / "out")
    assert {r.lineage["background"]["source"] for r in rows} == {"procedural"}
    assert len(read_manifest(tmp_path / "bank")) == 3  # the bank is a dataset of its own, reused by the next job


def test_foreground_bytes_do_not_depend_on_what_the_process_cached_before(tmp_path):
    import numpy as np

    from wildcat.core.imageio import save_image
    from wildcat.synth.compose import foregrounds

    rgba = np.zeros((90, 70, 4), np.uint8)
    rgba[10:80, 15:55] = (200, 40, 40, 255)
    rgba[20:30, 20:50, :3] = (20, 200, 20)
    path = str(save_image(tmp_path / "fg.png", rgba))
    foregrounds._CACHE.clear()
    small_first = foregrounds.load_foreground(path, 24).copy()
    foregrounds._CACHE.clear()
    foregrounds.load_foreground(path, 64)  # a bigger size cached first
    foregrounds._CACHE.pop((path, 24), None)
    assert np.array_equal(foregrounds.load_foreground(path, 24), small_first)


def test_rerunning_a_finished_compose_changes_no_file(compose_inputs, tmp_path):
    catalog, fg, bg = compose_inputs
    out, cfg = tmp_path / "done", tiny_config([str(bg)])
    compose_dataset(catalog, [fg], out, cfg, seed=4, progress=False)
    files = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and p.name != ".wildcat.lock"}
    time.sleep(1.1)  # a rewritten config.yaml would now carry another "created" second
    summary = compose_dataset(catalog, [fg], out, cfg, seed=4, progress=False)
    assert summary.produced == 0 and summary.skipped > 0
    assert {p: p.read_bytes() for p in files} == files  # config.yaml keeps its first "created" too
