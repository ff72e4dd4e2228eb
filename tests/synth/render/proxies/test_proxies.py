"""3D proxies from one cutout: each kind renders a non-empty, correctly coloured silhouette."""

from __future__ import annotations

import numpy as np
import pytest

from wildcat.synth.render import CutoutError, ProxyConfig, RenderConfig, make_proxy, preset_config, render_views
from wildcat.synth.render.proxies import kind_for_category, kind_for_shape
from wildcat.synth.render.proxies.silhouette import convex_hull, fill_background, prepare, row_spans

from tests.synth.conftest import SIZE, cutout

KINDS = {"box": "rect", "cylinder": "bottle", "ellipsoid": "disc"}


def _halves(view):
    """Mean colour of the top and bottom third of the silhouette (perspective moves the middle)."""
    ys, xs = np.nonzero(view.mask)
    third = (ys.max() - ys.min()) / 3
    rgb = view.rgba[ys, xs, :3].astype(float)
    return rgb[ys < ys.min() + third].mean(axis=0), rgb[ys > ys.max() - third].mean(axis=0)


@pytest.mark.render
@pytest.mark.parametrize("kind", list(KINDS))
def test_each_proxy_kind_renders_a_coloured_silhouette(kind):
    asset = make_proxy(kind, cutout(KINDS[kind]))
    assert asset.kind == kind and asset.faces > 0
    front = render_views(asset, 1, 0, preset_config("catalog", size=SIZE))[0]
    views = render_views(asset, 3, 1, RenderConfig(size=SIZE))
    for view in [front, *views]:
        assert view.mask.sum() > 100
        top, bottom = _halves(view)
        assert top[0] > 1.5 * top[2] and bottom[2] > 1.5 * bottom[0]  # red above blue, the right way up
    x0, y0, x1, y1 = front.box
    aspect = (y1 - y0) / (x1 - x0)
    assert 1.4 < aspect < 2.8  # the 40x80 cutout keeps its proportions (plus a little perspective)


@pytest.mark.render
def test_bottle_proxy_keeps_its_neck():
    asset = make_proxy("cylinder", cutout("bottle"))
    view = render_views(asset, 1, 0, preset_config("catalog", size=SIZE))[0]
    widths = view.mask.sum(axis=1)
    rows = np.flatnonzero(widths)
    neck, body = widths[rows[0] + 3], widths[rows[-1] - 8]
    assert neck < 0.6 * body


def test_proxy_faces_point_outwards():
    for kind, shape in KINDS.items():
        mesh = make_proxy(kind, cutout(shape)).meshes[0]
        centre = mesh.bounds.mean(axis=0)
        outward = np.einsum("ij,ij->i", mesh.face_normals, mesh.triangles_center - centre)
        assert (outward > -1e-9).mean() > 0.97, kind


def test_proxy_kind_by_category_then_by_shape():
    cfg = ProxyConfig()
    assert kind_for_category("Juice", "Packages", cfg) == "box"
    assert kind_for_category("Granny-Smith", "Fruit", cfg) == "ellipsoid"  # the parent category decides
    assert kind_for_category("Sneaker", "Shoes", cfg) is None
    assert kind_for_category("soda", "", ProxyConfig(category_kinds={"Soda": "box"})) == "box"
    for kind, shape in KINDS.items():
        assert kind_for_shape(prepare(cutout(shape), 512).mask, cfg)[0] == kind
    auto = make_proxy("auto", cutout("disc"))
    assert auto.kind == "ellipsoid" and "shape" in auto.lineage()


def test_unusable_cutouts_are_rejected():
    with pytest.raises(CutoutError, match="fully transparent"):
        make_proxy("box", np.zeros((32, 32, 4), np.uint8))
    with pytest.raises(CutoutError, match="RGBA"):
        make_proxy("box", np.zeros((32, 32, 3), np.uint8))
    tiny = np.zeros((32, 32, 4), np.uint8)
    tiny[10:13, 10:13, 3] = 255
    with pytest.raises(CutoutError, match="pixels"):
        make_proxy("box", tiny)
    with pytest.raises(CutoutError, match="unknown proxy kind"):
        make_proxy("pyramid", cutout("rect"))


def test_silhouette_helpers():
    rgb = np.zeros((4, 4, 3), np.uint8)
    rgb[1, 1] = (9, 9, 9)
    mask = np.zeros((4, 4), bool)
    mask[1, 1] = True
    assert (fill_background(rgb, mask) == 9).all()
    c_shape = np.zeros((10, 10), bool)
    c_shape[2:8, 2] = c_shape[2, 2:8] = c_shape[7, 2:8] = True  # a carton whose white side was matted away
    assert convex_hull(c_shape).sum() == 36
    bottle = prepare(cutout("bottle"), 512).mask
    ys, left, right = row_spans(bottle, 20)
    assert ys[0] == 0 and ys[-1] == bottle.shape[0]
    assert (right - left)[1] < 0.5 * (right - left)[-2]  # narrow neck, wide body


def test_garments_get_no_proxy_while_packages_do(tmp_path):
    from wildcat.core.catalog import Catalog, Product
    from wildcat.core.manifest import Sample
    from wildcat.synth.render.batch import plan_tasks

    products = [
        Product(id="kurti-1", category="kurti", parent_category="tops", images=[tmp_path / "k.png"]),
        Product(id="lehenga-1", category="lehenga", parent_category="dresses", images=[tmp_path / "l.png"]),
        Product(id="milk-1", category="milk", parent_category="Packages", images=[tmp_path / "m.png"]),
    ]
    catalog = Catalog(name="c", root=tmp_path, source_format="folder", products=products)
    cutouts = {
        p.id: Sample(
            sample_id=f"cutout/{p.id}/0", path=f"{p.id}.png", product_id=p.id, domain="catalog", generator="cutout"
        )
        for p in products
    }
    tasks = plan_tasks(catalog, RenderConfig(), cutouts, tmp_path)
    assert [t.product_id for t in tasks] == ["milk-1"]  # a kurti or lehenga as a box or an egg teaches nothing true
    assert kind_for_category("Saree", "Drapes", ProxyConfig()) == "none"
    assert kind_for_category("Saree", "Drapes", ProxyConfig(category_kinds={"saree": "box"})) == "box"  # named: wins
    assert "drapes" not in ProxyConfig().category_kinds  # saved render settings did not change
    with pytest.raises(ValueError, match="box, cylinder, ellipsoid or none"):
        ProxyConfig(category_kinds={"kurti": "cone"})
