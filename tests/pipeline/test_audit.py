"""`wildcat catalog audit` on a shop with one error of each kind planted, judged by a colour histogram."""

import json

import pyarrow.parquet as pq
from typer.testing import CliRunner

from wildcat.cli import app

from tests.conftest import product_image

runner = CliRunner()


def _shop(root):
    """Products by folder (id = title); planted: a red shoe shown blue, a listing twice, a vase image in a lamp."""
    specs = {
        ("mugs", "mug-white"): [(235, 235, 235)],
        ("mugs", "mug-black"): [(25, 25, 25)],
        ("lamps", "lamp-green"): [(30, 190, 40), (40, 185, 45), (150, 40, 170)],  # its third image is the vase
        ("lamps", "lamp-yellow"): [(230, 210, 30), (225, 205, 40)],
        ("vases", "vase-purple"): [(150, 40, 170)],
        ("shoes", "shoe-red"): [(25, 45, 190)],  # "red", but blue
        ("shoes", "boot-brown"): [(120, 72, 35)],
        ("shoes", "boot-brown-2"): [(120, 72, 35)],  # the same boot listed again
    }
    for (category, pid), colours in specs.items():
        d = root / category / pid
        d.mkdir(parents=True)
        for j, colour in enumerate(colours):
            product_image(colour, size=96, shape="box").save(d / f"{j}.jpg")
    return root


def test_audit_finds_each_planted_error_and_writes_its_evidence(tmp_path):
    shop, out = _shop(tmp_path / "shop"), tmp_path / "audit"
    (shop / "mugs" / "mug-white" / "9.jpg").write_bytes(b"\xff\xd8 truncated")  # an unreadable listing image
    result = runner.invoke(app, ["catalog", "audit", str(shop), "--out", str(out), "--baseline", "colorhist"])
    assert result.exit_code == 0, result.output + repr(result.exception)
    table = pq.read_table(out / "audit.parquet").to_pylist()
    top = {kind: max((r for r in table if r["kind"] == kind), key=lambda r: r["score"]) for kind in
           ("wrong_image", "duplicate", "colour")}  # fmt: skip
    assert top["wrong_image"]["product_id"] == "lamp-green" and top["wrong_image"]["image"].endswith("2.jpg")
    assert top["wrong_image"]["other_product"] == "vase-purple"
    assert {top["duplicate"]["product_id"], top["duplicate"]["other_product"]} == {"boot-brown", "boot-brown-2"}
    assert top["colour"]["product_id"] == "shoe-red" and "the image looks blue" in top["colour"]["fix"]
    evidence = json.loads(top["colour"]["evidence"])
    assert evidence["title_colours"] == ["red"] and evidence["image_colours"][0] == "blue"
    assert evidence["swatches"][0]["hex"].startswith("#")
    colours = json.loads((out / "colours.json").read_text())
    assert colours["products"]["mug-black"] == ["black"] and colours["products"]["lamp-yellow"] == ["yellow"]
    assert (out / "audit_sheet.png").stat().st_size > 0 and "## duplicate" in (out / "audit.md").read_text()
    assert "shoe-red" in result.output
    assert not any(r["image"].endswith("9.jpg") for r in table)  # left out, the rest audited


def test_search_filters_by_the_audited_colour(tmp_path):
    shop, out, index = _shop(tmp_path / "shop"), tmp_path / "audit", tmp_path / "shop.index"
    for args in (
        ["catalog", "audit", str(shop), "--out", str(out), "--baseline", "colorhist"],
        ["eval", "index", "--catalog", str(shop), "--baseline", "colorhist", "--out", str(index)],
    ):
        assert runner.invoke(app, args).exit_code == 0
    photo = next((shop / "shoes" / "shoe-red").glob("*.jpg"))  # blue, though titled red
    search = ["eval", "search", str(photo), "--index", str(index), "--baseline", "colorhist", "--k", "3"]
    result = runner.invoke(app, [*search, "--colour", "brown", "--colours", str(out / "colours.json")])
    assert result.exit_code == 0, result.output
    listed = [line.split()[1] for line in result.output.splitlines() if line.startswith("  ")]
    assert set(listed) == {"boot-brown", "boot-brown-2"}  # only the brown products, however unlike the photo
    result = runner.invoke(app, [*search, "--colour", "plaid", "--colours", str(out / "colours.json")])
    assert result.exit_code != 0 and "use one of" in str(result.exception)


def test_crops_without_the_title_branch_is_refused_with_the_fix(tmp_path):
    shop, out = _shop(tmp_path / "shop"), tmp_path / "audit"
    args = ["catalog", "audit", str(shop), "--out", str(out), "--baseline", "colorhist", "--no-titles", "--crops"]
    result = runner.invoke(app, args)
    assert result.exit_code != 0 and "drop --no-titles" in str(result.exception)
    assert not out.exists()  # refused before any work
