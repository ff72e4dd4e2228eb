"""Search restricted or re-ranked to the query's market, on arrays with a known answer."""

import numpy as np
import pytest

from wildcat.core.locales import in_market, rerank_by_market, restrict_to_market

LOCALES = {
    "kurti-1": ["en-IN"],
    "tunic-1": ["en-US"],
    "tunic-2": ["en-US"],
    "scarf-g": ["global"],
    "saree-1": ["en-IN", "en-GB"],
}
IDS = np.array(
    [["tunic-1", "kurti-1", "tunic-2", "scarf-g", "saree-1"], ["kurti-1", "tunic-1", "saree-1", "tunic-2", "scarf-g"]]
)
SCORES = np.array([[0.9, 0.85, 0.8, 0.5, 0.4], [0.95, 0.7, 0.6, 0.55, 0.1]], dtype=np.float32)


def test_restrict_returns_only_that_markets_products():
    ids, scores = restrict_to_market(IDS, SCORES, ["en-IN", "en-US"], LOCALES, k=3)
    assert ids[0].tolist() == ["kurti-1", "scarf-g", "saree-1"]  # global products belong to every market
    assert ids[1].tolist() == ["tunic-1", "tunic-2", "scarf-g"]
    assert scores[0].tolist() == pytest.approx([0.85, 0.5, 0.4])
    for row, loc in zip(ids, ["en-IN", "en-US"], strict=False):
        assert all(loc in LOCALES[p] or "global" in LOCALES[p] for p in row)


def test_restrict_pads_short_rows():
    ids, scores = restrict_to_market(IDS, SCORES, ["en-GB", "fr-FR"], LOCALES, k=3)
    assert ids[0].tolist() == ["scarf-g", "saree-1", ""] and np.isneginf(scores[0, 2])
    assert ids[1].tolist() == ["scarf-g", "", ""]


def test_integer_ids_pad_with_minus_one():
    ids, _ = restrict_to_market(
        np.array([[3, 1, 2]]), np.array([[0.9, 0.5, 0.1]]), ["en-IN"], {1: ["en-IN"], 2: ["en-US"], 3: ["en-US"]}, k=2
    )
    assert ids.tolist() == [[1, -1]]


def test_rerank_keeps_everything_but_moves_foreign_products_down():
    ids, scores = rerank_by_market(IDS, SCORES, ["en-IN", "en-US"], LOCALES, penalty=0.2)
    assert sorted(ids[0].tolist()) == sorted(IDS[0].tolist())
    assert ids[0].tolist()[:2] == ["kurti-1", "tunic-1"]  # 0.85 in market beats 0.9 - 0.2
    assert ids[1].tolist()[0] == "kurti-1"  # 0.95 - 0.2 still beats in-market 0.7: a re-rank, not a filter
    assert np.all(np.diff(scores, axis=1) <= 0)


def test_in_market_checks_shapes():
    assert in_market(IDS, ["en-IN", "en-US"], LOCALES).sum() == 6
    with pytest.raises(ValueError, match="one locale per query"):
        in_market(IDS, ["en-IN"], LOCALES)
