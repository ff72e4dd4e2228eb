"""`write_report`: one run's folder with every number, a summary and figures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from wildcat.core.atomic import write_text
from wildcat.core.seeding import sample_rng
from wildcat.eval.failures import GalleryRow, save_failure_gallery
from wildcat.eval.markdown import ci, num, table
from wildcat.eval.plots import plot_embedding_maps, plot_recall_curves
from wildcat.eval.result import EvalResult

CURVE_PNG = "recall_at_k.png"
MAP_PNG = "embedding_map.png"
FAILURES_PNG = "failures.png"
GALLERY_ROWS = 12
MAIN_KS = (1, 5, 10)


def write_report(result: EvalResult, out_dir: str | Path, plots: bool = True, map_method: str = "pca") -> Path:
    """Write report.json, queries.parquet, gallery.parquet, embeddings.npz, report.md and the figures."""
    out = result.save(out_dir)
    figures = _figures(result, out, map_method) if plots else []
    write_text(out / "report.md", run_markdown(result.report, figures))
    return out


def _figures(result: EvalResult, out: Path, map_method: str) -> list[str]:
    made = [plot_recall_curves({"this run": result.report["curve"]}, out / CURVE_PNG).name]
    if any(len(v) for v in result.embeddings.values()):
        rng = sample_rng(result.report["meta"]["seed"], "map", 0, map_method)
        made.append(plot_embedding_maps({"run": result.embeddings}, out / MAP_PNG, rng, map_method).name)
    rows = _worst_queries(result)
    save_failure_gallery(rows, out / FAILURES_PNG, ["top"])
    return made + [FAILURES_PNG]


def _worst_queries(result: EvalResult) -> list[GalleryRow]:
    """The misses at rank 1 with the worst rank first (the failures to look at)."""
    order = [i for i in np.argsort(-result.ranks, kind="stable") if result.ranks[i] > 0][:GALLERY_ROWS]
    return [
        GalleryRow(
            result.queries[i].path,
            result.queries[i].product_id,
            f"rank {result.ranks[i] + 1} {result.queries[i].product_id}",
            [result.topk_ids[i]],
            [result.top_images(i)],
        )
        for i in order
    ]


def run_markdown(report: dict[str, Any], figures: list[str]) -> str:
    meta, s = report["meta"], report["summary"]
    ks = [k for k in MAIN_KS if f"recall@{k}" in s] or [int(k) for k in meta["ks"][:3]]
    lines = [
        "# Evaluation report",
        "",
        f"Embedder `{meta['embedder']}` (checkpoint `{meta['checkpoint_hash']}`), index `{meta['index']}`,"
        f" filter `{meta['filter_by']}`, query crop padding `{meta['crop_padding']}`.",
        f"{meta['n_queries']} queries ({', '.join(meta['query_splits'])}; {s['answerable']} with their product in the "
        "gallery)"
        f" against {meta['n_products']} products / {meta['n_gallery_images']} gallery images."
        f" Intervals: 95% bootstrap over queries, {meta['n_resamples']} resamples, seed {meta['seed']}.",
        "",
        table(
            ["metric", "value [95% CI]"],
            [[f"recall@{k}", ci(s[f"recall@{k}"])] for k in ks] + [["MRR", ci(s["mrr"])], ["mAP", ci(s["map"])]],
        ),
        "",
    ]
    for key, groups in report["slices"].items():
        lines += [f"## By {key}", "", _slice_table(groups, ks), ""]
    lines += _gap_lines(report.get("gap", {}))
    if report.get("rejects", {}).get("count"):
        lines += [
            f"{report['rejects']['count']} images could not be read and were skipped (listed in report.json).",
            "",
        ]
    lines += [f"![{f}]({f})" for f in figures]
    return "\n".join(lines) + "\n"


def _slice_table(groups: dict[str, Any], ks) -> str:
    rows = [[value, b["n"], *(ci(b[f"recall@{k}"]) for k in ks), num(b["mrr"]["value"])] for value, b in groups.items()]
    return table(["value", "n", *(f"recall@{k}" for k in ks), "MRR"], rows)


def _gap_lines(gap: dict[str, Any]) -> list[str]:
    if not gap.get("pairs"):
        return []
    rows = [
        [pair.replace("|", " vs "), num(v["frechet"]), f"{num(v['kid'], 4)} ± {num(v['kid_std'], 4)}"]
        for pair, v in gap["pairs"].items()
    ]
    counts = ", ".join(f"{d}: {n}" for d, n in gap["n"].items())
    return [
        "## Domain gap (on this model's embeddings)",
        "",
        f"Images per domain: {counts}.",
        "",
        table(["domains", "Fréchet", "KID"], rows),
        "",
    ]
