"""The look-alike leak rate of two runs on a hand-built case, and the gallery of changed queries."""

from __future__ import annotations

import numpy as np

import wildcat.eval as ev
from wildcat.core.catalog import Catalog, Product
from wildcat.core.locales import load_packset
from wildcat.core.manifest import Sample
from wildcat.ui.changed_queries import changed_queries, strip
from wildcat.ui.leak import leak_frame

PRODUCTS = {
    "kurti-1": ("kurti", "en-IN"),
    "kurti-2": ("kurti", "en-IN"),
    "tunic-1": ("tunic", "en-US"),
    "mug-1": ("mug", "global"),
}


def result(ranks, topk) -> ev.EvalResult:
    """Four queries: two kurtis, a tunic, a mug (one each of kurti-1, kurti-2, tunic-1, mug-1)."""
    queries = [
        Sample(
            sample_id=f"q{i}",
            path=f"/nowhere/q{i}.jpg",
            product_id=pid,
            domain="wild",
            generator="wild",
            category=PRODUCTS[pid][0],
            locale=PRODUCTS[pid][1],
        )
        for i, pid in enumerate(PRODUCTS)
    ]
    return ev.EvalResult(
        queries=queries,
        gallery=[],
        ranks=np.array(ranks),
        ap=np.ones(4),
        topk_ids=topk,
        topk_scores=np.zeros((4, 3), np.float32),
        report={"meta": {"n_products": 4}},
    )


def catalog() -> Catalog:
    return Catalog(
        name="t",
        root="/nowhere",
        source_format="saved",
        products=[Product(id=p, category=c, locales=[loc], images=[]) for p, (c, loc) in PRODUCTS.items()],
    )


def test_leak_rate_against_a_hand_built_case():
    # before: both kurti queries have a tunic (their look-alike in en-US) in the top 3; the tunic query has a kurti at
    # 3.
    before = result(
        [0, 1, 0, 0],
        [
            ["kurti-1", "tunic-1", "mug-1"],
            ["tunic-1", "kurti-2", "mug-1"],
            ["tunic-1", "mug-1", "kurti-1"],
            ["mug-1", "kurti-1", "tunic-1"],
        ],
    )
    # after: the tunic is gone from the first kurti's list and the tunic query keeps to tunics and mugs.
    after = result(
        [0, 0, 0, 0],
        [
            ["kurti-1", "kurti-2", "mug-1"],
            ["kurti-2", "tunic-1", "mug-1"],
            ["tunic-1", "mug-1", "mug-1"],
            ["mug-1", "kurti-1", "tunic-1"],
        ],
    )
    frame = leak_frame(before, after, ("before", "after"), catalog(), load_packset(None), k=3).set_index("locale")
    assert frame.loc["all", "queries"] == 3  # the mug belongs to no pack class, so it cannot leak
    assert frame.loc["en-IN", "leak@3 before"] == 1.0 and frame.loc["en-IN", "leak@3 after"] == 0.5
    assert frame.loc["en-US", "leak@3 before"] == 1.0 and frame.loc["en-US", "leak@3 after"] == 0.0
    assert np.isclose(frame.loc["all", "change"], 1 / 3 - 1.0)
    top1 = leak_frame(before, after, ("before", "after"), catalog(), load_packset(None), k=1).set_index("locale")
    assert top1.loc["en-IN", "leak@1 before"] == 0.5  # only the second kurti query has the tunic first


def test_no_pack_class_means_no_leak_table():
    plain = Catalog(
        name="t", root="/nowhere", source_format="saved", products=[Product(id="mug-1", category="mug", images=[])]
    )
    r = result([0, 0, 0, 0], [["mug-1"]] * 4)
    assert leak_frame(r, r, ("a", "b"), plain, load_packset(None)) is None


def test_changed_queries_biggest_moves_first_flips_before_others():
    a = result([3, 0, 2, 1], [["x"]] * 4)
    b = result([0, 2, 1, 1], [["y"]] * 4)
    better, worse = changed_queries(a, b, 5)
    assert [(r.query_id, r.rank_before, r.rank_after) for r in better] == [("q0", 3, 0), ("q2", 2, 1)]
    assert [(r.query_id, r.rank_before, r.rank_after) for r in worse] == [("q1", 0, 2)]
    sheet = strip(better[0], ("before", "after"), tile=32)
    assert sheet.shape[1] == 11 * 32  # the query, then five per run
