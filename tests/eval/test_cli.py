import json

import pytest
from typer.testing import CliRunner

import wildcat.train as train
from wildcat.cli import app
from wildcat.core.errors import WildcatError
from wildcat.core.manifest import ManifestWriter, Sample
from wildcat.eval.baselines import ColorHistogramEmbedder

from tests.conftest import product_image

runner = CliRunner()
FAST = ["--resamples", "50", "--no-plots"]


def _invoke(*args):
    result = runner.invoke(app, [str(a) for a in args])
    if result.exit_code != 0 and result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.output
    return result.output


COLOURS = {"Golden-Delicious": (220, 200, 40), "Granny-Smith": (60, 200, 60), "Oatly-Oat-Milk": (40, 60, 200)}


def _dataset(out, kinds):
    """One generated photo per product (relative paths, like synth/ writes), a row per (domain, generator, background
    kind)."""
    with ManifestWriter(out) as mw:
        for pid, colour in COLOURS.items():
            product_image(colour, size=64, shape="box").save(out / f"{pid}.png")
            for domain, generator, kind in kinds:
                mw.add(
                    Sample(
                        sample_id=f"{domain}/{pid}",
                        path=f"{pid}.png",
                        product_id=pid,
                        domain=domain,
                        generator=generator,
                        category="Apple",
                        lineage={"background": {"kind": kind}, "box": [10, 10, 54, 54]},
                    )
                )
    return out


@pytest.fixture
def synthetic_dataset(tmp_path):
    return _dataset(tmp_path / "synthetic", [("synthetic", "cutpaste", "room")])


@pytest.fixture
def query_dataset(tmp_path):
    """One folder with a wild photo (background room) and a synthetic image (background street) per product."""
    return _dataset(tmp_path / "mixed", [("wild", "wild", "room"), ("synthetic", "cutpaste", "street")])


def test_run_compare_and_table(grocery_layout, synthetic_dataset, query_dataset, tmp_path, monkeypatch):
    out_a, out_b = tmp_path / "a", tmp_path / "b"
    text = _invoke(
        "eval",
        "run",
        "--baseline",
        "colorhist",
        "--catalog",
        grocery_layout,
        "--queries",
        "val,test",
        "--synthetic",
        synthetic_dataset,
        "--cache",
        tmp_path / "cache",
        "--out",
        out_a,
        *FAST,
    )
    assert "recall@1 1.000" in text
    report = json.loads((out_a / "report.json").read_text())
    assert report["meta"]["n_queries"] == 6 and report["meta"]["query_splits"] == ["test", "val"]
    assert set(report["gap"]["pairs"]) == {"catalog|synthetic", "catalog|wild", "synthetic|wild"}
    assert (out_a / "config.yaml").is_file() and (out_a / "queries.parquet").is_file()

    # A checkpoint goes through train.load_embedder (here returning a real, coarser embedder; the
    # module dict is patched so train's lazy attribute does not import torch: test_checkpoint.py does).
    monkeypatch.setitem(vars(train), "load_embedder", lambda path: ColorHistogramEmbedder(bins=(1, 2, 2)))
    text = _invoke(
        "eval",
        "run",
        "--checkpoint",
        tmp_path / "final.pt",
        "--catalog",
        grocery_layout,
        "--query-data",
        query_dataset,
        "--crop-padding",
        "16",
        "--slices",
        "lineage.background.kind,generator",
        "--no-cache",
        "--out",
        out_b,
        *FAST,
    )
    assert "queries: 3 wild rows" in text and "skipped 3 other rows (3 synthetic)" in text
    report_b = json.loads((out_b / "report.json").read_text())
    assert (
        report_b["meta"]["checkpoint_hash"] == "colorhist-lab-1x2x2-64px-v1" and report_b["meta"]["crop_padding"] == 16
    )
    assert set(report_b["slices"]) == {"lineage.background.kind", "generator"}
    assert set(report_b["slices"]["lineage.background.kind"]) == {"room"}  # no synthetic (street) row became a query
    assert report_b["slices"]["lineage.background.kind"]["room"]["n"] == 3 and report_b["meta"]["n_queries"] == 3

    text = _invoke("eval", "compare", out_a, out_a, "--out", tmp_path / "cmp", *FAST)
    assert "McNemar p=1" in text and (tmp_path / "cmp" / "report.md").is_file()
    text = _invoke("eval", "table", out_a, out_b, "--out", tmp_path / "table.md")
    assert (
        "| a | 6 |" in text and "| b | 3 |" in text and (tmp_path / "table.md").read_text() == text.rstrip("\n") + "\n"
    )


def test_query_data_without_wild_rows_names_the_folder(grocery_layout, synthetic_dataset, tmp_path):
    result = runner.invoke(
        app,
        [
            "eval",
            "run",
            "--baseline",
            "colorhist",
            "--catalog",
            str(grocery_layout),
            "--query-data",
            str(synthetic_dataset),
            "--out",
            str(tmp_path / "x"),
        ],
    )
    assert isinstance(result.exception, WildcatError)
    assert (
        str(synthetic_dataset) in str(result.exception)
        and "no wild rows" in str(result.exception)
        and "3 synthetic" in str(result.exception)
    )


def test_unknown_split_names_the_fix(grocery_layout, tmp_path):
    result = runner.invoke(
        app,
        [
            "eval",
            "run",
            "--baseline",
            "colorhist",
            "--catalog",
            str(grocery_layout),
            "--queries",
            "dev",
            "--out",
            str(tmp_path / "x"),
        ],
    )
    assert isinstance(result.exception, WildcatError)
    assert "dev" in str(result.exception) and "test, train, val" in str(result.exception)


