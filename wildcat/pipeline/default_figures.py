"""The built-in job's published figures, and a check that a workspace reproduces them.

The README states what `wildcat run` (built-in catalog, seed 0, `demo` budget) prints. The same figures live in
`default_figures.json` beside this module; a test keeps the README and that file saying the same, and
`reproduces` compares a finished workspace with it, so a changed dependency, generator or recipe that moves the
demo's numbers is caught instead of leaving the README wrong. `wildcat run` prints the verdict.
"""

from __future__ import annotations

import json
from pathlib import Path

from wildcat.core.workspace import Workspace

FIGURES = Path(__file__).with_name("default_figures.json")
EVALUATIONS = ("zero-shot", "before", "after")
METRICS = ("recall@1", "recall@5")
TOLERANCE = 0.0015  # the README rounds to 3 decimals


def published() -> dict:
    return json.loads(FIGURES.read_text(encoding="utf-8"))


def measured(ws: Workspace) -> dict:
    """The workspace's figures in the published file's shape (missing evaluations are left out)."""
    out: dict = {}
    for name in EVALUATIONS:
        path = ws.evaluation(name) / "report.json"
        if path.is_file():
            report = json.loads(path.read_text(encoding="utf-8"))
            out[name] = {m: round(report["summary"][m]["value"], 4) for m in METRICS}
            out.setdefault("n_queries", report["meta"]["n_queries"])
    return out


def differences(ws: Workspace, expected: dict | None = None) -> list[str]:
    """What differs from the published figures, one line each ([] = reproduced)."""
    expected, got = expected or published(), measured(ws)
    lines = []
    if got.get("n_queries") != expected["n_queries"]:
        lines.append(f"queries: {got.get('n_queries')} where the README has {expected['n_queries']}")
    for name in EVALUATIONS:
        for metric in METRICS:
            want, have = expected[name][metric], got.get(name, {}).get(metric)
            if have is None or abs(have - want) > TOLERANCE:
                lines.append(f"{name} {metric}: {have} where the README has {want:.3f}")
    return lines


def verdict(ws: Workspace, seed: int, budget: str) -> str:
    """One line for `wildcat run` on the built-in catalog: reproduced, or how it differs."""
    expected = published()
    if (seed, budget) != (expected["seed"], expected["budget"]):
        return ""
    diff = differences(ws, expected)
    if not diff:
        return "these are the README's figures (reproduced)"
    return (
        "differs from the README: " + "; ".join(diff) + ". The README's figures were measured with the dependency "
        "versions of .ci/constraints.txt (pip install -c .ci/constraints.txt); other versions, or a changed "
        "generator or recipe, move them"
    )
