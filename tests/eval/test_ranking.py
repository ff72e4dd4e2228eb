import numpy as np
import pytest

from wildcat.core.retrieval import first_hit_ranks
from wildcat.eval.metrics import recall_curve, summary
from wildcat.eval.ranking import rank_products

# Gallery: product A has two images, C's image ties with A's first.
GALLERY = np.array([[1, 0], [0, 1], [0.6, 0.8], [1, 0]], np.float32)
G_LABELS = ["A", "A", "B", "C"]
QUERIES = np.array([[1, 0], [0, 1], [0.6, 0.8], [1, 0], [0.8, 0.6]], np.float32)
Q_LABELS = ["A", "B", "C", "D", "A"]  # D has no gallery image


def test_ranks_ap_and_recall_match_hand_computed_values_with_ties():
    r = rank_products(QUERIES, GALLERY, Q_LABELS, G_LABELS, topk=3)
    # q0: A and C both score 1 -> pessimistic rank 1; q1: A (1.0) beats B (0.8);
    # q2: A (0.8) and B (1.0) beat C (0.6); q3 unanswerable; q4: B .96, C .8 tie A .8.
    assert r.ranks.tolist() == [1, 1, 2, -1, 2]
    # Image-level AP, wrong images ahead on ties: q0 (1/2 + 2/4)/2, q1 1/2, q2 1/4, q4 (1/3 + 2/4)/2.
    np.testing.assert_allclose(r.ap[[0, 1, 2, 4]], [0.5, 0.5, 0.25, 5 / 12])
    assert np.isnan(r.ap[3])
    np.testing.assert_allclose(recall_curve(r.ranks, 3), [0.0, 0.5, 1.0])
    s = summary(r.ranks, r.ap, ks=(1, 2, 3))
    assert s["recall@1"] == 0.0 and s["recall@2"] == 0.5 and s["recall@3"] == 1.0
    assert s["mrr"] == pytest.approx((1 / 2 + 1 / 2 + 1 / 3 + 1 / 3) / 4)
    assert s["map"] == pytest.approx((0.5 + 0.5 + 0.25 + 5 / 12) / 4)


def test_topk_lists_best_first_with_ties_by_product_id():
    r = rank_products(QUERIES, GALLERY, Q_LABELS, G_LABELS, topk=3)
    ids = [[r.products[j] for j in row] for row in r.topk]
    assert ids[0] == ["A", "C", "B"]
    np.testing.assert_allclose(r.topk_scores[0], [1.0, 1.0, 0.6], rtol=1e-6)
    assert ids[4] == ["B", "A", "C"]


def test_constant_embedding_ranks_every_query_last():
    q = np.ones((3, 2), np.float32)
    g = np.ones((4, 2), np.float32)
    r = rank_products(q, g, ["a", "b", "c"], ["a", "b", "c", "d"])
    assert r.ranks.tolist() == [3, 3, 3]


def test_agrees_with_core_first_hit_ranks_on_random_data():
    rng = np.random.default_rng(3)
    g = rng.standard_normal((60, 8)).astype(np.float32)
    q = rng.standard_normal((40, 8)).astype(np.float32)
    g_labels = [f"p{i % 17}" for i in range(60)]
    q_labels = [f"p{i % 19}" for i in range(40)]  # p17, p18 are absent
    r = rank_products(q, g, q_labels, g_labels, chunk=7)
    np.testing.assert_array_equal(r.ranks, first_hit_ranks(q, g, q_labels, g_labels))


def test_filter_hides_products_and_a_hidden_target_is_a_miss():
    allowed = np.ones((5, 3), bool)  # products sorted: A, B, C
    allowed[0, 2] = False  # q0 may not see C: its tie disappears
    allowed[1, 1] = False  # q1's own product B is filtered away
    r = rank_products(QUERIES, GALLERY, Q_LABELS, G_LABELS, topk=3, allowed=allowed)
    assert r.ranks[0] == 0
    assert r.ranks[1] == 3  # a miss at every k
    assert 2 not in r.topk[0].tolist() and r.topk[0, -1] == -1
    assert r.ap[1] == 0.0


def test_l2_metric_ranks_by_distance_not_inner_product():
    import numpy as np

    from wildcat.eval.hubness import searchable_rows
    from wildcat.eval.inner_product import with_ones

    # Gallery item "far" has the larger inner product with q but is farther away in L2.
    g = np.array([[1.0, 0.0], [10.0, 0.0]], dtype=np.float32)
    q = np.array([[1.2, 0.0]], dtype=np.float32)
    rows, appended = searchable_rows(g, "l2")
    scores = with_ones(q, appended) @ rows.T
    assert scores.argmax() == 0  # the near one wins
    assert np.allclose(scores - scores.max(), -(((q[:, None] - g[None]) ** 2).sum(-1)) + (((q - g[0]) ** 2).sum()))
    same, none = searchable_rows(g, "cosine")
    assert (with_ones(q, none) @ same.T).argmax() == 1
