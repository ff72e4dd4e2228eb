"""`wildcat locale add / list / show / demo` end to end on tiny generated data."""

import yaml
from typer.testing import CliRunner

from wildcat.cli import app
from wildcat.core.catalog import load_catalog
from wildcat.core.manifest import read_manifest

PACK = {
    "locale": "ta-IN",
    "name": "Tamil Nadu wear",
    "backgrounds": ["market", "street"],
    "classes": [
        {
            "name": "veshti",
            "parent": "bottoms",
            "synonyms": ["vesti"],
            "demo_shape": "dhoti",
            "accessories": ["thundu"],
        },
        {"name": "pavadai", "parent": "bottoms", "demo_shape": "lehenga", "accessories": ["en-IN:bangles"]},
        {"name": "thundu", "parent": "drapes", "demo_shape": "scarf"},
    ],
    "look_alikes": [{"class": "veshti", "looks_like": "en-US:sarong"}],
}


def test_add_list_show_demo_and_load(tmp_path):
    runner = CliRunner()
    ws, out = tmp_path / "ws", tmp_path / "demo"
    pack = tmp_path / "ta-IN.yaml"
    pack.write_text(yaml.safe_dump(PACK))

    res = runner.invoke(app, ["locale", "add", str(pack), "--workspace", str(ws)])
    assert res.exit_code == 0, res.output
    assert "installed ta-IN (Tamil Nadu wear: 3 classes" in res.output and "also installed en-IN" in res.output

    res = runner.invoke(app, ["locale", "list", "--workspace", str(ws)])
    assert res.exit_code == 0 and "ta-IN" in res.output and "Tamil Nadu wear" in res.output
    assert "en-US" in res.output.split("shipped with wildcat")[1]

    res = runner.invoke(app, ["locale", "show", "ta-IN", "--workspace", str(ws)])
    assert "en-US:sarong" in res.output and "en-IN:bangles" in res.output

    args = [
        "locale",
        "demo",
        "ta-IN",
        "--out",
        str(out),
        "--products-per-class",
        "2",
        "--wild-per-product",
        "2",
        "--size",
        "48",
        "--seed",
        "3",
        "--workspace",
        str(ws),
    ]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output

    catalog = load_catalog(out / "catalog")
    by_class = {}
    for p in catalog.products:
        by_class.setdefault((p.locales[0], p.category), []).append(p)
    assert set(by_class) == {("ta-IN", "veshti"), ("ta-IN", "pavadai"), ("ta-IN", "thundu"), ("en-US", "sarong")}
    veshti = by_class[("ta-IN", "veshti")][0]
    assert veshti.parent_category == "bottoms" and veshti.attributes["class_ref"] == "ta-IN:veshti"
    assert veshti.images[0].name == "front.png" and veshti.images[0].is_file()

    rows = read_manifest(out)
    wild = [r for r in rows if r.domain == "wild"]
    assert len(wild) == 16 and {r.split for r in wild} == {"val", "test"}
    assert all(r.resolve(out).is_file() and r.product_id in catalog.by_id() for r in wild)
    # each product is photographed on its own market's backgrounds
    assert {r.lineage["wild"]["background"] for r in wild if r.locale == "ta-IN"} <= {"market", "street"}
    assert (out / "contact_sheet.png").is_file() and (out / "config.yaml").is_file()

    again = runner.invoke(app, args)  # resumable: nothing to redo
    assert "0 samples made, 8 tasks already done" in again.output


def test_add_reports_problems_and_exits_2(tmp_path):
    bad = dict(PACK, classes=[{"name": "veshti", "parent": "botoms"}], look_alikes=[])
    pack = tmp_path / "bad.yaml"
    pack.write_text(yaml.safe_dump(bad))
    res = CliRunner().invoke(app, ["locale", "add", str(pack), "--workspace", str(tmp_path / "ws")])
    assert res.exit_code != 0
    assert (
        isinstance(res.exception, Exception)
        and "did you mean 'bottoms'" in str(res.exception)
        and str(pack) in str(res.exception)
    )
