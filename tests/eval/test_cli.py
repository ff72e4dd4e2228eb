import json

import pytest
from typer.testing import CliRunner

import train
from eval.baselines import ColorHistogramEmbedder
from tests.conftest import product_image
from wildcat.cli import app
from wildcat.errors import WildcatError
from wildcat.manifest import ManifestWriter, Sample

runner = CliRunner()
FAST = ["--resamples", "50", "--no-plots"]


def _invoke(*args):
    result = runner.invoke(app, [str(a) for a in args])
    if result.exit_code != 0 and result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def synthetic_dataset(tmp_path):
    """A dataset folder with one generated photo per product (relative paths, like synth/ writes)."""
    out = tmp_path / "synthetic"
    colours = {"Golden-Delicious": (220, 200, 40), "Granny-Smith": (60, 200, 60), "Oatly-Oat-Milk": (40, 60, 200)}
    with ManifestWriter(out) as mw:
        for pid, colour in colours.items():
            product_image(colour, size=64, shape="box").save(out / f"{pid}.png")
            mw.add(Sample(sample_id=f"syn/{pid}", path=f"{pid}.png", product_id=pid, domain="synthetic", generator="cutpaste", category="Apple",
                          lineage={"background": {"kind": "room"}, "box": [10, 10, 54, 54]}))
    return out


def test_run_compare_and_table(grocery_layout, synthetic_dataset, tmp_path, monkeypatch):
    out_a, out_b = tmp_path / "a", tmp_path / "b"
    text = _invoke("eval", "run", "--baseline", "colorhist", "--catalog", grocery_layout, "--queries", "val,test",
                   "--synthetic", synthetic_dataset, "--cache", tmp_path / "cache", "--out", out_a, *FAST)
    assert "recall@1 1.000" in text
    report = json.loads((out_a / "report.json").read_text())
    assert report["meta"]["n_queries"] == 6 and report["meta"]["query_splits"] == ["test", "val"]
    assert set(report["gap"]["pairs"]) == {"catalog|synthetic", "catalog|wild", "synthetic|wild"}
    assert (out_a / "config.yaml").is_file() and (out_a / "queries.parquet").is_file()

    # A checkpoint goes through train.load_embedder (here returning a real, coarser embedder; the
    # module dict is patched so train's lazy attribute does not import torch: test_checkpoint.py does).
    monkeypatch.setitem(vars(train), "load_embedder", lambda path: ColorHistogramEmbedder(bins=(1, 2, 2)))
    _invoke("eval", "run", "--checkpoint", tmp_path / "final.pt", "--catalog", grocery_layout, "--query-data", synthetic_dataset,
            "--crop-padding", "16", "--slices", "lineage.background.kind,generator", "--no-cache", "--out", out_b, *FAST)
    report_b = json.loads((out_b / "report.json").read_text())
    assert report_b["meta"]["checkpoint_hash"] == "colorhist-lab-1x2x2-64px-v1" and report_b["meta"]["crop_padding"] == 16
    assert set(report_b["slices"]) == {"lineage.background.kind", "generator"}
    assert report_b["slices"]["lineage.background.kind"]["room"]["n"] == 3

    text = _invoke("eval", "compare", out_a, out_a, "--out", tmp_path / "cmp", *FAST)
    assert "McNemar p=1" in text and (tmp_path / "cmp" / "report.md").is_file()
    text = _invoke("eval", "table", out_a, out_b, "--out", tmp_path / "table.md")
    assert "| a | 6 |" in text and "| b | 3 |" in text and (tmp_path / "table.md").read_text() == text.rstrip("\n") + "\n"


def test_unknown_split_names_the_fix(grocery_layout, tmp_path):
    result = runner.invoke(app, ["eval", "run", "--baseline", "colorhist", "--catalog", str(grocery_layout), "--queries", "dev", "--out", str(tmp_path / "x")])
    assert isinstance(result.exception, WildcatError)
    assert "dev" in str(result.exception) and "test, train, val" in str(result.exception)


def test_index_and_search(grocery_layout, tmp_path):
    index = tmp_path / "shop.index"
    assert "indexed 3 images (3 products" in _invoke("eval", "index", "--baseline", "colorhist", "--catalog", grocery_layout, "--kind", "hnsw", "--out", index)
    photo = next((grocery_layout / "val").rglob("Granny-Smith_000.jpg"))
    text = _invoke("eval", "search", photo, "--index", index, "--baseline", "colorhist", "--k", "2")
    assert text.splitlines()[1].strip().startswith("1. Granny-Smith")
    text = _invoke("eval", "search", photo, "--index", index, "--baseline", "colorhist", "--category", "Oat-Milk")
    assert "Oatly-Oat-Milk" in text and "Granny-Smith  " not in text
