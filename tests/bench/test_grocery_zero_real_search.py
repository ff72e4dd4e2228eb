"""bench/grocery_zero_real_search.py: hub-penalising scores (CSLS) and domain centring, on
embeddings with a known answer."""

import numpy as np

from bench import grocery_query_time as query_time
from bench import grocery_zero_real_search as search


def unit(v):
    v = np.asarray(v, float)
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def test_csls_takes_the_first_place_from_a_hub():
    # Gallery item 0 is a hub: every reference image lies next to it. A query a little closer to
    # item 0 than to its own item 1 is won back by item 1 once the hub pays for its neighbourhood.
    gallery = unit([[1, 0], [0.6, 0.8]])
    reference = unit([[1, 0.05], [1, -0.05], [0.98, 0.1]])
    query = unit([[0.906, 0.423]])  # 25 degrees: item 0 is at 0, item 1 at 53
    plain = query @ gallery.T
    assert plain.argmax() == 0
    assert search.csls(plain, reference @ gallery.T, k=2).argmax() == 1


def test_centring_on_the_query_domain_removes_its_offset():
    # Queries are their gallery item plus one shared domain offset; the composites carry the same
    # offset, so centring each side on its own domain's mean matches every query to its item.
    rng = np.random.default_rng(0)
    gallery = unit(rng.normal(size=(6, 8)))
    offset = 2.0 * unit(rng.normal(size=8))
    queries = gallery + offset
    composites = gallery[rng.integers(0, 6, 40)] + offset
    ids = [str(i) for i in range(6)]
    scores = search.score_variants(gallery, unit(queries), unit(composites))
    centred = scores["each side centred on its domain (queries: composites)"]
    assert query_time.recall_from_scores(centred, ids, ids, ks=(1,)) == [1.0]
    assert query_time.recall_from_scores(scores["plain"], ids, ids, ks=(1,))[0] < 1.0


def test_recall_from_scores_matches_recall_on_embeddings():
    rng = np.random.default_rng(1)
    g, q = unit(rng.normal(size=(5, 4))), unit(rng.normal(size=(30, 4)))
    g_ids, q_ids = list("abcde"), [str(c) for c in rng.choice(list("abcde"), 30)]
    assert query_time.recall(g, q, g_ids, q_ids, ks=(1, 3)) == query_time.recall_from_scores(
        q @ g.T, g_ids, q_ids, ks=(1, 3)
    )
