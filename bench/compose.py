"""Benchmark the compositor: composites per second per core at 256x256, JPEG encoding included,
per layout, and where the time goes.

    OMP_NUM_THREADS=1 .venv/bin/python bench/compose.py [--n 400] [--size 256] [--fast] [--repeat 3]
        [--sections] [--profile] [--features] [--digest]

Foregrounds: quick white-threshold cutouts of the Grocery Store iconic images
when ../shared/data/grocery_store exists (made in a temporary folder, never in
the repository), else coloured discs and boxes. Backgrounds: the procedural
bank (rendered once into --bank-dir, then reused). One process, one OpenCV
thread; the rate per core is samples / CPU seconds of this process, which is
less sensitive than wall time to other jobs sharing the machine (reported too).
With --repeat R the same samples are timed R times and each sample's least CPU
time counts: on a shared machine that is the figure least inflated by the
other jobs. --sections times the stages of a sample without a profiler (whose
per-call overhead inflates the many small calls of a pile); --profile prints
cProfile's view. --features prices each feature: the rate with it switched off,
one at a time, as a ratio to the default's, all timed in turns sample by sample
in one process. --digest prints a hash of the bytes and lineage of fixed
samples (three presets): a change meant to keep the output must leave it as is.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import hashlib
import io
import json
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wildcat.synth.backgrounds import BackgroundBank  # noqa: E402
from wildcat.synth.compose.config import ComposeConfig, default_profiles  # noqa: E402
from wildcat.synth.compose.job import Job, ProductInfo  # noqa: E402
from wildcat.synth.compose.sample import make_sample  # noqa: E402

GROCERY = Path(__file__).resolve().parents[2] / "shared" / "data" / "grocery_store"
FAST = {
    "harmonize": {"weights": {"none": 1.0}},
    "blend": {"weights": {"alpha": 1.0}},
    "effects": {
        "blur_prob": 0,
        "noise_prob": 0,
        "white_balance_prob": 0,
        "brightness_contrast_prob": 0,
        "vignette_prob": 0,
    },
    "occlusion": {"prob": 0},
    "shadow": {"prob": 0},
}


def grocery_foregrounds(tmp: Path) -> tuple[dict[str, ProductInfo], dict[str, list[str]]]:
    """Cutouts of the iconic images by flood-filling the white border (a stand-in for segment/)."""
    from wildcat.core.catalog import load_catalog
    from wildcat.core.imageio import load_array, save_image

    catalog = load_catalog(GROCERY)
    infos, files = {}, {}
    for p in catalog.products:
        rgb = load_array(p.images[0], "RGB")
        white = (rgb.min(axis=2) > 225).astype(np.uint8)
        _, lab = cv2.connectedComponents(white)
        border = np.unique(np.concatenate([lab[0], lab[-1], lab[:, 0], lab[:, -1]]))
        alpha = np.where(np.isin(lab, border[border > 0]), 0, 255).astype(np.uint8)
        path = tmp / f"{len(files):03d}.png"
        save_image(path, np.dstack([rgb, cv2.GaussianBlur(alpha, (0, 0), 0.8)]))
        infos[p.id] = ProductInfo(p.id, p.category, p.parent_category, "")
        files[p.id] = [str(path)]
    return infos, files


def synthetic_foregrounds(tmp: Path) -> tuple[dict[str, ProductInfo], dict[str, list[str]]]:
    from wildcat.core.imageio import save_image

    rng = np.random.default_rng(0)
    infos, files = {}, {}
    for i in range(24):
        rgba = np.zeros((200, 200, 4), np.uint8)
        color = tuple(int(v) for v in rng.integers(30, 230, 3))
        package = i % 3 == 0
        if package:
            cv2.rectangle(rgba, (60, 10), (140, 190), (*color, 255), -1)
        else:
            cv2.circle(rgba, (100, 100), 90, (*color, 255), -1)
        path = tmp / f"{i:03d}.png"
        save_image(path, rgba)
        pid = f"p{i:02d}"
        infos[pid] = ProductInfo(pid, "Milk" if package else "Apple", "Packages" if package else "Fruit", "")
        files[pid] = [str(path)]
    return infos, files


def run(job: Job, products: list[str], n: int, offset: int) -> tuple[float, float, list[tuple[str, float]]]:
    """(wall s, CPU s, [(layout, CPU s) per sample]) of samples offset .. offset + n - 1."""
    times = []
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(n):
        c0 = time.process_time()
        _, lineage = make_sample(job, products[i % len(products)], offset + i)
        times.append((lineage["layout"], time.process_time() - c0))
    return time.perf_counter() - wall, time.process_time() - cpu, times


def best_of(job: Job, products: list[str], n: int, repeat: int) -> tuple[float, list[tuple[str, float]]]:
    """Wall seconds of the first pass, and each sample's least CPU time over `repeat` passes."""
    runs = [run(job, products, n, 0) for _ in range(max(1, repeat))]
    least = [min(r[2][i][1] for r in runs) for i in range(n)]
    return runs[0][0], [(layout, t) for (layout, _), t in zip(runs[0][2], least, strict=False)]


