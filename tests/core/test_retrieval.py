"""Product ranking (wildcat.core.retrieval): best image per product, ties pessimistic, one code path."""

import numpy as np

from wildcat.core.retrieval import UNANSWERABLE, first_hit_ranks, ranks_from_scores, recall_at_k


def test_a_product_scores_at_its_best_image():
    # query 0 matches b's second image best; query 1 matches a
    sims = np.array([[0.1, 0.2, 0.9, 0.3], [0.8, 0.1, 0.2, 0.5]], np.float32)
    ranks = ranks_from_scores(sims, ["b", "a"], ["a", "b", "b", "c"])
    np.testing.assert_array_equal(ranks, [0, 0])


def test_ties_rank_the_right_product_last():
    sims = np.ones((3, 4), np.float32)  # a constant embedding: everything ties
    ranks = ranks_from_scores(sims, ["a", "b", "c"], ["a", "b", "c", "d"])
    np.testing.assert_array_equal(ranks, [3, 3, 3])
    assert recall_at_k(ranks, (1, 4)) == {1: 0.0, 4: 1.0}


def test_a_query_whose_product_is_not_in_the_gallery_is_unanswerable():
    ranks = first_hit_ranks(np.eye(2, 3), np.eye(3), ["a", "z"], ["a", "b", "c"])
    assert ranks[1] == UNANSWERABLE and ranks[0] == 0
    assert recall_at_k(ranks, (1,)) == {1: 1.0}  # unanswerable queries do not count


def test_first_hit_ranks_agree_with_brute_force():
    rng = np.random.default_rng(1)
    q, g = rng.normal(size=(40, 8)).astype(np.float32), rng.normal(size=(30, 8)).astype(np.float32)
    g_labels = [f"p{i % 9}" for i in range(30)]
    q_labels = [f"p{i % 9}" for i in range(40)]
    ranks = first_hit_ranks(q, g, q_labels, g_labels)
    sims = q @ g.T
    for i, label in enumerate(q_labels):
        best = {p: max(sims[i, j] for j in range(30) if g_labels[j] == p) for p in set(g_labels)}
        assert ranks[i] == sum(1 for p, s in best.items() if p != label and s >= best[label])
