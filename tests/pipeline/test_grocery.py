"""The grocery-store protocols end to end on a generated miniature of the dataset's layout."""

import json

import pytest
from typer.testing import CliRunner

from wildcat.cli import app
from wildcat.core.config import load_run_meta
from wildcat.core.errors import CatalogError
from wildcat.core.manifest import read_manifest
from wildcat.pipeline.grocery import GroceryBench, query_splits, run_protocol


def _report(path):
    return json.loads((path / "report.json").read_text())["meta"]


@pytest.mark.slow
@pytest.mark.render
def test_synthetic_protocol_end_to_end(grocery_layout, tmp_path):
    out = run_protocol(
        GroceryBench(root=grocery_layout, protocol="synthetic", budget="smoke", out=tmp_path / "ws"),
        seed=1,
        progress=False,
    )
    report = _report(out)
    assert report["n_queries"] == 9  # dev = train (6) + val (3)
    composites = read_manifest(tmp_path / "ws" / "data" / "composites-2x48-s1")
    assert len(composites) == 6 and {r.generator for r in composites} == {"cutpaste"}
    assert {r.product_id for r in composites} == {"Golden-Delicious", "Granny-Smith", "Oatly-Oat-Milk"}
    # the index blends each product's composites (not its renders) into its catalog vector
    assert report["views"] == {
        "weight": 2.0,
        "view_images": 6,
        "products": 3,
        "gallery_images_blended": 3,
        "view_rejects": 0,
    }
    assert (out / "config.yaml").exists() and (out / "recall_at_k.png").exists()
    assert (
        load_run_meta(tmp_path / "ws" / "runs" / out.name)["config"]["catalog_fraction"] == 0.25
    )  # the best recipe found


@pytest.mark.slow
def test_oracle_and_test_split_use_the_right_queries(grocery_layout, tmp_path):
    runner = CliRunner()
    res = runner.invoke(
        app,
        [
            "bench",
            "grocery-store",
            "--root",
            str(grocery_layout),
            "--protocol",
            "oracle",
            "--budget",
            "smoke",
            "--out",
            str(tmp_path / "ws"),
            "--seed",
            "2",
        ],
    )
    assert res.exit_code == 0, res.output
    oracle = _report(tmp_path / "ws" / "eval" / "oracle-smoke-s2")
    assert oracle["n_queries"] == 3  # val only: it trained on train
    assert oracle["views"]["view_images"] == 6  # same evaluation: its own training photos (train) are its views
    assert oracle["hub_correction"] is None  # its photos are its training photos: no hub correction (eval.hubness)
    again = runner.invoke(
        app,
        [
            "bench",
            "grocery-store",
            "--root",
            str(grocery_layout),
            "--protocol",
            "oracle",
            "--budget",
            "smoke",
            "--out",
            str(tmp_path / "ws"),
            "--seed",
            "2",
        ],
    )
    assert again.exit_code == 0, again.output  # a second run resumes the finished run instead of refusing it
    plain = runner.invoke(
        app,
        [
            "bench",
            "grocery-store",
            "--root",
            str(grocery_layout),
            "--protocol",
            "oracle",
            "--budget",
            "smoke",
            "--out",
            str(tmp_path / "ws"),
            "--seed",
            "2",
            "--views-weight",
            "0",
        ],
    )
    assert plain.exit_code == 0, plain.output
    assert _report(tmp_path / "ws" / "eval" / "oracle-smoke-s2-views0")["views"]["gallery_images_blended"] == 0
    out = run_protocol(
        GroceryBench(root=grocery_layout, protocol="catalog-only", split="test", budget="smoke", out=tmp_path / "ws"),
        seed=2,
        progress=False,
    )
    assert _report(out)["n_queries"] == 3 and _report(out)["views"] is None  # no training image of the query domain
    assert not (tmp_path / "ws" / "data").exists()  # catalog-only generates nothing


def test_query_splits_never_overlap_training():
    assert query_splits("synthetic", "dev") == ["train", "val"]
    assert query_splits("oracle", "dev") == ["val"]
    assert query_splits("catalog-only", "test") == ["test"]


def test_not_a_grocery_folder(folder_catalog, tmp_path):
    with pytest.raises(CatalogError, match="classes.csv"):
        run_protocol(GroceryBench(root=folder_catalog, budget="smoke", out=tmp_path), seed=0, progress=False)


@pytest.mark.slow
@pytest.mark.render
def test_unlabeled_protocol_reuses_the_synthetic_training(grocery_layout, tmp_path):
    import torch

    from wildcat.train.checkpoint import load_checkpoint

    ws = tmp_path / "ws"
    run_protocol(
        GroceryBench(root=grocery_layout, protocol="synthetic", budget="smoke", out=ws), seed=3, progress=False
    )
    out = run_protocol(
        GroceryBench(root=grocery_layout, protocol="synthetic+unlabeled", budget="smoke", out=ws),
        seed=3,
        progress=False,
    )
    assert _report(out)["n_queries"] == 9
    (meta_s, synthetic), (meta_u, unlabeled) = (
        load_checkpoint(ws / "runs" / f"{p}-smoke-s3" / "final.pt") for p in ("synthetic", "synthetic-unlabeled")
    )
    assert meta_u["step"] == meta_s["step"] == 12 and meta_u["config"]["unlabeled_splits"] == ["train"]
    assert all(torch.equal(v, unlabeled["model"][k]) for k, v in synthetic["model"].items())  # same training
    assert "query_bn" in unlabeled and "query_bn" not in synthetic
    assert not torch.equal(
        unlabeled["query_bn"]["trunk.features.1.running_mean"], synthetic["model"]["trunk.features.1.running_mean"]
    )
    # the index is hub-corrected on the unlabelled train photos (6 here), unless the bench is told not to
    assert _report(out)["hub_correction"] == {"reference_images": 6, "k": 50, "reference_rejects": 0}
    plain = run_protocol(
        GroceryBench(root=grocery_layout, protocol="synthetic+unlabeled", budget="smoke", out=ws, hub_correction=False),
        seed=3,
        progress=False,
    )
    assert plain.name == "synthetic-unlabeled-smoke-s3-nohub" and _report(plain)["hub_correction"] is None
    synthetic_eval = ws / "eval" / "synthetic-smoke-s3"
    assert _report(synthetic_eval)["hub_correction"] is None  # no unlabelled photos, no correction