def _layouts_only(keep) -> dict:
    """ComposeConfig overrides: the default profiles with only the layouts `keep(name)` accepts (hero if none)."""
    profiles = []
    for p in default_profiles():
        layouts = {k: v for k, v in p.layouts.items() if keep(k)} or {"hero": 1.0}
        profiles.append(p.model_copy(update={"layouts": layouts}))
    return {"profiles": profiles}


#: (label, ComposeConfig overrides) that --features prices: one feature off at a time, then whole presets.
FEATURES = [
    ("no piles (their samples drawn from the other layouts)", _layouts_only(lambda k: k != "pile")),
    ("no held products (hand layout)", _layouts_only(lambda k: k != "hand")),
    ("no bags", _layouts_only(lambda k: k != "bag")),
    ("no shelf facings", _layouts_only(lambda k: k != "shelf")),
    ("pile cap 20 instances (default 45)", {"placement": {"pile_max_instances": 20}}),
    ("2 shared pile copies per product (default 4)", {"placement": {"variants": 2}}),
    ("held product's backdrop in focus", {"placement": {"backdrop_blur": (0.0, 0.0)}}),
    ("colour harmonisation off", {"harmonize": FAST["harmonize"]}),
    ("edge blending off (hard alpha)", {"blend": FAST["blend"]}),
    ("camera effects off (JPEG kept)", {"effects": {**FAST["effects"], "indoor_light": False}}),
    ("occluders off", {"occlusion": FAST["occlusion"]}),
    ("contact shadows off", {"shadow": FAST["shadow"]}),
    ("fast preset (the five above off, indoor light kept)", FAST),
    ("single objects only (hero layout)", _layouts_only(lambda k: k == "hero")),
    ("plain cut-and-paste (fast preset, single objects only)", {**FAST, **_layouts_only(lambda k: k == "hero")}),
]


def feature_costs(make_job, products: list[str], n: int, repeat: int) -> None:
    """The rate with each FEATURES entry off, as a ratio to the default's. The configurations take turns
    sample by sample (each sample's least CPU time over `repeat` rounds counts), so the drift of a shared
    machine hits them all alike."""
    configs = [("default (everything on)", {})] + FEATURES
    jobs = [make_job(overrides) for _, overrides in configs]
    for job in jobs:
        run(job, products, len(products) * 2, 10**6)  # warm each configuration's caches
    least = np.full((len(jobs), n), np.inf)
    for _ in range(max(1, repeat)):
        for i in range(n):
            for k, job in enumerate(jobs):
                c0 = time.process_time()
                make_sample(job, products[i % len(products)], i)
                least[k, i] = min(least[k, i], time.process_time() - c0)
    rates = n / least.sum(axis=1)
    print(f"[features] {n} samples, configurations in turn, best of {repeat}: rate, and ratio to the default's")
    for (label, _), r in zip(configs, rates, strict=False):
        print(f"    {label:54s} {r:5.0f}/s  x{r / rates[0]:.2f}")


def digest(make_job, products: list[str], tmp: str) -> None:
    """sha256 (first 16 hex digits) of JPEG bytes and lineage of fixed samples, per preset."""
    for name, overrides, n in (("default", {}, 600), ("fast", FAST, 200), ("128 px", {"size": 128}, 200)):
        job, h = make_job(overrides, seed=7), hashlib.sha256()
        for i in range(n):
            data, lineage = make_sample(job, products[i % len(products)], i)
            h.update(data)
            # the foreground files live in a temporary folder: hash their names, not where they are
            h.update(json.dumps(lineage, sort_keys=True, default=str).replace(tmp, "TMP").encode())
        print(f"[digest] {name:8s} {n} samples: {h.hexdigest()[:16]}")


#: (module, attribute, label) of the stages --sections times; a stage called inside another counts for the outer one.
SECTIONS = [
    ("wildcat.synth.compose.composer", "Composer.variant_at", "pile instances: shared copies"),
    ("wildcat.synth.compose.composer", "Composer.place", "pasting"),
    ("wildcat.synth.compose.composer", "Composer.object_patch", "object patches"),
    ("wildcat.synth.compose.sample", "apply_effects", "camera effects"),
    ("wildcat.synth.compose.layouts", "hand_layers", "drawing hands"),
    ("wildcat.synth.compose.canvas", "Canvas.finish", "instance boxes and shares"),
    ("wildcat.synth.compose.sample", "encode_jpeg", "JPEG encoding"),
    ("wildcat.synth.compose.composer", "Composer.set_view", "background crop"),
    ("wildcat.synth.compose.sample", "occlude", "occluders"),
    ("wildcat.synth.compose.sample", "_background", "background pick and load"),
    ("wildcat.synth.compose.composer", "Composer.__init__", "sample set-up"),
    ("wildcat.synth.compose.canvas", "Canvas.cover", "other covers (bags, rails, dividers)"),
    ("wildcat.synth.compose.layouts", "smooth.gaussian", "backdrop defocus"),
]


