"""The floors of docs/architecture.md, checked on the source: one import root,
no import running back up a floor, no stage reaching into another, no cycles."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.import_graph import REPO, Edge, cycles, edges, package_dirs

STAGES = ("segment", "synth", "train")


def floor(module: str) -> tuple[int, str]:
    """(floor, room): 1 core; 2 the stages; 3 eval; 4 the jobs, the command line, the UI, the root."""
    room = module.split(".")[1] if "." in module else "wildcat"
    if room == "core":
        return 1, room
    if room in STAGES:
        return 2, room
    if room == "eval":
        return 3, room
    return 4, room


def violations(graph: list[Edge]) -> list[str]:
    out = []
    for e in graph:
        (low, room), (high, other) = floor(e.importer), floor(e.imported)
        if high > low:
            out.append(f"{e.importer}:{e.line} imports {e.imported}, a floor above it")
        elif low == high == 2 and room != other:
            out.append(f"{e.importer}:{e.line} imports {e.imported}, another stage")
        elif low > high >= 2 and low == 3 and e.imported.count(".") > 1:
            out.append(f"{e.importer}:{e.line} imports {e.imported}, a stage's internals (use its package API)")
    return out


def test_floor_rules_catch_what_they_name():
    bad = [
        Edge("wildcat.core.config", "wildcat.synth.compose", 1, True),
        Edge("wildcat.synth.compose.paste", "wildcat.train.model", 2, False),
        Edge("wildcat.eval.sources", "wildcat.train.checkpoint", 3, False),
    ]
    good = [
        Edge("wildcat.eval.sources", "wildcat.train", 4, False),
        Edge("wildcat.pipeline.stages", "wildcat.synth.compose", 5, False),
        Edge("wildcat.synth.render.views", "wildcat.core.imageio", 6, False),
    ]
    assert len(violations(bad)) == 3
    assert violations(good) == []


def test_no_import_runs_back_up_a_floor():
    assert violations(edges()) == []


def test_no_import_cycles():
    """Every import counts, those inside functions too: one moved into a function to dodge a cycle still makes one."""
    graph: dict[str, set[str]] = {}
    for e in edges():
        graph.setdefault(e.importer, set()).add(e.imported)
    assert cycles(graph) == []
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


BARE = re.compile(r"^(segment|synth|train|eval|ui)(\.|$)")


@pytest.mark.parametrize("tree", ["wildcat", *STAGES, "eval", "ui", "tests", "bench"])
def test_everything_imports_under_one_root(tree):
    """`import eval` or `from synth...` would work from the repository root and nowhere else."""
    bare = []
    for path in sorted((REPO / tree).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            bare += [f"{path.relative_to(REPO)}:{node.lineno}: {n}" for n in names if BARE.match(n)]
    assert bare == []


def test_every_package_folder_is_installed():
    """pyproject lists the packages explicitly (package-dir maps the stage folders under wildcat.)."""
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    folders = set()
    for name, folder in package_dirs().items():
        for init in folder.rglob("__init__.py"):
            folders.add(".".join((name, *init.parent.relative_to(folder).parts)))
    assert folders == listed


def test_the_distribution_adds_one_top_level_package():
    assert {name.split(".")[0] for name in package_dirs()} == {"wildcat"}


def test_a_source_checkout_finds_the_stages_without_being_installed(tmp_path):
    """A Ray worker handed the checkout as its working_dir has no package-dir mapping: `-S` drops site-packages
    (and with it the editable install), so only the repository on PYTHONPATH can answer."""
    code = "import wildcat.synth, wildcat.train, wildcat.eval; print(wildcat.synth.__file__)"
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-S", "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert Path(out.stdout.strip()) == REPO / "synth" / "__init__.py"
