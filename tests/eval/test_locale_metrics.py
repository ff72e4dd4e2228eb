"""Locale metrics against a hand-built case with a known answer."""

import numpy as np
import pytest

from wildcat.core.locales import load_packset, restrict_to_market
from wildcat.eval.locale_metrics import (
    accessory_suggestions,
    hit_ranks,
    leak_by_locale,
    leak_rate,
    leak_report,
    leaking,
    recall_by_locale,
)

PRODUCT_CLASSES = {
    "k1": "en-IN:kurti",
    "k2": "en-IN:kurti",
    "t1": "en-US:tunic",
    "s1": "en-IN:saree",
    "d1": "en-IN:dupatta",
    "sc1": "en-US:scarf",
}
LOOK_ALIKES = {
    "en-IN:kurti": {"en-US:tunic"},
    "en-US:tunic": {"en-IN:kurti"},
    "en-IN:saree": {"en-IN:dupatta"},
    "en-IN:dupatta": {"en-IN:saree", "en-US:scarf"},
    "en-US:scarf": {"en-IN:dupatta"},
}
TRUE = ["k1", "k2", "s1", "t1", "d1"]
TOPK = np.array(
    [
        ["k1", "t1", "k2"],  # kurti query, a tunic in the top 3: leaks
        ["k2", "k1", "s1"],  # kurti query, no tunic: clean
        ["d1", "s1", "k1"],  # saree query, a dupatta: a look-alike, but from the same market: clean
        ["k1", "t1", "sc1"],  # tunic query, a kurti first: leaks, even at k=1
        ["s1", "sc1", "d1"],  # dupatta query, a scarf second: leaks at k=3, not at k=1
    ]
)
QUERY_CLASSES = [PRODUCT_CLASSES[t] for t in TRUE]


def test_leak_flags_and_rate_by_hand():
    assert leaking(TOPK, QUERY_CLASSES, PRODUCT_CLASSES, LOOK_ALIKES).tolist() == [True, False, False, True, True]
    assert leak_rate(TOPK, QUERY_CLASSES, PRODUCT_CLASSES, LOOK_ALIKES, k=3) == pytest.approx(3 / 5)
    assert leak_rate(TOPK, QUERY_CLASSES, PRODUCT_CLASSES, LOOK_ALIKES, k=1) == pytest.approx(1 / 5)
    assert leak_by_locale(TOPK, QUERY_CLASSES, PRODUCT_CLASSES, LOOK_ALIKES) == {"all": 0.6, "en-IN": 0.5, "en-US": 1.0}


def test_leak_uses_the_shipped_look_alikes():
    alikes = load_packset().look_alike_map()
    assert leaking(TOPK, QUERY_CLASSES, PRODUCT_CLASSES, alikes).tolist() == [True, False, False, True, True]


def test_padding_and_unknown_products_never_leak():
    ids = np.array([["", "zz"]])
    assert leak_rate(ids, ["en-IN:kurti"], PRODUCT_CLASSES, LOOK_ALIKES) == 0.0


def test_recall_per_locale():
    assert hit_ranks(TOPK, TRUE).tolist() == [0, 0, 1, 1, 2]
    assert hit_ranks(TOPK, ["k1", "nope", "s1", "t1", "d1"])[1] == 3  # absent: the row length, a miss at every k <= 3
    rec = recall_by_locale(TOPK, TRUE, [c.split(":")[0] for c in QUERY_CLASSES], ks=(1, 3))
    assert rec["all"] == {1: 0.4, 3: 1.0}
    assert rec["en-IN"] == {1: 0.5, 3: 1.0} and rec["en-US"] == {1: 0.0, 3: 1.0}


def test_leak_report_before_and_after_a_market_filter():
    locales = {pid: [c.split(":")[0]] for pid, c in PRODUCT_CLASSES.items()}
    markets = [c.split(":")[0] for c in QUERY_CLASSES]
    after, _ = restrict_to_market(TOPK, np.zeros(TOPK.shape), markets, locales)
    report = leak_report(TOPK, after, TRUE, PRODUCT_CLASSES, LOOK_ALIKES, k=3, ks=(1, 3))
    assert report["before"]["leak_rate"]["all"] == pytest.approx(0.6)
    assert report["after"]["leak_rate"] == {"all": 0.0, "en-IN": 0.0, "en-US": 0.0}
    assert report["leak_change"]["en-IN"] == pytest.approx(-0.5)
    assert report["after"]["recall"]["en-US"][1] == 1.0  # the tunic query's own tunic moves to the top


def test_accessory_suggestions_follow_the_market():
    packs = load_packset()
    got = accessory_suggestions(packs, ["en-IN:kurti", "en-US:tunic", "en-US:tunic"], ["en-IN", "en-US", "en-IN"])
    assert got[0] == ["en-IN:dupatta", "en-IN:bangles", "en-IN:juttis", "en-IN:bindi"]
    assert got[1] == ["en-US:belt", "en-US:scarf"]
    assert got[2] == got[0]  # a tunic-looking query from India gets what goes with a kurti
