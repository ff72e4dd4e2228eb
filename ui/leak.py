"""The look-alike leak rate of each run: the share of queries whose top k
holds a look-alike class from another market (a tunic among the results for
a kurti), per locale, from the installed locale packs."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

import wildcat.eval as ev
from wildcat.core.catalog import Catalog
from wildcat.core.locales import PackSet
from wildcat.eval.locale_metrics import leak_by_locale
from wildcat.ui.run_pair import common_queries


def leak_frame(
    a: ev.EvalResult, b: ev.EvalResult, names: Sequence[str], catalog: Catalog, packs: PackSet, k: int = 10
) -> pd.DataFrame | None:
    """Per locale (and "all"): queries, each run's leak rate at k, and the change; None when no catalog
    product belongs to a pack class (nothing can leak)."""
    product_classes = packs.product_classes(catalog.products)
    if not product_classes:
        return None
    look_alikes = packs.look_alike_map(other_locales_only=True)
    ia, ib = common_queries(a, b)
    keep = [n for n, i in enumerate(ia) if a.queries[i].product_id in product_classes]
    if not keep:
        return None
    query_classes = [product_classes[a.queries[ia[n]].product_id] for n in keep]
    rates = [
        leak_by_locale(_padded([r.topk_ids[i] for i in idx[keep]], k), query_classes, product_classes, look_alikes, k)
        for r, idx in ((a, ia), (b, ib))
    ]
    locales = [loc.split(":")[0] for loc in query_classes]
    rows = []
    for loc in rates[0]:
        n = len(locales) if loc == "all" else locales.count(loc)
        rows.append(
            {
                "locale": loc,
                "queries": n,
                f"leak@{k} {names[0]}": rates[0][loc],
                f"leak@{k} {names[1]}": rates[1][loc],
                "change": rates[1][loc] - rates[0][loc],
            }
        )
    return pd.DataFrame(rows)


def _padded(rows: list[list[str]], k: int) -> np.ndarray:
    """Ragged top-k lists as a (Q, k) array, "" where a row is short (padding never leaks)."""
    out = np.full((len(rows), k), "", dtype=object)
    for i, row in enumerate(rows):
        out[i, : min(k, len(row))] = row[:k]
    return out
