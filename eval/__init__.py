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
    "evaluate": "wildcat.eval.evaluation",
    "DEFAULT_KS": "wildcat.eval.evaluation",
    "EvalResult": "wildcat.eval.result",
    "write_report": "wildcat.eval.report",
    "compare": "wildcat.eval.comparison",
    "gap_closed": "wildcat.eval.paired_runs",
    "tabulate": "wildcat.eval.table",
    "Embedder": "wildcat.eval.embedder",
    "embed_samples": "wildcat.eval.embedder",
    "query_side": "wildcat.eval.embedder",
    "EmbeddingCache": "wildcat.eval.cache",
    "ColorHistogramEmbedder": "wildcat.eval.baselines",
    "ProductIndex": "wildcat.eval.product_index",
    "Hit": "wildcat.eval.product_index",
    "IndexSpec": "wildcat.eval.index",
    "build_index": "wildcat.eval.index",
    "IndexFileError": "wildcat.eval.index_file",
    "rank_products": "wildcat.eval.ranking",
    "recall_curve": "wildcat.eval.metrics",
    "mcnemar_exact": "wildcat.eval.paired",
    "paired_bootstrap": "wildcat.eval.paired",
    "bootstrap_mean": "wildcat.eval.bootstrap",
    "frechet_distance": "wildcat.eval.gap",
    "kid": "wildcat.eval.gap",
    "domain_gap": "wildcat.eval.gap",
    "DEFAULT_SLICES": "wildcat.eval.breakdown",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'eval' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
