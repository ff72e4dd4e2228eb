"""`wildcat scenes ...`, `wildcat eval search --box/--regions` and `wildcat eval style`, on a shop whose products
a colour histogram tells apart."""

import json

from typer.testing import CliRunner

from wildcat.cli import app
from wildcat.core.imageio import load_array
from wildcat.core.scenes import load_scenes

from tests.scene_data import SHOP, make_photos, make_shop

runner = CliRunner()


def _ok(*args) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


def test_make_measure_and_search_scenes_from_the_command_line(tmp_path):
    shop = make_shop(tmp_path)
    make_photos(tmp_path)
    scenes_dir = tmp_path / "scenes"
    said = _ok("scenes", "make", "--photos", tmp_path / "photos", "--out", scenes_dir, "--size", "256")
    scenes = load_scenes(scenes_dir)
    assert f"{len(scenes.scenes)} scenes" in said and len(scenes.scenes) >= 4

    out = tmp_path / "eval"
    table = _ok("scenes", "eval", "--scenes", scenes_dir, "--catalog", shop, "--baseline", "colorhist", "--out", out)
    report = json.loads((out / "scenes.json").read_text())
    assert report["region_search"]["recall@1"]["value"] == 1.0 and "| colorhist | 1.000" in table

    pid = "lamp-green"
    sheet = tmp_path / "found.png"
    found = json.loads(
        _ok(
            "scenes",
            "in-situ",
            pid,
            "--scenes",
            scenes_dir,
            "--catalog",
            shop,
            "--baseline",
            "colorhist",
            "--k",
            "2",
            "--sheet",
            sheet,
            "--json",
        )  # fmt: skip
    )
    shown = {s.scene_id for s in scenes.scenes if pid in s.products()}
    assert {h["scene"] for h in found[pid]} <= shown | {None} and found[pid][0]["scene"] in shown
    assert load_array(sheet).shape[0] > 0

    index = tmp_path / "shop.index"
    _ok("eval", "index", "--catalog", shop, "--baseline", "colorhist", "--out", index)
    scene = max(scenes.scenes, key=lambda s: len(s.boxes))
    box = scene.boxes[0]
    photo = scenes.file(scene)
    boxed = _ok("eval", "search", photo, "--index", index, "--baseline", "colorhist", "--k", "1",
                "--box", ",".join(f"{v:.0f}" for v in box.box))  # fmt: skip
    assert f"1. {box.product_id}" in boxed
    listed = _ok("eval", "search", photo, "--index", index, "--baseline", "colorhist", "--k", "1",
                 "--regions", len(scene.boxes))  # fmt: skip
    assert listed.count("region ") == len(scene.boxes) and all(f"1. {p}" in listed for p in scene.products())

    style = _ok("eval", "style", "mug-red", "--index", index, "--k", "2")
    lines = [ln for ln in style.splitlines() if ln.startswith("  ")]
    assert len(lines) == 2 and not any("(mugs)" in ln for ln in lines)  # other categories only
    assert SHOP["mug-red"][0] == "mugs"


def test_scene_commands_refuse_bad_input_by_name(tmp_path):
    shop = make_shop(tmp_path)
    result = runner.invoke(app, ["scenes", "make", "--out", str(tmp_path / "x")])
    assert result.exit_code != 0 and "exactly one of" in str(result.exception)
    index = tmp_path / "shop.index"
    _ok("eval", "index", "--catalog", shop, "--baseline", "colorhist", "--out", index)
    result = runner.invoke(app, ["eval", "style", "sofa", "--index", str(index)])
    assert result.exit_code != 0 and "no product 'sofa'" in str(result.exception)
    photo = next(shop.rglob("*.jpg"))
    result = runner.invoke(app, ["eval", "search", str(photo), "--index", str(index), "--baseline", "colorhist",
                                 "--box", "5,5,2,9"])  # fmt: skip
    assert result.exit_code != 0 and "empty" in str(result.exception)