def section_times(job: Job, products: list[str], n: int) -> None:
    """CPU time per sample of each stage in SECTIONS (timers on the outermost call only) and the rest."""
    import importlib

    spent: dict[str, float] = collections.defaultdict(float)
    depth = [0]

    def timed(label, f):
        def g(*a, **k):
            if depth[0]:
                return f(*a, **k)
            depth[0] += 1
            t0 = time.process_time()
            try:
                return f(*a, **k)
            finally:
                spent[label] += time.process_time() - t0
                depth[0] -= 1

        return g

    saved = []
    for module, attr, label in SECTIONS:
        owner = importlib.import_module(module)
        *path, name = attr.split(".")
        for part in path:
            owner = getattr(owner, part)
        saved.append((owner, name, getattr(owner, name)))
        setattr(owner, name, timed(label, getattr(owner, name)))
    try:
        _, cpu, _ = run(job, products, n, 0)
    finally:
        for owner, name, f in saved:
            setattr(owner, name, f)
    print(f"[sections] {cpu / n * 1000:.2f} ms CPU per sample")
    rest = ("rest (layout logic, lineage)", cpu - sum(spent.values()))
    for label, t in sorted(spent.items(), key=lambda kv: -kv[1]) + [rest]:
        print(f"    {label:38s} {t / n * 1000:5.2f} ms  {t / cpu:4.0%}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=400, help="timed samples")
    ap.add_argument("--size", type=int, default=256)
    ap.add_argument("--bank-dir", default=str(Path(tempfile.gettempdir()) / "wildcat_bench_bank"))
    ap.add_argument("--per-kind", type=int, default=24, help="procedural backgrounds per kind")
    ap.add_argument(
        "--fast",
        action="store_true",
        help="also time the preset with harmonisation, effects, occluders and shadows off",
    )
    ap.add_argument("--repeat", type=int, default=1, help="time the samples this often; each one's best counts")
    ap.add_argument("--sections", action="store_true", help="time the stages of a sample (no profiler)")
    ap.add_argument("--profile", action="store_true", help="print where the time goes (cProfile)")
    ap.add_argument("--features", action="store_true", help="price each feature: the rate with it off")
    ap.add_argument("--digest", action="store_true", help="hash the output of fixed samples (and time nothing)")
    args = ap.parse_args()
    cv2.setNumThreads(1)
    print(
        f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')} cv2 threads=1 load average={os.getloadavg()} "
        f"cpus={os.cpu_count()}"
    )

    cfg = ComposeConfig(size=args.size, bank={"per_kind": args.per_kind})
    t = time.perf_counter()
    bank = BackgroundBank.open(["room", "street", "store"], cfg.bank, args.bank_dir, progress=False)
    print(
        f"background bank: {len(bank.entries)} backgrounds ready in {time.perf_counter() - t:.1f} s (cached after the "
        "first run)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        infos, files = grocery_foregrounds(Path(tmp)) if GROCERY.is_dir() else synthetic_foregrounds(Path(tmp))
        print(f"foregrounds: {len(files)} products ({'grocery iconic cutouts' if GROCERY.is_dir() else 'synthetic'})")
        products = sorted(infos)

        def make_job(overrides: dict, seed: int = 1) -> Job:
            config = ComposeConfig(**{"size": args.size, "bank": cfg.bank, **overrides})
            return Job(config, seed, infos, files, bank.entries)

        if args.digest:
            digest(make_job, products, tmp)
            return
        for name, overrides in [("default", {})] + ([("fast", FAST)] if args.fast else []):
            job = make_job(overrides)
            run(job, products, len(products) * 4, 10**6)  # warm the per-process caches (steady state of a long job)
            wall, times = best_of(job, products, args.n, args.repeat)
            cpu = sum(t for _, t in times)
            print(
                f"[{name}] {args.n} composites {args.size}x{args.size} incl. JPEG: {args.n / cpu:.0f}/s per core (CPU "
                "time), "
                f"{args.n / wall:.0f}/s wall"
            )
            per_layout = collections.defaultdict(list)
            for layout, t in times:
                per_layout[layout].append(t)
            for layout, ts in sorted(per_layout.items()):
                print(
                    f"    {layout:6s} {len(ts):4d} samples  {np.mean(ts) * 1000:6.1f} ms CPU each  "
                    f"({1 / np.mean(ts):.0f}/s)"
                )
        if args.features:
            feature_costs(make_job, products, args.n, args.repeat)
        if args.sections:
            section_times(make_job({}), products, args.n)
        if args.profile:
            prof = cProfile.Profile()
            prof.enable()
            run(make_job({}), products, min(args.n, 200), 0)
            prof.disable()
            out = io.StringIO()
            stats = pstats.Stats(prof, stream=out)
            stats.sort_stats("tottime").print_stats(20)
            stats.sort_stats("cumtime").print_stats("synth/compose", 25)
            print(out.getvalue())


if __name__ == "__main__":
    main()
