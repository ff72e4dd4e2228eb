"""`wildcat synth render` and `render_catalog`: models, proxies from cutouts, rejects, resume, presets."""

from __future__ import annotations

import numpy as np
import pytest
import yaml
from PIL import Image
from typer.testing import CliRunner

from wildcat.cli import app
from wildcat.core.catalog import Catalog, Product, load_catalog
from wildcat.core.errors import ConfigError
from wildcat.core.imageio import load_array
from wildcat.core.manifest import ManifestWriter, Sample, read_manifest, read_rejects
from wildcat.synth.render import RenderConfig, render_catalog

from tests.synth.conftest import SIZE, cutout, tall_cylinder, write_asset

pytestmark = pytest.mark.render


@pytest.fixture
def shop(tmp_path):
    """A saved catalog: a good model, a broken one, a carton with a cutout, and a product with neither."""
    good = write_asset(tmp_path / "models" / "can", tall_cylinder("z"), "obj")
    broken = tmp_path / "models" / "bad" / "bad.obj"
    broken.parent.mkdir(parents=True)
    broken.write_text("v 0 0 0\nv 1 0 0\nv 0 nan 0\nv 1 1 0\nf 1 2 3\nf 1 2 4\n")
    img = tmp_path / "img.jpg"
    Image.fromarray(np.full((16, 16, 3), 200, np.uint8)).save(img)
    products = [
        Product(id="can/1", category="Soda", images=[img], model3d=good),
        Product(id="bad", category="Soda", images=[img], model3d=broken),
        Product(id="oat milk", category="Oat-Milk", parent_category="Packages", images=[img]),
        Product(id="nothing", category="Apple", images=[img]),
    ]
    path = Catalog(name="shop", root=tmp_path, source_format="test", products=products).save(tmp_path / "catalog.json")
    cuts = tmp_path / "cutouts"
    with ManifestWriter(cuts) as mw:
        for i, score in enumerate([0.2, 0.9]):  # the better-scored cutout is used
            rel = f"cutouts/oat_{i}.png"
            (cuts / rel).parent.mkdir(parents=True, exist_ok=True)
            Image.fromarray(cutout("rect" if score > 0.5 else "disc")).save(cuts / rel)
            mw.add(
                Sample(
                    sample_id=f"cutout/oat/{i}",
                    path=rel,
                    product_id="oat milk",
                    domain="catalog",
                    generator="cutout",
                    score=score,
                )
            )
    return path, cuts