def test_index_and_search(grocery_layout, tmp_path):
    index = tmp_path / "shop.index"
    assert "indexed 3 images (3 products" in _invoke(
        "eval", "index", "--baseline", "colorhist", "--catalog", grocery_layout, "--kind", "hnsw", "--out", index
    )
    photo = next((grocery_layout / "val").rglob("Granny-Smith_000.jpg"))
    text = _invoke("eval", "search", photo, "--index", index, "--baseline", "colorhist", "--k", "2")
    assert text.splitlines()[1].strip().startswith("1. Granny-Smith")
    text = _invoke("eval", "search", photo, "--index", index, "--baseline", "colorhist", "--category", "Oat-Milk")
    assert "Oatly-Oat-Milk" in text and "Granny-Smith  " not in text


def test_views_join_the_evaluation_and_the_index(grocery_layout, query_dataset, synthetic_dataset, tmp_path):
    out = tmp_path / "v"
    _invoke(
        "eval",
        "run",
        "--baseline",
        "colorhist",
        "--catalog",
        grocery_layout,
        "--queries",
        "val,test",
        "--views",
        query_dataset,
        "--views-weight",
        "1",
        "--no-cache",
        "--out",
        out,
        *FAST,
    )
    # the folder's composites and its labelled wild photos are both views; one product each of three, twice
    assert json.loads((out / "report.json").read_text())["meta"]["views"] == {
        "weight": 1.0,
        "view_images": 6,
        "products": 3,
        "gallery_images_blended": 3,
        "view_rejects": 0,
    }
    plain, blended = tmp_path / "plain.index", tmp_path / "views.index"
    _invoke("eval", "index", "--baseline", "colorhist", "--catalog", grocery_layout, "--out", plain)
    text = _invoke(
        "eval",
        "index",
        "--baseline",
        "colorhist",
        "--catalog",
        grocery_layout,
        "--views",
        synthetic_dataset,
        "--out",
        blended,
    )
    assert "blended 3 views into 3 catalog images" in text
    photo = next((grocery_layout / "val").rglob("Granny-Smith_000.jpg"))
    first = [
        _invoke("eval", "search", photo, "--index", i, "--baseline", "colorhist", "--k", "1").splitlines()[1].split()
        for i in (plain, blended)
    ]
    assert first[0][1] == first[1][1] == "Granny-Smith" and first[0][2] != first[1][2]  # same answer, moved scores


def test_reference_photos_hub_correct_the_evaluation(grocery_layout, tmp_path):
    out = tmp_path / "h"
    args = ["--catalog", grocery_layout, "--queries", "val", "--reference", "train", "--no-cache", "--out", out]
    _invoke("eval", "run", "--baseline", "colorhist", *args, *FAST)
    meta = json.loads((out / "report.json").read_text())["meta"]
    assert meta["hub_correction"] == {"reference_images": 6, "k": 50, "reference_rejects": 0}  # 2 train photos x 3
    assert meta["n_queries"] == 3
    unknown = ["--catalog", str(grocery_layout), "--reference", "dev", "--out", str(tmp_path / "w")]
    wrong = runner.invoke(app, ["eval", "run", "--baseline", "colorhist", *unknown])
    assert isinstance(wrong.exception, WildcatError)
    assert "dev" in str(wrong.exception) and "pass --reference with splits it has" in str(wrong.exception)


def test_reference_photos_hub_correct_the_index(grocery_layout, tmp_path):
    from wildcat.core.catalog import load_catalog
    from wildcat.eval.embedder import embed_samples
    from wildcat.eval.hubness import hub_scores
    from wildcat.eval.sources import gallery_rows, query_rows

    plain, fixed = tmp_path / "plain.index", tmp_path / "hub.index"
    build = ["eval", "index", "--baseline", "colorhist", "--catalog", grocery_layout, "--no-cache"]
    assert "hub-corrected" not in _invoke(*build, "--out", plain)
    assert "hub-corrected on 6 reference photos (k 50; 0 unreadable)" in _invoke(
        *build, "--reference", "train", "--out", fixed
    )
    photo = next((grocery_layout / "val").rglob("Granny-Smith_000.jpg"))

    def scores(index):
        lines = _invoke("eval", "search", photo, "--index", index, "--baseline", "colorhist", "--k", "3").splitlines()
        return {line.split()[1]: float(line.split()[2]) for line in lines[1:]}

    # each product's score is its plain score less its catalog image's mean similarity to the 6 train photos
    cat, embedder = load_catalog(grocery_layout), ColorHistogramEmbedder()
    gal = embed_samples(embedder, gallery_rows(cat), progress=False)
    ref = embed_samples(embedder, query_rows(cat, ["train"]), progress=False)
    pull = dict(zip([s.product_id for s in gal.samples], hub_scores(gal.vectors, ref.vectors).tolist(), strict=True))
    before, after = scores(plain), scores(fixed)
    assert set(before) == set(after) == set(pull)
    for pid, score in after.items():
        assert score == pytest.approx(before[pid] - pull[pid], abs=2e-4)
    wrong = runner.invoke(app, [str(a) for a in [*build, "--reference", "dev", "--out", tmp_path / "x.index"]])
    assert isinstance(wrong.exception, WildcatError) and "pass --reference with splits it has" in str(wrong.exception)
