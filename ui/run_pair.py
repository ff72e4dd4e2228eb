"""The two evaluations the Runs page compares: chosen as a saved comparison
(compare/<name>/) or as any two evaluations (eval/<name>/), optionally
restricted to one market's queries, and their before/after report computed by
`eval.compare` itself so the page shows the same numbers as `wildcat eval compare`."""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

import wildcat.eval as ev
from wildcat.core.errors import WildcatError
from wildcat.core.workspace import Workspace
from wildcat.ui.catalog_info import in_market


@dataclass(frozen=True)
class RunPair:
    label: str
    before: Path | None  # evaluation folder (None: the comparison names one that is gone)
    after: Path | None
    names: tuple[str, str]
    saved_report: Path | None = None  # compare/<name>/report.json


def saved_pairs(ws: Workspace) -> list[RunPair]:
    """One pair per saved comparison, its evaluation folders found in the workspace when they moved."""
    pairs = []
    for folder in ws.comparisons():
        try:
            report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        runs = [find_evaluation(ws, r) for r in report.get("runs", ["", ""])]
        names = tuple(report.get("names", ["before", "after"]))
        pairs.append(
            RunPair(f"compare/{folder.name}", runs[0], runs[1], (str(names[0]), str(names[1])), folder / "report.json")
        )
    return pairs


def evaluations_in_order(ws: Workspace) -> list[str]:
    """The workspace's evaluations, oldest first: a job evaluates its baseline before what improves on it
    ("before" before "after", zero-shot before a fine-tune), so the first is the natural Before and the last the
    natural After. Names break ties."""
    return [e.name for e in sorted(ws.evaluations(), key=lambda e: ((e / "report.json").stat().st_mtime_ns, e.name))]


def evaluation_pair(ws: Workspace, before: str, after: str) -> RunPair:
    return RunPair(f"eval/{before} vs eval/{after}", ws.evaluation(before), ws.evaluation(after), (before, after))


def find_evaluation(ws: Workspace, recorded: str) -> Path | None:
    """The evaluation folder a comparison recorded (absolute, relative to the workspace, or by name under eval/)."""
    if not recorded:
        return None
    p = Path(recorded)
    for candidate in (p, ws.root / p, ws.evaluation(p.name)):
        if (candidate / "report.json").is_file() and (candidate / "queries.parquet").is_file():
            return candidate.resolve()
    return None


def load_evaluation(folder: str | Path) -> ev.EvalResult:
    return ev.EvalResult.load(folder)


def market_subset(result: ev.EvalResult, market_ids: set[str] | None, market: str | None) -> ev.EvalResult:
    """The result restricted to the queries of products sold in `market` (rankings unchanged: they were over the whole
    catalog)."""
    if market_ids is None:
        return result
    keep = [i for i, q in enumerate(result.queries) if in_market(q.product_id, q.locale, market_ids, market)]
    return result.subset(keep)


def compare_results(
    a: ev.EvalResult, b: ev.EvalResult, names: tuple[str, str], seed: int = 0, n_resamples: int = 1000
) -> dict[str, Any]:
    """`eval.compare`'s report of two results (figures off; its files go to a temporary folder)."""
    with tempfile.TemporaryDirectory(prefix="wildcat-ui-compare-") as tmp:
        return ev.compare(a, b, tmp, names=names, seed=seed, n_resamples=n_resamples, plots=False)


def read_saved(path: Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def common_queries(a: ev.EvalResult, b: ev.EvalResult) -> tuple[np.ndarray, np.ndarray]:
    """Row indices of the queries answerable in both runs, matched on query id, in the first run's order."""
    pos_b = {q.sample_id: i for i, q in enumerate(b.queries) if b.ranks[i] >= 0}
    ia = [i for i, q in enumerate(a.queries) if a.ranks[i] >= 0 and q.sample_id in pos_b]
    return np.array(ia, dtype=np.int64), np.array([pos_b[a.queries[i].sample_id] for i in ia], dtype=np.int64)


def pair_report(
    pair: RunPair, a: ev.EvalResult | None, b: ev.EvalResult | None, filtered: bool, n_resamples: int = 1000
) -> dict[str, Any]:
    """The saved report when it answers the question (no market filter), else one computed from the results."""
    if pair.saved_report is not None and not filtered:
        return read_saved(pair.saved_report)
    if a is None or b is None:
        raise WildcatError(
            pair.label,
            "its evaluation folders are not in the workspace, so it cannot be filtered by market",
            "choose 'All markets' or re-run the evaluations into WORKSPACE/eval/",
        )
    return compare_results(a, b, pair.names, n_resamples=n_resamples)
