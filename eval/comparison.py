"""`compare`: the before/after report of two runs on the same queries.

For recall@k, MRR and mAP: each run's value with its interval, the paired
difference with its interval and p-value (paired bootstrap; McNemar's exact
test for hits), per-category deltas, both recall curves, the queries that got
better or worse with each run's top five, and both embedding maps.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from wildcat.core.atomic import write_json, write_text
from wildcat.core.seeding import sample_rng
from wildcat.eval.bootstrap import DEFAULT_RESAMPLES, curve_ci, mean_ci, resample_weights
from wildcat.eval.breakdown import slice_value
from wildcat.eval.compare_markdown import compare_markdown
from wildcat.eval.failures import GalleryRow, save_failure_gallery
from wildcat.eval.markdown import strict_json
from wildcat.eval.metrics import curve_ks, recall_curve
from wildcat.eval.paired import mcnemar_exact, paired_bootstrap
from wildcat.eval.paired_runs import align, require_common
from wildcat.eval.plots import plot_deltas, plot_embedding_maps, plot_recall_curves
from wildcat.eval.result import EvalResult, as_result

KS = (1, 5, 10)
GALLERY_EACH = 6  # queries shown per direction (better, worse)
DELTA_KEYS = ("category", "parent_category")


def compare(
    before: EvalResult | str | Path,
    after: EvalResult | str | Path,
    out_dir: str | Path,
    names: tuple[str, str] = ("before", "after"),
    ks: tuple[int, ...] = KS,
    seed: int = 0,
    n_resamples: int = DEFAULT_RESAMPLES,
    plots: bool = True,
) -> dict[str, Any]:
    """Write the before/after report (report.json, report.md, figures) into `out_dir`; return its numbers."""
    a, b = as_result(before), as_result(after)
    ia, ib = align([a, b])
    require_common(ia, names)
    ranks_a, ranks_b = a.ranks[ia], b.ranks[ib]
    report: dict[str, Any] = {
        "kind": "eval-compare",
        "names": list(names),
        "runs": [
            str(before) if not isinstance(before, EvalResult) else "",
            str(after) if not isinstance(after, EvalResult) else "",
        ],
        "meta": [a.report.get("meta", {}), b.report.get("meta", {})],
        "n_common": int(len(ia)),
        "n_queries": [len(a.queries), len(b.queries)],
        "metrics": _metrics(a, b, ia, ib, ks, seed, n_resamples),
        "deltas": {key: _group_deltas(a, ia, ranks_a, ranks_b, key, seed, n_resamples) for key in DELTA_KEYS},
        "curves": _curves(ranks_a, ranks_b, a, b, names, seed, n_resamples),
        "gap": [a.report.get("gap", {}), b.report.get("gap", {})],
    }
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    figures = _figures(a, b, ia, ib, report, out, names, seed) if plots else []
    write_json(out / "report.json", strict_json(report))
    write_text(out / "report.md", compare_markdown(report, figures))
    return report


def _metrics(a: EvalResult, b: EvalResult, ia, ib, ks, seed: int, n_resamples: int) -> dict[str, Any]:
    values = {f"recall@{k}": ((a.ranks[ia] < k).astype(float), (b.ranks[ib] < k).astype(float)) for k in ks}
    values["mrr"] = (1.0 / (a.ranks[ia] + 1.0), 1.0 / (b.ranks[ib] + 1.0))
    if np.all(np.isfinite(a.ap[ia])) and np.all(np.isfinite(b.ap[ib])):
        values["map"] = (a.ap[ia], b.ap[ib])
    weights = resample_weights(len(ia), n_resamples, sample_rng(seed, "compare", 0, "runs"))
    out = {}
    for name, (va, vb) in values.items():
        entry = {
            "a": mean_ci(va, weights),
            "b": mean_ci(vb, weights),
            "paired_bootstrap": paired_bootstrap(va, vb, sample_rng(seed, "compare", 0, f"paired/{name}"), n_resamples),
        }
        if name.startswith("recall@"):
            entry["mcnemar"] = mcnemar_exact(va, vb)
        out[name] = entry
    return out


def _group_deltas(a: EvalResult, ia, ranks_a, ranks_b, key: str, seed: int, n_resamples: int) -> dict[str, Any]:
    parents = {g.product_id: str(g.lineage.get("parent_category", "")) for g in a.gallery}
    groups: dict[str, list[int]] = defaultdict(list)
    for j, i in enumerate(ia):
        groups[slice_value(a.queries[i], key, parents)].append(j)
    out = {}
    for value, idx in sorted(groups.items()):
        ha, hb = (ranks_a[idx] < 1).astype(float), (ranks_b[idx] < 1).astype(float)
        pb = paired_bootstrap(ha, hb, sample_rng(seed, f"compare/{key}", 0, value), n_resamples)
        out[value] = {"n": len(idx), "a": float(ha.mean()), "b": float(hb.mean()), **pb}
    return out


def _curves(ranks_a, ranks_b, a: EvalResult, b: EvalResult, names, seed: int, n_resamples: int) -> dict[str, Any]:
    n_products = min(a.report["meta"]["n_products"], b.report["meta"]["n_products"])
    ks = curve_ks(n_products)
    weights = resample_weights(len(ranks_a), n_resamples, sample_rng(seed, "compare", 0, "curve"))
    curves = {}
    for name, ranks in zip(names, (ranks_a, ranks_b), strict=False):
        lo, hi = curve_ci(ranks, len(ks), weights)
        curves[name] = {
            "k": ks.tolist(),
            "recall": recall_curve(ranks, len(ks)).tolist(),
            "lo": lo.tolist(),
            "hi": hi.tolist(),
        }
    return curves


def _figures(a: EvalResult, b: EvalResult, ia, ib, report: dict[str, Any], out: Path, names, seed: int) -> list[str]:
    made = [plot_recall_curves(report["curves"], out / "recall_at_k.png").name]
    rows = [(value, d["delta"], d["lo"], d["hi"], d["n"]) for value, d in report["deltas"]["category"].items()]
    made.append(plot_deltas(rows, out / "category_deltas.png").name)
    better, worse = _changed(a.ranks[ia], b.ranks[ib])
    for label, picks in (("improved", better), ("worsened", worse)):
        gallery = [_row(a, b, ia[j], ib[j]) for j in picks]
        made.append(save_failure_gallery(gallery, out / f"queries_{label}.png", names).name)
    if a.embeddings and b.embeddings:
        rng = sample_rng(seed, "compare", 0, "map")
        made.append(
            plot_embedding_maps({names[0]: a.embeddings, names[1]: b.embeddings}, out / "embedding_maps.png", rng).name
        )
    return made


def _changed(ranks_a: np.ndarray, ranks_b: np.ndarray) -> tuple[list[int], list[int]]:
    """Queries whose rank improved / worsened most, flips at rank 1 first."""
    gain = ranks_a - ranks_b
    flip = (ranks_a == 0) != (ranks_b == 0)
    order = np.lexsort((-np.abs(gain), ~flip))
    better = [int(j) for j in order if gain[j] > 0][:GALLERY_EACH]
    worse = [int(j) for j in order if gain[j] < 0][:GALLERY_EACH]
    return better, worse


def _row(a: EvalResult, b: EvalResult, i: int, j: int) -> GalleryRow:
    q = a.queries[i]
    return GalleryRow(
        q.path,
        q.product_id,
        f"rank {a.ranks[i] + 1}->{b.ranks[j] + 1}",
        [a.topk_ids[i], b.topk_ids[j]],
        [a.top_images(i), b.top_images(j)],
    )
