"""The en-IN leak table's figures on hand-made result lists whose leaks and class hits are known."""

from types import SimpleNamespace

import numpy as np

from wildcat.core.manifest import Sample

from bench import locale_leak

CLASSES = {"k1": "en-IN:kurti", "k2": "en-IN:kurti", "t1": "en-US:tunic", "s1": "en-IN:saree"}
ALIKES = {"en-IN:kurti": {"en-US:tunic"}, "en-US:tunic": {"en-IN:kurti"}}


def _query(i: int, product: str) -> Sample:
    return Sample(sample_id=f"q{i}", path=f"/q{i}.jpg", product_id=product, domain="wild", generator="wild")


def test_leaks_and_class_hits_of_kurti_queries():
    queries = [_query(0, "k1"), _query(1, "k2"), _query(2, "s1"), _query(3, "t1")]
    top = np.array(
        [
            ["k1", "s1"],  # its own product first: a product hit and a class hit, no tunic
            ["k1", "t1"],  # another kurti first (class hit, product miss), a tunic in the top 2: leaks
            ["k2", "s1"],  # a saree query answered with a kurti: no hit; a kurti is no look-alike of a saree
            ["t1", "k2"],  # a tunic query with a kurti below it: leaks
        ],
        dtype=object,
    )
    args = SimpleNamespace(k=2, focus="en-IN:kurti")
    f = locale_leak._figures(top, queries, CLASSES, ALIKES, args)
    assert f["queries"] == 4 and f["focus queries"] == 2
    assert f["leak"] == 0.5 and f["focus leak"] == 0.5
    assert f["recall@1"] == 0.5 and f["recall@2"] == 0.75  # q2 finds its saree second
    assert f["class@1"] == 0.75 and f["focus class@1"] == 1.0
    lo, hi = f["class@1 ci"]
    assert 0.0 <= lo <= 0.75 <= hi <= 1.0
    table = locale_leak.markdown({"model": {"plain": f}}, args)
    assert "| model | plain | 0.500 | 0.500 | 0.750 | 0.750 [" in table
