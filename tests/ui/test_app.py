"""Each page of the workbench driven through Streamlit's AppTest on the tiny
real workspace (and on an empty one), as a user would: set widgets, click,
read what is shown."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

import wildcat.ui as ui

from tests.ui.tiny_workspace import COMPOSITES_PER_PRODUCT, CUTOUTS_PER_PRODUCT, PRODUCTS, WILD_PER_PRODUCT, object_on

APP = Path(ui.__file__).parent / "serve" / "workbench.py"
N_SAMPLES = len(PRODUCTS) * (1 + WILD_PER_PRODUCT + CUTOUTS_PER_PRODUCT + COMPOSITES_PER_PRODUCT)


def open_page(page: str | None, market: str | None = None, timeout: float = 120, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    at.query_params.update(query or {})
    if market:
        at.session_state["market"] = market
    at.run()
    if page:
        at.switch_page(f"../views/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def cap(image) -> str:
    """The caption of an st.image element."""
    return image.captions[0]


def texts(at: AppTest) -> str:
    return "\n".join(
        [m.value for m in at.markdown]
        + [c.value for c in at.caption]
        + [c.value for c in at.code]
        + [e.value for e in at.info]
        + [e.value for e in at.error]
    )


def test_workspace_page_lists_every_part(tiny_ws, use_workspace):
    use_workspace(tiny_ws.root)
    at = open_page(None)
    shown = texts(at)
    assert "**catalog** (6)" in shown and "**comparisons** (1) before-vs-after" in shown and "en-IN" in shown
    assert not at.code  # nothing is missing, so no command to run
    assert at.sidebar.selectbox(key="market").options == ["All markets", "en-IN", "en-US"]


def test_url_parameters_never_choose_files(tiny_ws, use_workspace, tmp_path):
    use_workspace(tiny_ws.root)
    at = open_page(None, query={"workspace": str(tmp_path), "path": "/etc/passwd", "WILDCAT_WORKSPACE": str(tmp_path)})
    assert f"`{tiny_ws.root}`" in texts(at) and "**catalog** (6)" in texts(at)


@pytest.mark.parametrize("page", [None, "samples", "runs", "query", "scenes", "audit", "embedding_map"])
def test_every_page_on_an_empty_workspace_says_what_to_run(page, tmp_path, use_workspace):
    use_workspace(tmp_path)
    at = open_page(page)
    assert "wildcat catalog import" in "\n".join(c.value for c in at.code)


def test_missing_workspace_folder_is_reported_with_the_command(tmp_path, use_workspace):
    use_workspace(tmp_path / "nowhere")
    at = open_page("samples")
    assert "does not exist" in at.error[0].value and f"mkdir -p {tmp_path / 'nowhere'}" in at.code[0].value


def test_samples_filter_page_and_detail_with_regeneration(tiny_ws, use_workspace):
    use_workspace(tiny_ws.root)
    at = open_page("samples")
    assert f"**{N_SAMPLES}** of {N_SAMPLES} samples match." in texts(at)
    assert len(at.image) == 24 and at.get("pagination")  # one page of thumbnails decoded, the rest paged
    at.multiselect(key="samples.generator").set_value(["cutpaste"]).run()
    n = len(PRODUCTS) * COMPOSITES_PER_PRODUCT
    assert f"**{n}** of {N_SAMPLES} samples match." in texts(at) and len(at.image) == n
    at.multiselect(key="samples.category").set_value(["mug"]).run()
    assert f"**{2 * COMPOSITES_PER_PRODUCT}** of" in texts(at)
    assert all("mug-" in cap(img) for img in at.image)
    at.button[1].click().run()  # open the first shown sample ("Back" is button 0 only in the detail view)
    assert at.subheader[0].value.startswith("cutpaste/mug-")
    assert [t.label for t in at.tabs][:5] == ["background", "pose", "blend", "effects", "seed"]
    captions = [cap(img) for img in at.image]
    assert "the sample, full size" in captions and any(c.startswith("catalog image of mug-") for c in captions)
    assert any(c.startswith("hero foreground") for c in captions)  # the cutout it was pasted from
    at.button(key="samples.regenerate").click().run()
    assert "identical to the file on disk" in at.success[0].value
    at.button(key="samples.back").click().run()
    assert len(at.image) == 2 * COMPOSITES_PER_PRODUCT  # back on the filtered grid


def test_samples_obey_the_market_filter_and_score_range(tiny_ws, use_workspace):
    use_workspace(tiny_ws.root)
    at = open_page("samples", market="en-IN")
    in_market = 4 * (1 + WILD_PER_PRODUCT + CUTOUTS_PER_PRODUCT + COMPOSITES_PER_PRODUCT)  # kurtis and the global mugs
    assert f"**{in_market}** of {N_SAMPLES}" in texts(at)
    assert {cap(img).split(" · ")[0] for img in at.image} == {"kurti-red", "kurti-blue", "mug-yellow", "mug-purple"}
    at.slider(key="samples.score").set_value((0.7, 0.8)).run()
    at.checkbox(key="samples.unscored").uncheck().run()
    assert "**4** of" in texts(at)  # the second cutout (score 0.8) of each in-market product


def test_runs_page_shows_the_saved_comparison_and_filters_by_market(tiny_ws, use_workspace):
    use_workspace(tiny_ws.root)
    saved = json.loads((tiny_ws.ws.comparison("before-vs-after") / "report.json").read_text())
    at = open_page("runs")
    r1 = saved["metrics"]["recall@1"]
    assert [m.value for m in at.metric][:2] == [f"{r1['a']['value']:.3f}", f"{r1['b']['value']:.3f}"]
    frames = [d.value for d in at.dataframe]
    categories = next(f for f in frames if "category" in f.columns)
    assert sorted(categories["category"]) == ["kurti", "mug", "tunic"]
    leak = next(f for f in frames if "locale" in f.columns)
    assert set(leak["locale"]) == {"all", "en-IN", "en-US"} and leak["queries"].iloc[0] == 4 * WILD_PER_PRODUCT
    assert any("rank" in c.value and "→" in c.value for c in at.caption) or "none" in texts(at)
    at = open_page("runs", market="en-US")
    assert f"{4 * WILD_PER_PRODUCT} queries answered by both runs" in texts(at)  # tunics and the global mugs
    categories = next(d.value for d in at.dataframe if "category" in d.value.columns)
    assert sorted(categories["category"]) == ["mug", "tunic"]
    leak = next(d.value for d in at.dataframe if "locale" in d.value.columns)
    assert set(leak["locale"]) == {"all", "en-US"}


def photo_bytes(colour, shape: str) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(object_on(np.full((64, 64, 3), 128, np.uint8), colour, shape)).save(buf, format="PNG")
    return buf.getvalue()


def result_ids(at: AppTest) -> list[str]:
    return [m.value.split("`")[1] for m in at.markdown if m.value.startswith("#")]


def test_query_upload_shows_both_models_and_obeys_filters(tiny_ws, use_workspace):
    use_workspace(tiny_ws.root)
    at = open_page("query")
    assert (
        at.selectbox(key="query.before").value == "runs/before"
        and at.selectbox(key="query.after").value == "runs/after"
    )
    at.file_uploader(key="query.upload").set_value(("photo.png", photo_bytes((200, 30, 30), "disc"), "image/png")).run()
    ids = result_ids(at)
    catalog_ids = {p[0] for p in PRODUCTS}
    assert len(ids) == 10 and all(
        len(set(side)) == 5 and set(side) <= catalog_ids for side in (ids[:5], ids[5:])
    )  # 5 per model
    at.selectbox(key="query.category").set_value("mug").run()
    assert set(result_ids(at)) == {"mug-yellow", "mug-purple"} and len(result_ids(at)) == 4
    at = open_page("query", market="en-US")
    at.file_uploader(key="query.upload").set_value(("photo.png", photo_bytes((200, 30, 30), "disc"), "image/png")).run()
    assert set(result_ids(at)) == {"tunic-red", "tunic-green", "mug-yellow", "mug-purple"}  # sold in en-US or globally


def test_query_refuses_a_pixel_bomb_and_crops(tiny_ws, use_workspace):
    use_workspace(tiny_ws.root)
    at = open_page("query")
    buf = io.BytesIO()
    Image.new("L", (6400, 6400)).save(buf, format="PNG")  # 41 megapixels in a small file
    at.file_uploader(key="query.upload").set_value(("huge.png", buf.getvalue(), "image/png")).run()
    assert "40,960,000 pixels, over the limit of 40,000,000" in at.error[0].value and not result_ids(at)
    at.file_uploader(key="query.upload").set_value(("photo.png", photo_bytes((30, 180, 30), "box"), "image/png")).run()
    at.checkbox(key="query.crop").check().run()
    at.number_input(key="query.right").set_value(20).run()
    at.number_input(key="query.bottom").set_value(30).run()
    assert cap(at.image[0]) == "query" and len(result_ids(at)) == 10
    at.number_input(key="query.left").set_value(16).run()  # 4 px wide: refused with the fix
    assert "less than 8x8 pixels" in at.error[0].value


def test_query_with_a_wild_photo_marks_the_right_product(tiny_ws, use_workspace):
    use_workspace(tiny_ws.root)
    at = open_page("query")
    at.radio(key="query.source").set_value("Pick a wild photo").run()
    assert len(at.selectbox(key="query.wild").options) == len(PRODUCTS) * WILD_PER_PRODUCT
    truth = at.selectbox(key="query.wild").value.split(" · ")[0]
    assert cap(at.image[0]) == f"query (product {truth})"
    assert sum("right product" in m.value for m in at.markdown) == 2  # found in the top 5 of both models (6 products)
    assert sum("cosine similarity" in m.value for m in at.markdown) == 10  # scores named for what they are
    at.number_input(key="query.k").set_value(1).run()
    ranks = [c.value for c in at.caption if "The right product" in c.value]
    right_at_top = sum("right product" in m.value for m in at.markdown)
    assert len(ranks) + right_at_top == 2  # each model either shows it first or says where it ranks
    assert all(f"`{truth}` is at rank " in r for r in ranks)


def test_embedding_map_has_every_domain_and_opens_a_point(tiny_ws, use_workspace):
    use_workspace(tiny_ws.root)
    at = open_page("embedding_map")
    caption = next(c.value for c in at.caption if "images under" in c.value)
    assert "catalog: " in caption and "synthetic: " in caption and "wild: " in caption
    options = at.selectbox(key="map.pick").options
    at.selectbox(key="map.pick").set_value(options[1]).run()
    assert cap(at.image[0]).endswith(options[1])


def test_damaged_files_are_reported_and_the_rest_still_shown(tiny_ws, use_workspace, tmp_path):
    import shutil

    root = tmp_path / "ws"
    shutil.copytree(tiny_ws.root, root)
    (root / "data" / "broken").mkdir()
    (root / "data" / "broken" / "manifest.parquet").write_bytes(b"PAR1 not really parquet")
    (root / "eval" / "broken").mkdir()
    (root / "eval" / "broken" / "report.json").write_text("{ not json")
    (root / "eval" / "broken" / "queries.parquet").write_bytes(b"junk")
    use_workspace(root)
    at = open_page("samples")
    assert "broken" in at.warning[0].value and "the manifest cannot be read" in at.warning[0].value
    assert f"**{N_SAMPLES}** of {N_SAMPLES} samples match." in texts(at)
    at = open_page("runs")
    at.selectbox(key="runs.pair").set_value("two evaluations...").run()
    at.selectbox(key="runs.before").set_value("broken").run()
    at.selectbox(key="runs.after").set_value("after").run()
    assert "Cannot compare eval/broken vs eval/after" in at.error[0].value and not at.exception


HISTOGRAM = "colour histogram (no training)"  # a model that tells the tiny catalog's colours apart


def _scenes_page(view: str) -> AppTest:
    at = open_page("scenes")
    at.selectbox(key="scenes.model").set_value(HISTOGRAM)
    at.radio(key="scenes.view").set_value(view).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_scenes_page_browses_the_scenes_with_their_products(tiny_ws, use_workspace):
    from wildcat.core.scenes import load_scenes

    use_workspace(tiny_ws.root)
    scenes = load_scenes(tiny_ws.ws.data("scenes"))
    at = _scenes_page("Browse")
    captions = [cap(i) for i in at.image]
    first = scenes.scenes[0]
    assert len(captions) == min(12, len(scenes.scenes))
    assert captions[0] == f"{first.scene_id}: {', '.join(sorted(first.products()))}"


def test_scenes_page_searches_from_a_known_box_a_drawn_box_and_proposed_regions(tiny_ws, use_workspace):
    from wildcat.core.scenes import load_scenes

    use_workspace(tiny_ws.root)
    scene = load_scenes(tiny_ws.ws.data("scenes")).scenes[0]
    at = _scenes_page("Search from a box")
    at.selectbox(key="scenes.scene").set_value(scene.scene_id).run()
    ranked = [m.value for m in at.markdown if m.value.startswith("#")]
    assert ranked[0].startswith(f"#1 `{scene.boxes[0].product_id}` :green[**right product**]")
    x0, y0, x1, y1 = (int(v) for v in scene.boxes[1].box)  # type the second product's box
    at.radio(key="scenes.region").set_value("type a box").run()
    for key, value in (("left", x0), ("top", y0), ("right", x1), ("bottom", y1)):
        at.number_input(key=f"scenes.{key}").set_value(value)
    at.run()
    ranked = [m.value for m in at.markdown if m.value.startswith("#")]
    assert ranked[0].startswith(f"#1 `{scene.boxes[1].product_id}`")
    at.radio(key="scenes.region").set_value("draw a box").run()  # AppTest's cropper keeps its starting box
    assert "drawn box: 40, 40, 120, 120 (drag it or its corners)" in texts(at) and not at.exception
    at.radio(key="scenes.region").set_value("propose regions").run()
    assert not at.exception and "proposed region" in [cap(i) for i in at.image]


def test_scenes_page_finds_the_scenes_that_show_a_product_and_its_style_matches(tiny_ws, use_workspace):
    use_workspace(tiny_ws.root)
    at = _scenes_page("Scenes with a product")
    at.selectbox(key="scenes.product").set_value("mug-purple").run()
    captions = [cap(i) for i in at.image]
    assert captions and captions[0].endswith("✓ shows it")
    at.radio(key="scenes.view").set_value("Same style, other categories").run()
    at.selectbox(key="scenes.style_product").set_value("mug-purple").run()
    captions = [cap(i) for i in at.image]
    assert captions[0] == "mug-purple (mug)" and len(captions) == 5
    assert not any("(mug)" in c for c in captions[1:])  # kurtis and tunics only


def test_audit_page_shows_the_findings_with_their_evidence(tiny_ws, use_workspace):
    from wildcat.eval.baselines import ColorHistogramEmbedder
    from wildcat.pipeline.audit import audit_catalog

    use_workspace(tiny_ws.root)
    at = open_page("audit")
    assert f"wildcat catalog audit {tiny_ws.ws.catalog} --out {tiny_ws.ws.audit}" in texts(at)  # not audited yet
    result = audit_catalog(tiny_ws.catalog, ColorHistogramEmbedder(), tiny_ws.ws.audit, progress=False)
    at = open_page("audit")
    best = result.of_kind("wrong_image")[0]
    assert cap(at.image[0]) == f"#1 {best.product_id}" and f"score **{best.score:.3f}**" in texts(at)
    at.radio(key="audit.kind").set_value("colour").run()
    assert not at.exception
    coloured = result.of_kind("colour")
    assert len([i for i in at.image if cap(i).startswith("#")]) == min(10, len(coloured))
    # the colours the audit named are a filter of the Query page
    at = open_page("query")
    at.selectbox(key="query.colour").set_value("green").run()
    at.file_uploader(key="query.upload").set_value(("photo.png", photo_bytes((200, 30, 30), "disc"), "image/png")).run()
    green = {p for p, names in result.colours.items() if "green" in names}
    assert green and set(result_ids(at)) == green
