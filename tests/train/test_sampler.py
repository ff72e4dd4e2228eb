from pathlib import Path

import numpy as np
import pytest

from wildcat.core.manifest import Sample
from wildcat.train.data import build_trainset
from wildcat.train.sampler import SamplerSettings, choose_products, make_pairs, plan_batch

# 6 products in 3 subcategories; one catalog image and 3 synthetic images each
PRODUCTS = {"a1": "a", "a2": "a", "b1": "b", "b2": "b", "c1": "c", "c2": "c"}


def rows(queries_per_product: int = 3):
    out = []
    for pid, cat in PRODUCTS.items():
        out.append(
            (
                Path(f"/cat/{pid}.png"),
                Sample(
                    sample_id=f"c/{pid}",
                    path=f"/cat/{pid}.png",
                    product_id=pid,
                    domain="catalog",
                    generator="catalog",
                    category=cat,
                ),
            )
        )
        for i in range(queries_per_product):
            out.append(
                (
                    Path(f"/syn/{pid}_{i}.png"),
                    Sample(
                        sample_id=f"s/{pid}/{i}",
                        path=f"{pid}_{i}.png",
                        product_id=pid,
                        domain="synthetic",
                        generator="cutpaste",
                        category=cat,
                    ),
                )
            )
    return out


def settings(**kw):
    base = dict(
        batch_size=16, samples_per_class=4, catalog_fraction=0.25, same_category_negatives=0.8, negatives_per_query=1
    )
    return SamplerSettings(**{**base, **kw})


def test_trainset_indexes_domains_and_categories():
    ts = build_trainset(rows())
    assert ts.products == sorted(PRODUCTS)
    assert ts.categories == ["a", "b", "c"]
    assert [ts.categories[c] for c in ts.product_category] == [PRODUCTS[p] for p in ts.products]
    assert all(ts.is_catalog[ix].all() and len(ix) == 1 for ix in ts.catalog_of)
    assert all(not ts.is_catalog[ix].any() and len(ix) == 3 for ix in ts.query_of)


def test_batch_has_catalog_anchor_per_product_and_valid_pairs():
    ts = build_trainset(rows())
    plan = plan_batch(np.random.default_rng(0), ts, settings())
    assert len(plan.indices) == 16 and len(set(plan.product)) == 4
    assert ts.is_catalog[plan.indices[plan.anchor]].all()
    assert sorted(plan.product[plan.anchor]) == sorted(set(plan.product))
    assert (ts.product[plan.indices] == plan.product).all()
    a1, p, a2, n = plan.pairs
    assert len(a1) == 12 and len(a2) == 12  # one positive and one negative per query-side slot
    assert (plan.product[a1] == plan.product[p]).all() and plan.anchor[p].all() and not plan.anchor[a1].any()
    assert (plan.product[a2] != plan.product[n]).all() and plan.anchor[n].all()


def test_same_plan_for_same_seed():
    ts = build_trainset(rows())
    a = plan_batch(np.random.default_rng(7), ts, settings())
    b = plan_batch(np.random.default_rng(7), ts, settings())
    assert (a.indices == b.indices).all() and all((x == y).all() for x, y in zip(a.pairs, b.pairs, strict=False))


@pytest.mark.parametrize("fraction", [0.0, 0.5, 1.0])
def test_catalog_fraction_sets_the_query_side_mix(fraction):
    ts = build_trainset(rows())
    rng = np.random.default_rng(1)
    shares = []
    for _ in range(100):
        plan = plan_batch(rng, ts, settings(catalog_fraction=fraction))
        shares.append(ts.is_catalog[plan.indices[~plan.anchor]].mean())
    assert np.mean(shares) == pytest.approx(fraction, abs=0.05)


def test_catalog_only_products_use_catalog_views_on_both_sides():
    ts = build_trainset(rows(queries_per_product=0))
    plan = plan_batch(np.random.default_rng(2), ts, settings(catalog_fraction=0.0))
    assert ts.is_catalog[plan.indices].all()
    assert len(plan.pairs[0]) == 12


@pytest.mark.parametrize("share", [0.0, 0.8, 1.0])
def test_negatives_come_from_the_same_subcategory_at_the_configured_rate(share):
    # every product of this batch has both a same-category and an other-category rival
    slot_product = np.repeat(np.arange(6), 4)
    anchor = np.tile([True, False, False, False], 6)
    category = np.array([0, 0, 1, 1, 2, 2])
    rng = np.random.default_rng(3)
    same = []
    for _ in range(100):
        a1, p, a2, n = make_pairs(rng, slot_product, anchor, category, share, negatives=2)
        same.append(category[slot_product[a2]] == category[slot_product[n]])
    assert np.concatenate(same).mean() == pytest.approx(share, abs=0.04)


def test_products_grouped_by_subcategory():
    category = np.repeat(np.arange(10), 2)  # 10 subcategories of 2 products
    rng = np.random.default_rng(4)
    grouped = [choose_products(rng, category, 4, 1.0) for _ in range(50)]
    # with share 1.0 the 4 products come as 2 complete subcategories
    assert all(len(set(category[g])) == 2 for g in grouped)
    spread = [choose_products(rng, category, 4, 0.0) for _ in range(50)]
    assert np.mean([len(set(category[g])) for g in spread]) > 3.0
    assert all(len(set(g)) == 4 for g in grouped + spread)
