"""The exact command that fills each missing part of a workspace, so an empty
page always says what to run next."""

from __future__ import annotations

import shlex
from pathlib import Path

from wildcat.core.workspace import Workspace


def _q(path: Path) -> str:
    return shlex.quote(str(path))


def no_workspace(ws: Workspace) -> str:
    return f"mkdir -p {_q(ws.root)} && {no_catalog(ws)}"


def no_catalog(ws: Workspace) -> str:
    return f"wildcat catalog import PATH/TO/CATALOG --out {_q(ws.catalog)}"


def no_datasets(ws: Workspace) -> str:
    return (
        f"wildcat segment run {_q(ws.catalog)} --out {_q(ws.data('cutouts'))}\n"
        f"wildcat synth compose {_q(ws.catalog)} --foregrounds {_q(ws.data('cutouts'))} --out {_q(ws.data('cutpaste'))}"
    )


def no_runs(ws: Workspace) -> str:
    return (
        f"wildcat train --catalog {_q(ws.catalog)} --out {_q(ws.run('before'))}\n"
        f"wildcat train --catalog {_q(ws.catalog)} --data {_q(ws.data('cutpaste'))} --out {_q(ws.run('after'))}"
    )


def no_evaluations(ws: Workspace, runs: list[str] | None = None) -> str:
    names = runs or ["before", "after"]
    return "\n".join(
        f"wildcat eval run --checkpoint {_q(ws.run(n) / 'final.pt')} --catalog {_q(ws.catalog)} --out "
        f"{_q(ws.evaluation(n))}"
        for n in names
    )


def no_comparison(ws: Workspace, before: str = "before", after: str = "after") -> str:
    out = ws.comparison(f"{before}-vs-{after}")
    return f"wildcat eval compare {_q(ws.evaluation(before))} {_q(ws.evaluation(after))} --out {_q(out)}"


def no_locale_pack(ws: Workspace) -> str:
    return f"wildcat locale add en-IN --workspace {_q(ws.root)}"


def no_wild_queries(ws: Workspace) -> str:
    return (
        f"wildcat catalog import PATH/TO/GROCERY_STORE_DATASET --out {_q(ws.catalog)}   # a catalog with labelled "
        "photos\n"
        f"wildcat locale demo en-IN --out {_q(ws.data('demo-en-IN'))}   # or offline demo photos"
    )


#: The steps of the pipeline in order; a page needs those up to some step.
STEPS = ("catalog", "datasets", "runs", "evaluations")


def missing_steps(ws: Workspace, upto: str) -> str:
    """The commands of every missing step from the catalog up to `upto` ("datasets", "runs", "evaluations"), in
    order."""
    have = {
        "catalog": ws.catalog.is_file(),
        "datasets": bool(ws.datasets()),
        "runs": len(ws.runs()) >= 2,
        "evaluations": len(ws.evaluations()) >= 2,
    }
    make = {
        "catalog": no_catalog,
        "datasets": no_datasets,
        "runs": no_runs,
        "evaluations": lambda w: no_evaluations(w, [r.name for r in w.runs()] if len(w.runs()) >= 2 else None),
    }
    steps = STEPS[: STEPS.index(upto) + 1]
    return "\n".join(make[s](ws) for s in steps if not have[s])
