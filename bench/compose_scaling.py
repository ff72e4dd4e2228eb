"""Compose throughput with worker processes: `wildcat synth compose` run as a user runs it, a fresh process
each time, with `--executor local` (one process) against `--executor processes --workers W`, interleaved round
by round.

    .venv/bin/python bench/compose_scaling.py [--per-product 10] [--workers 2] [--rounds 3] [--out FILE.json]
    .venv/bin/python bench/compose_scaling.py --probe [--per-product 40] [--workers 2]

Catalog: the Grocery Store iconic images (81 products; needs ../shared/data/grocery_store). Foregrounds:
whitebg cutouts made once in a temporary folder; the procedural background bank is rendered once beforehand
(not timed). Each timed run writes a fresh dataset folder, so it makes every composite, from a cold start
(imports, decoding foregrounds and backgrounds) as a command does. The speed-up is the local command's wall
time over the pool's, per round; the median is reported, with the CPU seconds the commands used (all their
processes). Every run's images are checked to be the same bytes as the local run's.

--probe looks inside one batch instead, in this process: the pool's time to its first result, the driver's
CPU seconds, and the rate from the first result to the last, against the same batch run in this process.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wildcat.core.processes import ProcessExecutor, available_cores  # noqa: E402
from wildcat.segment import SegmentConfig, segment_catalog  # noqa: E402
from wildcat.synth.compose import ComposeConfig, compose_dataset  # noqa: E402

GROCERY = Path(__file__).resolve().parents[2] / "shared" / "data" / "grocery_store"


def images(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted((folder / "images").rglob("*")) if p.is_file()
    }


def timed(out: Path, cutouts: Path, bank: Path, per_product: int, size: int, executor: list[str]) -> dict:
    """Wall seconds of one `wildcat synth compose` command, and of its batch of composites alone (without the
    imports before it and the COCO file and contact sheet after it)."""
    cmd = [sys.executable, "-m", "wildcat", "synth", "compose", str(GROCERY), "--foregrounds", str(cutouts)]
    cmd += ["--out", str(out), "--per-product", str(per_product), "--size", str(size), "--bank-dir", str(bank)]
    cmd += ["--seed", "0", "--no-progress", *executor]
    start = time.perf_counter()
    printed = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    wall = time.perf_counter() - start
    batch = float(re.search(r" in ([0-9.]+) s", printed).group(1))  # the batch's own line (BatchSummary.line)
    return {"wall_s": wall, "batch_s": batch}


class Probe(ProcessExecutor):
    """The process executor, timing its own results."""

    def map(self, work, tasks):
        start, cpu, first, n = time.perf_counter(), time.process_time(), None, 0
        for outcome in super().map(work, tasks):
            first, n = first or time.perf_counter(), n + 1
            yield outcome
        self.figures = {
            "first_result_s": first - start,
            "driver_cpu_s": time.process_time() - cpu,
            "after_first_per_s": (n - 1) / (time.perf_counter() - first),
            "total_s": time.perf_counter() - start,
        }


def probe(tmp: Path, cutouts: Path, bank: Path, per_product: int, size: int, workers: list[int]) -> dict:
    cfg = ComposeConfig(per_product=per_product, size=size, bank_dir=str(bank))
    out: dict[str, dict] = {}
    for w in [1, *workers]:
        executor = Probe(w, min_tasks=1) if w > 1 else None
        start = time.perf_counter()
        summary = compose_dataset(
            GROCERY, [cutouts], tmp / f"probe-{w}", cfg, seed=0, progress=False, executor=executor
        )
        out[f"{w} workers"] = getattr(executor, "figures", {"total_s": time.perf_counter() - start})
        out[f"{w} workers"]["per_s"] = summary.produced / out[f"{w} workers"]["total_s"]
        print(w, out[f"{w} workers"], flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--per-product", type=int, default=10)
    ap.add_argument("--workers", type=lambda v: [int(w) for w in v.split(",")], default=[2], help="e.g. 2,4,16")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--size", type=int, default=256)
    ap.add_argument("--out", type=Path, default=None, help="write the figures as JSON")
    ap.add_argument("--probe", action="store_true", help="time inside one batch (see above)")
    args = ap.parse_args()
    if not GROCERY.is_dir():
        sys.exit(f"{GROCERY} not found: this benchmark needs the Grocery Store catalog")
    tmp = Path(tempfile.mkdtemp(prefix="compose-scaling-"))
    cutouts, bank = tmp / "cutouts", tmp / "bank"
    segment_catalog(GROCERY, cutouts, SegmentConfig(backend="whitebg"), seed=0, progress=False)
    timed(tmp / "warm", cutouts, bank, 1, args.size, ["--executor", "local"])  # renders the bank once
    if args.probe:
        print(json.dumps(probe(tmp, cutouts, bank, args.per_product, args.size, args.workers), indent=2))
        return

    setups = {"local": ["--executor", "local"]}
    setups.update({f"{w} workers": ["--executor", "processes", "--workers", str(w)] for w in args.workers})
    runs: dict[str, list[dict]] = {name: [] for name in setups}
    for r in range(args.rounds):
        for name, executor in setups.items():
            out = tmp / f"{name.replace(' ', '-')}-{r}"
            runs[name].append(timed(out, cutouts, bank, args.per_product, args.size, executor))
            if name != "local":
                assert images(out) == images(tmp / f"local-{r}"), f"{name} made other bytes"
            speed = runs["local"][-1]["batch_s"] / runs[name][-1]["batch_s"]
            print(f"round {r}: {name}: {runs[name][-1]} (batch x{speed:.2f})", flush=True)
    made = len(images(tmp / "local-0"))
    result = {
        "available_cores": available_cores(),
        "composites": made,
        "per_product": args.per_product,
        "batch_speedup_median": {
            name: statistics.median(b["batch_s"] / r["batch_s"] for b, r in zip(runs["local"], rows, strict=True))
            for name, rows in runs.items()
        },
        "size": args.size,
        "runs": runs,
        "speedup_median": {
            name: statistics.median(b["wall_s"] / r["wall_s"] for b, r in zip(runs["local"], rows, strict=True))
            for name, rows in runs.items()
        },
    }
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