def test_cli_renders_models_and_proxies_and_records_rejects(shop, tmp_path):
    catalog, cuts = shop
    out = tmp_path / "out"
    args = [
        "synth",
        "render",
        str(catalog),
        "--views",
        "2",
        "--out",
        str(out),
        "--size",
        str(SIZE),
        "--seed",
        "4",
        "--cutouts",
        str(cuts),
        "--no-progress",
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "4 samples made" in result.output and "2 rejected" in result.output
    rows = {s.sample_id: s for s in read_manifest(out)}
    assert set(rows) == {"render/can/1/0000", "render/can/1/0001", "proxy/oat milk/0000", "proxy/oat milk/0001"}
    can, oat = rows["render/can/1/0000"], rows["proxy/oat milk/0000"]
    assert (can.domain, can.generator, oat.domain, oat.generator) == ("synthetic", "render", "synthetic", "proxy")
    assert oat.lineage["asset"]["kind"] == "box" and oat.lineage["asset"]["source"].endswith("oat_1.png")
    assert can.path.startswith("renders/can_1-") and can.path.endswith("/0000.png")  # a safe folder name per product
    rgba = load_array(can.resolve(out), mode="RGBA")
    depth = np.asarray(Image.open(out / can.lineage["depth"]))
    assert rgba.shape == (SIZE, SIZE, 4) and np.array_equal(rgba[..., 3] == 255, depth > 0)
    assert can.lineage["seed"] == 4 and len(can.lineage["camera"]["pose"]) == 4
    rejects = {r.product_id: r.reason for r in read_rejects(out)}
    assert "bad.obj" in rejects["bad"] and "NaN" in rejects["bad"]
    assert "no 3D model and no cutout" in rejects["nothing"]
    meta = yaml.safe_load((out / "config.yaml").read_text())
    assert meta["seed"] == 4 and meta["config"]["views"] == 2
    assert (out / "contact_sheet.png").exists()

    again = CliRunner().invoke(app, args)  # resumed: finished products are skipped
    assert again.exit_code == 0 and "0 samples made, 2 tasks already done" in again.output
    unseeded = [a for a in args if a not in ("--seed", "4")]
    again = CliRunner().invoke(app, unseeded)  # no --seed: the folder's own
    assert again.exit_code == 0 and "0 samples made, 2 tasks already done" in again.output, again.output
    other = CliRunner().invoke(app, [*unseeded, "--seed", "5"])
    assert other.exit_code != 0 and "made with seed 4, not 5" in str(other.exception)


def test_render_catalog_catalog_preset(shop, tmp_path):
    catalog, _ = shop
    from wildcat.synth.render import preset_config

    summary = render_catalog(
        load_catalog(catalog), tmp_path / "cat", preset_config("catalog", size=SIZE), seed=1, progress=False
    )
    assert (
        summary.produced == 1 and sum(summary.rejected.values()) == 1
    )  # the broken model; proxies are not catalog renders
    row = read_manifest(tmp_path / "cat")[0]
    assert (row.sample_id, row.domain, row.generator) == ("render-catalog/can/1/catalog", "catalog", "render-catalog")
    rgba = load_array(row.resolve(tmp_path / "cat"), mode="RGBA")
    assert (rgba[rgba[..., 3] == 0, :3] == 255).all()  # white studio background


def test_same_seed_same_files(shop, tmp_path):
    catalog, _ = shop
    cfg = RenderConfig(size=SIZE, views=1, write_depth=False)
    for name in ("a", "b"):
        render_catalog(load_catalog(catalog), tmp_path / name, cfg, seed=9, progress=False)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a" / "renders").rglob("*.png"))
    assert files and all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)


def test_cli_errors_clearly_without_models(tmp_path):
    img = tmp_path / "img.jpg"
    Image.fromarray(np.full((16, 16, 3), 200, np.uint8)).save(img)
    path = Catalog(
        name="s", root=tmp_path, source_format="test", products=[Product(id="p", category="c", images=[img])]
    ).save(tmp_path)
    result = CliRunner().invoke(app, ["synth", "render", str(path), "--out", str(tmp_path / "o")])
    assert result.exit_code != 0 and "no product has a 3D model" in str(result.exception)


def test_regenerate_views_from_the_folder_alone(shop, tmp_path):
    from wildcat.synth.render import regenerate
    from wildcat.ui.regenerate import regenerate_sample

    catalog, cuts = shop
    out = tmp_path / "out"
    render_catalog(
        load_catalog(catalog), out, RenderConfig(size=SIZE, views=2), seed=5, cutouts_dir=cuts, progress=False
    )
    rows = {s.sample_id: s for s in read_manifest(out)}
    for sid in ("render/can/1/0001", "proxy/oat milk/0000"):  # a model's second view, a proxy from a cutout
        assert regenerate(sid, out) == rows[sid].resolve(out).read_bytes()
    shown = regenerate_sample(rows["proxy/oat milk/0000"], out)  # the UI's path, by generator name
    assert shown.identical and "identical to the file on disk" in shown.message

    with pytest.raises(ConfigError, match="has no sample 'render/can/9/0009'"):
        regenerate("render/can/9/0009", out)
    inputs = (out / "render_inputs.json").read_text()
    (out / "render_inputs.json").write_text(inputs[: len(inputs) // 2])  # truncated by a crash or an editor
    with pytest.raises(ConfigError, match="is not a render inputs file") as broken:
        regenerate("render/can/1/0001", out)
    assert "render_inputs.json" in str(broken.value)
    (out / "render_inputs.json").unlink()  # a folder rendered before inputs were saved
    with pytest.raises(ConfigError, match="render_inputs.json") as err:
        regenerate("render/can/1/0001", out)
    assert str(out) in str(err.value)
