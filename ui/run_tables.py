"""Tables and chart data from a before/after report (the dict `eval.compare`
writes to report.json): recall curves, the paired test, per-category deltas
and the domain gap."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd


def fmt_ci(block: dict[str, float], digits: int = 3) -> str:
    """ "0.412 [0.380, 0.445]" from {"value"/"delta", "lo", "hi"}."""
    value = block.get("value", block.get("delta", float("nan")))
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:.{digits}f} [{block['lo']:.{digits}f}, {block['hi']:.{digits}f}]"


def curve_frame(report: dict[str, Any]) -> pd.DataFrame:
    """Long format: model, k, recall, lo, hi (one row per model and k)."""
    rows = []
    for model, c in report.get("curves", {}).items():
        rows += [
            {"model": model, "k": k, "recall": r, "lo": lo, "hi": hi}
            for k, r, lo, hi in zip(c["k"], c["recall"], c["lo"], c["hi"], strict=False)
        ]
    return pd.DataFrame(rows, columns=["model", "k", "recall", "lo", "hi"])


def metric_frame(report: dict[str, Any]) -> pd.DataFrame:
    """The paired test per metric: each run with its interval, the difference, its p-value, McNemar's counts."""
    a, b = report["names"]
    rows = []
    for metric, m in sorted(report["metrics"].items(), key=lambda kv: _metric_order(kv[0])):
        pb, mc = m["paired_bootstrap"], m.get("mcnemar")
        rows.append(
            {
                "metric": metric,
                a: fmt_ci(m["a"]),
                b: fmt_ci(m["b"]),
                "delta [95% CI]": fmt_ci(pb),
                "p (paired bootstrap)": f"{pb['p']:.3g}",
                f"only {a}": str(mc["only_a"]) if mc else "",  # queries only this run got (McNemar's counts)
                f"only {b}": str(mc["only_b"]) if mc else "",
                "p (McNemar exact)": f"{mc['p']:.3g}" if mc else "",
            }
        )
    return pd.DataFrame(rows)


def _metric_order(metric: str) -> tuple[int, int]:
    """recall@1, recall@5, ... by k, then MRR, then mAP."""
    if metric.startswith("recall@"):
        return 0, int(metric.split("@")[1])
    return (1, 0) if metric == "mrr" else (2, 0)


def category_frame(report: dict[str, Any], key: str = "category") -> pd.DataFrame:
    """recall@1 per category: n, each run, the paired difference with its interval and p-value; biggest changes
    first."""
    a, b = report["names"]
    rows = [
        {
            key: value,
            "n": d["n"],
            f"{a} R@1": d["a"],
            f"{b} R@1": d["b"],
            "delta": d["delta"],
            "lo": d["lo"],
            "hi": d["hi"],
            "p": d["p"],
        }
        for value, d in report.get("deltas", {}).get(key, {}).items()
    ]
    frame = pd.DataFrame(rows, columns=[key, "n", f"{a} R@1", f"{b} R@1", "delta", "lo", "hi", "p"])
    return frame.sort_values("delta", key=lambda s: -s.abs(), kind="stable").reset_index(drop=True)


def gap_frame(report: dict[str, Any]) -> pd.DataFrame:
    """Fréchet distance and KID per domain pair, under each model (smaller = closer domains)."""
    names = report["names"]
    gaps = report.get("gap") or [{}, {}]
    pairs = sorted({p for g in gaps for p in (g or {}).get("pairs", {})})
    rows = []
    for pair in pairs:
        row: dict[str, Any] = {"domains": pair.replace("|", " vs ")}
        for name, g in zip(names, gaps, strict=False):
            v = (g or {}).get("pairs", {}).get(pair, {})
            row[f"Fréchet {name}"] = v.get("frechet")
            row[f"KID {name}"] = v.get("kid")
        rows.append(row)
    return pd.DataFrame(rows)


def gap_counts(report: dict[str, Any]) -> str:
    """ "catalog: 81, wild: 2936" per model, or "" when no gap was measured."""
    parts = []
    for name, g in zip(report["names"], report.get("gap") or [], strict=False):
        n = (g or {}).get("n", {})
        if n:
            parts.append(f"{name}: " + ", ".join(f"{d} {c}" for d, c in n.items()))
    return "; ".join(parts)
