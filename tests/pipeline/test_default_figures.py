"""The README's default-job figures and wildcat/pipeline/default_figures.json say the same, and a workspace that
does not reproduce them is caught, metric by metric."""

from __future__ import annotations

import json
from pathlib import Path

from wildcat.core.workspace import Workspace
from wildcat.pipeline.default_figures import EVALUATIONS, METRICS, differences, published, verdict

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_states_the_published_figures():
    text = " ".join(README.read_text(encoding="utf-8").split())
    figures = published()
    opening = text[: text.index("## The number that matters")]
    for name in EVALUATIONS:
        for metric in METRICS:
            assert f"{figures[name][metric]:.3f}" in opening, (name, metric)
    assert f"{figures['n_queries']} queries" in opening
    assert f"seed {figures['seed']}, `{figures['budget']}` budget" in opening


def _workspace(root: Path, figures: dict) -> Workspace:
    ws = Workspace.at(root)
    for name in EVALUATIONS:
        ws.evaluation(name).mkdir(parents=True)
        summary = {m: {"value": figures[name][m]} for m in METRICS}
        report = {"summary": summary, "meta": {"n_queries": figures["n_queries"]}}
        (ws.evaluation(name) / "report.json").write_text(json.dumps(report))
    return ws


def test_a_workspace_is_checked_against_them(tmp_path):
    figures = published()
    assert differences(_workspace(tmp_path / "same", figures)) == []
    assert "reproduced" in verdict(_workspace(tmp_path / "again", figures), figures["seed"], figures["budget"])
    drifted = json.loads(json.dumps(figures))
    drifted["after"]["recall@1"] = figures["after"]["recall@1"] + 0.01
    drifted["n_queries"] = figures["n_queries"] - 1
    lines = differences(_workspace(tmp_path / "drifted", drifted))
    assert len(lines) == 2 and lines[0].startswith("queries") and lines[1].startswith("after recall@1")
    text = verdict(_workspace(tmp_path / "d2", drifted), figures["seed"], figures["budget"])
    assert text.startswith("differs from the README") and ".ci/constraints.txt" in text
    assert verdict(_workspace(tmp_path / "d3", drifted), figures["seed"] + 1, figures["budget"]) == ""  # not the demo
