"""wildcat stage: eval. In-the-wild retrieval: recall before vs after, faiss search, reports.

    result = eval.evaluate(embedder, gallery_samples, query_samples, seed=0)
    eval.write_report(result, "runs/after")
    eval.compare("runs/before", "runs/after", "runs/compare")
    eval.gap_closed("runs/before", "runs/after", "runs/oracle")
    print(eval.tabulate({"before": ..., "after": ..., "oracle": ...}, before="before", oracle="oracle"))

Names resolve on first use, so `wildcat --help` (which imports eval.cli) does
not pay for scipy, faiss or matplotlib.
"""
from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "evaluate": "eval.evaluation",
    "DEFAULT_KS": "eval.evaluation",
    "EvalResult": "eval.result",
    "write_report": "eval.report",
    "compare": "eval.comparison",
    "gap_closed": "eval.paired_runs",
    "tabulate": "eval.table",
    "Embedder": "eval.embedder",
    "embed_samples": "eval.embedder",
    "query_side": "eval.embedder",
    "EmbeddingCache": "eval.cache",
    "ColorHistogramEmbedder": "eval.baselines",
    "ProductIndex": "eval.product_index",
    "Hit": "eval.product_index",
    "IndexSpec": "eval.index",
    "build_index": "eval.index",
    "IndexFileError": "eval.index_file",
    "rank_products": "eval.ranking",
    "recall_curve": "eval.metrics",
    "mcnemar_exact": "eval.paired",
    "paired_bootstrap": "eval.paired",
    "bootstrap_mean": "eval.bootstrap",
    "frechet_distance": "eval.gap",
    "kid": "eval.gap",
    "domain_gap": "eval.gap",
    "DEFAULT_SLICES": "eval.breakdown",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'eval' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
