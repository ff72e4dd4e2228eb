"""One markdown table over several runs: the benchmark table of the docs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from wildcat.eval.markdown import ci, table
from wildcat.eval.paired_runs import gap_closed
from wildcat.eval.result import EvalResult, as_result

Run = EvalResult | str | Path


def tabulate(
    runs: Mapping[str, Run] | Sequence[str | Path],
    before: str | None = None,
    oracle: str | None = None,
    ks: Sequence[int] = (1, 5, 10),
    seed: int = 0,
) -> str:
    """Rows: each run's recall@k and MRR with intervals; with `before` and
    `oracle` (names of two of the runs), a column with the share of the gap
    closed in recall@1 and its interval."""
    named = dict(runs) if isinstance(runs, Mapping) else {Path(r).name: r for r in runs}
    results = {name: as_result(r) for name, r in named.items()}
    for role, name in (("before", before), ("oracle", oracle)):
        if name is not None and name not in results:
            raise KeyError(f"{role} run {name!r} is not among {', '.join(results)}")
    header = ["run", "queries", *(f"recall@{k}" for k in ks), "MRR"]
    with_gap = before is not None and oracle is not None
    if with_gap:
        header.append("gap closed @1")
    rows = []
    for name, res in results.items():
        s = res.report["summary"]
        row = [name, s["answerable"], *(ci(s.get(f"recall@{k}")) for k in ks), ci(s["mrr"])]
        if with_gap:
            row.append(
                "-" if name in (before, oracle) else ci(gap_closed(results[before], res, results[oracle], 1, seed), 2)
            )
        rows.append(row)
    return table(header, rows) + "\n"
