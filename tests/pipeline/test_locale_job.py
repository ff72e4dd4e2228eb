"""`wildcat locale train`: add a market to a trained model, report per market, and
the no-regression check (hand-made numbers, and real runs that do and do not regress).

The toy shop: two markets of coloured squares. en-US sells tunics (red),
trousers (blue) and scarves (green), in horizontal and vertical stripes; en-IN
sells their look-alikes (kurti, salwar, dupatta) in the same colours, as a frame
or a dot. Catalog images show the patch on white; wild photos paste it, shifted
and scaled, on noise. A tiny CNN learns en-US in 40 steps; until it sees en-IN,
it takes many kurtis for tunics.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from typer.testing import CliRunner

from wildcat.cli import app
from wildcat.core.locales import load_packset
from wildcat.core.manifest import ManifestWriter, Sample
from wildcat.eval import EvalResult
from wildcat.eval.locale_metrics import leak_by_locale
from wildcat.pipeline.locale_job import base_sources, check_no_regression
from wildcat.train import TrainConfig, load_embedder, train_run
from wildcat.train.incremental import load_base_run

SIZE = 32
MARKETS = {
    "en-US": {
        "tunic": ((220, 40, 40), "tops"),
        "trousers": ((40, 60, 220), "bottoms"),
        "scarf": ((40, 180, 40), "drapes"),
    },
    "en-IN": {
        "kurti": ((220, 40, 40), "tops"),
        "salwar": ((40, 60, 220), "bottoms"),
        "dupatta": ((40, 180, 40), "drapes"),
    },
}
PATTERNS = {"en-US": ("horizontal", "vertical"), "en-IN": ("frame", "dot")}
CLASSES = {
    f"{loc}-{cls}-{pattern}": f"{loc}:{cls}"
    for loc, classes in MARKETS.items()
    for cls in classes
    for pattern in PATTERNS[loc]
}


def patch(colour: tuple[int, int, int], pattern: str, side: int = 20) -> np.ndarray:
    """A side x side square of a coloured pattern on white: stripes (period 4 px), a frame or a dot."""
    out = np.full((side, side, 3), 255, dtype=np.uint8)
    yy, xx = np.mgrid[:side, :side]
    c = (side - 1) / 2
    on = {
        "horizontal": (yy // 2) % 2 == 0,
        "vertical": (xx // 2) % 2 == 0,
        "frame": np.maximum(abs(yy - c), abs(xx - c)) > c - 4,
        "dot": (yy - c) ** 2 + (xx - c) ** 2 < (0.35 * side) ** 2,
    }[pattern]
    out[on] = colour
    return out


def wild_photo(rng: np.random.Generator, square: np.ndarray) -> np.ndarray:
    """The square, resized to 16-24 px, somewhere on a noisy grey gradient."""
    ramp = np.linspace(rng.uniform(60, 130), rng.uniform(130, 200), SIZE)[:, None, None]
    img = np.clip(ramp + rng.normal(0, 25, (SIZE, SIZE, 3)), 0, 255).astype(np.uint8)
    side = int(rng.integers(16, 25))
    y, x = (int(v) for v in rng.integers(0, SIZE - side + 1, 2))
    img[y : y + side, x : x + side] = np.asarray(Image.fromarray(square).resize((side, side), Image.NEAREST))
    return img


def make_market(root: Path, locale: str, seed: int, train_per_product: int = 6, val_per_product: int = 3) -> Path:
    """The layout `wildcat locale demo` writes: catalog/ + products.csv, manifest with train and wild rows."""
    rng = np.random.default_rng(seed)
    out = root / locale
    lines = ["id,title,category,parent_category,locales"]
    with ManifestWriter(out) as mw:
        for cls, (colour, parent) in MARKETS[locale].items():
            for pattern in PATTERNS[locale]:
                pid = f"{locale}-{cls}-{pattern}"
                square = patch(colour, pattern)
                shot = np.full((SIZE, SIZE, 3), 255, dtype=np.uint8)
                shot[6:26, 6:26] = square
                rel = f"catalog/{cls}/{pid}/front.png"
                (out / rel).parent.mkdir(parents=True)
                Image.fromarray(shot).save(out / rel)
                lines.append(f"{pid},{cls} {pattern},{cls},{parent},{locale}")
                for i in range(train_per_product + val_per_product):
                    split, domain = ("train", "synthetic") if i < train_per_product else ("val", "wild")
                    rel = f"photos/{pid}_{i:02d}.png"
                    (out / "photos").mkdir(exist_ok=True)
                    Image.fromarray(wild_photo(rng, square)).save(out / rel)
                    mw.add(
                        Sample(
                            sample_id=rel,
                            path=rel,
                            product_id=pid,
                            domain=domain,
                            generator="toy",
                            split=split,
                            category=cls,
                            locale=locale,
                            width=SIZE,
                            height=SIZE,
                        )
                    )
    (out / "catalog" / "products.csv").write_text("\n".join(lines) + "\n")
    return out


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    """Both markets, and a base model trained on en-US alone."""
    root = tmp_path_factory.mktemp("locale_job")
    us, india = make_market(root, "en-US", seed=1), make_market(root, "en-IN", seed=2)
    cfg = TrainConfig(
        catalog=str(us / "catalog"),
        data=[str(us)],
        backbone="tiny",
        image_size=SIZE,
        batch_size=24,
        samples_per_class=4,
        steps=40,
        lr=3e-3,
        checkpoint_every=1000,
        embedding_dim=32,
    )
    base = train_run(cfg, root / "runs" / "us", seed=0, progress=False)
    return {"root": root, "us": us, "in": india, "base": base.run_dir}


def locale_train(shop, out: str, *extra: str):
    args = [
        "locale",
        "train",
        "en-IN",
        "--base-run",
        str(shop["base"]),
        "--data",
        str(shop["in"]),
        "--out",
        str(shop["root"] / "runs" / out),
        "--query-split",
        "val",
        "--seed",
        "0",
        "--leak-k",
        "1",
        "--no-plots",
        "--no-progress",
        "--workspace",
        str(shop["root"] / "ws"),
        *extra,
    ]
    res = CliRunner().invoke(app, args)
    report_file = shop["root"] / "runs" / out / "locale_report.json"
    report = json.loads(report_file.read_text()) if report_file.is_file() else None
    return res, report


# ---- the check on hand-made numbers ----------------------------------------------------
def test_check_passes_within_one_point_and_fails_beyond():
    held = check_no_regression({"en-US": 0.62, "en-GB": 0.30}, {"en-US": 0.70, "en-GB": 0.29}, max_drop=0.01)
    assert held.passed and [r["ok"] for r in held.rows] == [True, True]  # 0.30 -> 0.29 is exactly one point
    assert "passed" in held.message

    fell = check_no_regression({"en-US": 0.62, "en-GB": 0.30}, {"en-US": 0.60, "en-GB": 0.35}, max_drop=0.01)
    assert not fell.passed and [r["market"] for r in fell.rows if not r["ok"]] == ["en-US"]
    assert "FAILED" in fell.message and "en-US" in fell.message and "-2.0 points" in fell.message
    assert "en-GB" not in fell.message.split(";")[0]

    assert check_no_regression({"en-US": 0.62}, {"en-US": 0.60}, max_drop=0.05).passed  # the limit is configurable
    unmeasured = check_no_regression({"en-US": 0.62}, {"en-US": math.nan})
    assert not unmeasured.passed and "no answerable query" in unmeasured.message


# ---- real runs ------------------------------------------------------------------------------
def test_adding_a_pack_end_to_end(shop):
    res, report = locale_train(shop, "us+in")
    assert res.exit_code == 0, res.output
    assert "No-regression check passed" in res.output and "en-IN" in res.output

    markets = report["markets"]
    assert markets["en-US"]["role"] == "existing" and markets["en-IN"]["role"] == "new"
    assert markets["en-US"]["queries"] == 18 and markets["en-IN"]["queries"] == 18
    us, india = markets["en-US"], markets["en-IN"]
    for m in (us, india):
        for side in ("before", "after"):
            assert set(m[side]) == {"recall@1", "recall@5", "recall@10", "leak_rate"}
            assert 0.0 <= m[side]["leak_rate"] <= 1.0 and m[side]["recall@1"]["lo"] <= m[side]["recall@1"]["value"]
    # the base model learnt en-US, and the fine-tune (with replay, a tenth of the learning rate) kept it
    assert us["before"]["recall@1"]["value"] >= 0.9
    assert report["check"]["passed"] and us["after"]["recall@1"]["value"] >= us["before"]["recall@1"]["value"] - 0.01

    out = shop["root"] / "runs" / "us+in"
    head, replay = report["fine_tune"]["head"], report["fine_tune"]["replay"]
    assert (head["kept"], head["added"], head["dropped"]) == (6, 6, 0)
    assert (
        replay["products"] == 6
        and report["fine_tune"]["steps"] == 10
        and report["fine_tune"]["lr"] == pytest.approx(3e-4)
    )
    embedder = load_embedder(out / "final.pt")
    assert len(embedder.meta["classes"]) == 12 and embedder.meta["config"]["init_from"] == str(
        (shop["base"] / "final.pt").resolve()
    )
    history = json.loads((out / "locales.json").read_text())
    assert history["locales"] == ["en-IN", "en-US"]
    # the next market's job finds both markets' data through the new run
    assert [(s.locales, s.catalog) for s in base_sources(load_base_run(out))] == [
        (["en-US"], str(shop["us"] / "catalog")),
        (["en-IN"], str(shop["in"] / "catalog")),
    ]
    md = (out / "locale_report.md").read_text()
    assert "| en-US | existing | 18 |" in md and "| en-IN | new | 18 |" in md
    # the numbers are the evaluations' own: recall from eval's slices, leaks recomputed from the results
    for side, folder in (("before", "eval-base"), ("after", "eval-new")):
        result = EvalResult.load(out / "locale_job" / folder)
        assert result.report["slices"]["locale"]["en-IN"]["recall@1"]["value"] == india[side]["recall@1"]["value"]
        leaks = leak_by_locale(
            np.array([row[:1] for row in result.topk_ids]),
            [CLASSES[q.product_id] for q in result.queries],
            CLASSES,
            load_packset(None).look_alike_map(),
            k=1,
        )
        assert (leaks["en-US"], leaks["en-IN"]) == (us[side]["leak_rate"], india[side]["leak_rate"])


def test_a_run_that_forgets_fails_the_check(shop):
    # no replay, a learning rate 1000x the base run's: the old market is wrecked
    res, report = locale_train(shop, "forgetful", "--replay-fraction", "0", "--lr-scale", "1000", "--steps", "20")
    assert res.exit_code == 1, res.output
    assert "No-regression check FAILED" in res.output and "recall@1 on en-US fell from" in res.output
    us = report["markets"]["en-US"]
    assert not report["check"]["passed"] and report["check"]["rows"][0]["market"] == "en-US"
    assert us["after"]["recall@1"]["value"] < us["before"]["recall@1"]["value"] - 0.01
    assert report["fine_tune"]["replay"]["images"] == 0 and report["fine_tune"]["head"]["dropped"] == 6
    assert "FAILED" in (shop["root"] / "runs" / "forgetful" / "locale_report.md").read_text()


def test_bad_input_is_named(shop):
    res, _ = locale_train(shop, "nowhere", "--base-run", str(shop["root"] / "missing"))
    assert res.exit_code != 0 and "did not finish" in str(res.exception or res.output)
