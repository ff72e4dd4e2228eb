"""The grocery-store benchmark from a pretrained backbone: every protocol at one budget, over seeds.

    .venv/bin/python bench/grocery_pretrained.py --budget pretrained --seeds 0 1 2 --out workspace/grocery \\
        [--root ../shared/data/grocery_store] [--tabulate-only]

Runs (or reads back) zero-shot, catalog-only, synthetic, synthetic+unlabeled and
oracle, then writes OUT/pretrained-BUDGET-seeds-....md: recall@1/@5 per protocol
(mean over seeds, each seed's value), and the share of the gap closed from the
best baseline without wildcat's data (the better of zero-shot and catalog-only,
at each rank) to the oracle, by the seed means with a 95% bootstrap interval.
The zero-real protocols answer the 2,936 dev photos (train + val); the oracle
trained on `train`, so every gap is measured on the queries all protocols share
(the 296 `val` photos), and each protocol's dev recall is reported beside it.
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wildcat.eval.markdown import ci, table  # noqa: E402
from wildcat.eval.paired_runs import gap_closed  # noqa: E402
from wildcat.eval.result import as_result  # noqa: E402
from wildcat.pipeline.grocery import PROTOCOLS  # noqa: E402

from bench.grocery_ablation import DEFAULT_ROOT, _spread, run_one  # noqa: E402

BASELINES = ("zero-shot", "catalog-only")
ZERO_REAL = ("synthetic", "synthetic+unlabeled")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--out", type=Path, default=Path("workspace/grocery"))
    ap.add_argument("--budget", default="pretrained")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    ap.add_argument("--tabulate-only", action="store_true", help="run nothing: tabulate the finished runs")
    args = ap.parse_args()
    runs = {
        p: [
            r
            for s in args.seeds
            if (r := run_one(args.root, args.out, args.budget, s, p, None, not args.tabulate_only))
        ]
        for p in PROTOCOLS
    }
    text = summary_table(runs)
    path = args.out / f"pretrained-{args.budget}-seeds-{'-'.join(map(str, args.seeds))}.md"
    path.write_text(text, encoding="utf-8")
    print(text)


def summary_table(runs: dict[str, list[Path]]) -> str:
    """Rows per protocol: dev recall (seed means, each seed), val recall, and the gap closed at @1 and @5."""
    result = functools.cache(as_result)
    missing = [p for p in PROTOCOLS if not runs.get(p)]
    if any(p in missing for p in (*BASELINES, "oracle")):
        raise SystemExit(f"finish the reference protocols first (missing: {', '.join(missing)})")
    val = {p: [_val_recall(result(r)) for r in runs[p]] for p in PROTOCOLS if runs.get(p)}
    best = {k: max(BASELINES, key=lambda p: float(np.mean([v[k] for v in val[p]]))) for k in (1, 5)}
    dev_mean = {p: {k: float(np.mean([result(r).hits(k).mean() for r in runs[p]])) for k in (1, 5)} for p in BASELINES}
    best_dev = {k: max(BASELINES, key=lambda p: dev_mean[p][k]) for k in (1, 5)}
    header = ["protocol", "seeds", "recall@1 (dev)", "recall@5 (dev)", "recall@1 (val)", "recall@5 (val)"]
    header += ["gap closed @1 (val)", "gap closed @5 (val)", "gap closed @1 (dev)", "gap closed @5 (dev)"]
    lines = []
    for p in PROTOCOLS:
        if not runs.get(p):
            continue
        reps = [result(r) for r in runs[p]]
        dev = [_spread([float(r.hits(k).mean()) for r in reps]) if p != "oracle" else "-" for k in (1, 5)]
        val_cells = [_spread([v[k] for v in val[p]]) for k in (1, 5)]
        closed = [_closed(result, runs, p, best[k], k, on_val) for k in (1, 5)]
        closed += [_closed(result, runs, p, best_dev[k], k, lambda r: r) for k in (1, 5)]
        lines.append([p, len(reps), *dev, *val_cells, *closed])
    note = (
        f"Best baseline without wildcat's data: on val {_ranks(best)}; on dev {_ranks(best_dev)}. "
        "Gap closed = (protocol - best baseline) / (oracle - best baseline), by the seed means, "
        "95% bootstrap interval: (val) every protocol on the 296 val photos, resampled jointly; "
        "(dev) the zero-real protocols on their 2,936 dev photos against the oracle on val, resampled apart.\n\n"
    )
    if missing:
        note += f"Not finished (left out): {', '.join(missing)}.\n\n"
    return note + table(header, lines) + "\n"


def _ranks(best: dict[int, str]) -> str:
    return f"{best[1]} at both ranks" if best[1] == best[5] else f"{best[1]} at recall@1, {best[5]} at recall@5"


def on_val(res):
    """The result on the val photos alone: the queries every protocol answers, the oracle included."""
    return res.subset([i for i, q in enumerate(res.queries) if q.split == "val"])


def _val_recall(res) -> dict[int, float]:
    val = on_val(res)
    return {k: float(val.hits(k).mean()) for k in (1, 5)}


def _closed(result, runs: dict[str, list[Path]], protocol: str, baseline: str, k: int, queries) -> str:
    if protocol not in ZERO_REAL:
        return "-"
    closed = gap_closed(*([queries(result(r)) for r in runs[p]] for p in (baseline, protocol, "oracle")), k)
    return "-" if np.isnan(closed["value"]) else f"{ci(closed, 2)} ({closed['method']})"


if __name__ == "__main__":
    main()
