"""The catalog audit against errors with a known answer, on the real grocery catalog.

    .venv/bin/python bench/audit_grocery.py --out workspace/audit-bench [--checkpoint runs/.../final.pt] \\
        [--seeds 0 1 2] [--root ../shared/data/grocery_store]

Listings: each of the 81 products with its iconic image and two of its store photos (the `train` split: a
listing's lifestyle photos). Injected at each seed:
- wrong-product images: 24 listings have one store photo replaced by a photo of another product, half of the
  same coarse class (another apple for an apple), half of another;
- duplicate listings: 16 products listed again under a new id, with a rephrased title (words reordered, lower
  case, a pack size added) and two other store photos of the product;
- recoloured variants: 8 of the products whose title names a colour get their main image's hue turned by 120 or
  240 degrees (a "red" pepper shown blue).
Scored: every listing image (wrong-product), every listing pair (duplicates), every listing with a colour word
in its title (colour). PR-AUC per error type (95% bootstrap interval over items, chance = the share of errors),
image-only against image+title, for the pretrained trunk untrained (zero-shot) and, with --checkpoint, a trained
model. Writes OUT/audit-grocery.md and .json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wildcat.core.catalog import load_catalog  # noqa: E402
from wildcat.core.imageio import load_array, save_image  # noqa: E402
from wildcat.core.seeding import sample_rng  # noqa: E402
from wildcat.eval.audit.findings import Listing  # noqa: E402
from wildcat.eval.audit.metrics import pr_auc  # noqa: E402
from wildcat.eval.markdown import ci, table  # noqa: E402
from wildcat.pipeline.audit import audit_listings  # noqa: E402
from wildcat.segment.colours import colour_words  # noqa: E402
from wildcat.train import load_embedder, zero_shot_embedder  # noqa: E402

from bench.grocery_ablation import DEFAULT_ROOT  # noqa: E402

WRONG, DUPLICATES, RECOLOURED, PHOTOS = 24, 16, 8, 2


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--out", type=Path, default=Path("workspace/audit-bench"))
    ap.add_argument("--checkpoint", type=Path, help="a trained model (final.pt) to audit with, beside zero-shot")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    args = ap.parse_args()
    models = {"zero-shot": zero_shot_embedder()}
    if args.checkpoint:
        models[f"trained ({args.checkpoint.parent.name})"] = load_embedder(args.checkpoint)
    catalog = load_catalog(args.root)
    results = {}
    for seed in args.seeds:
        listings, truth = injected(catalog, args.out / f"seed{seed}", seed)
        for name, embedder in models.items():
            for titles in (False, True):
                audit = audit_listings(listings, embedder, titles, seed, progress=False, cache=args.out / "cache",
                                       neighbours=len(listings))  # fmt: skip
                results[f"{name}|{'image+title' if titles else 'image only'}|{seed}"] = measure(audit, truth, seed)
                print(name, titles, seed, {k: round(v["value"], 3) for k, v in results[list(results)[-1]].items()})
    text = summary(results, args.seeds)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "audit-grocery.md").write_text(text + "\n", encoding="utf-8")
    (args.out / "audit-grocery.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(text)


def injected(catalog, folder: Path, seed: int) -> tuple[list[Listing], dict]:
    """The listings with errors injected at `seed`, and the truth: wrong images, duplicate pairs, recoloured ids."""
    rng = sample_rng(seed, "audit-bench", 0, "inject")
    photos = {}
    for q in catalog.queries_for(("train",)):
        photos.setdefault(q.product_id, []).append(str(q.path))
    products = [p for p in catalog.products if len(photos.get(p.id, [])) >= 2 * PHOTOS]
    listed = {p.id: [str(p.images[0])] + _pick(photos[p.id], PHOTOS, rng) for p in products}
    coarse = {p.id: p.category for p in products}
    wrong = _inject_wrong(listed, coarse, photos, rng)
    listings = [Listing(p.id, p.title, f"{p.title} {p.description}", p.category, tuple(listed[p.id])) for p in products]
    duplicate_pairs = set()
    for p in [products[i] for i in rng.choice(len(products), DUPLICATES, replace=False)]:
        others = [f for f in photos[p.id] if f not in listed[p.id]]
        listings.append(Listing(f"dup-{p.id}", _rephrase(p.title, rng), _rephrase(p.title, rng), p.category,
                                tuple(_pick(others, PHOTOS, rng))))  # fmt: skip
        duplicate_pairs.add(frozenset((p.id, f"dup-{p.id}")))
    coloured = [i for i, lst in enumerate(listings[: len(products)]) if colour_words(lst.title)]
    recoloured = set()
    for i in rng.choice(coloured, min(RECOLOURED, len(coloured)), replace=False):
        lst = listings[i]
        path = folder / f"{lst.product_id}-recoloured.jpg"
        save_image(path, _turn_hue(load_array(lst.images[0], mode="RGB"), int(rng.choice([60, 120]))))
        listings[i] = Listing(lst.product_id, lst.title, lst.text, lst.category, (str(path), *lst.images[1:]))
        recoloured.add(lst.product_id)
    return listings, {"wrong": wrong, "duplicates": duplicate_pairs, "recoloured": recoloured}


def _pick(items: list[str], n: int, rng: np.random.Generator) -> list[str]:
    return [items[i] for i in sorted(rng.choice(len(items), min(n, len(items)), replace=False))]


def _inject_wrong(listed: dict, coarse: dict, photos: dict, rng: np.random.Generator) -> set[str]:
    ids = sorted(listed)
    wrong = set()
    for k, pid in enumerate(rng.choice(ids, WRONG, replace=False)):
        same = k % 2 == 0
        pool = [q for q in ids if q != pid and (coarse[q] == coarse[pid]) == same]
        if not pool:
            pool = [q for q in ids if q != pid]
        donor = pool[int(rng.integers(len(pool)))]
        photo = photos[donor][int(rng.integers(len(photos[donor])))]
        listed[pid][-1] = photo
        wrong.add(photo)
    return wrong


def _rephrase(title: str, rng: np.random.Generator) -> str:
    words = title.lower().split()
    return " ".join([words[i] for i in rng.permutation(len(words))] + [str(rng.choice(["1 l", "500 g", "1 kg", "x6"]))])


def _turn_hue(rgb: np.ndarray, degrees_half: int) -> np.ndarray:
    """The hue turned by 2 x `degrees_half` degrees (OpenCV's hue runs 0-179)."""
    hsv = cv2.cvtColor(rgb, cv2.COLOR_RGB2HSV)
    hsv[..., 0] = (hsv[..., 0].astype(int) + degrees_half) % 180
    return cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)


def measure(audit, truth: dict, seed: int) -> dict:
    """PR-AUC of each kind's scores against the injected errors."""
    rng = sample_rng(seed, "audit-bench", 0, "bootstrap")
    is_error = {
        "wrong_image": lambda f: f.image in truth["wrong"],
        "duplicate": lambda f: frozenset((f.product_id, f.other_product)) in truth["duplicates"],
        "colour": lambda f: f.product_id in truth["recoloured"],
    }
    return {
        kind: pr_auc(
            np.array([test(f) for f in audit.of_kind(kind)]), np.array([f.score for f in audit.of_kind(kind)]), rng
        )
        for kind, test in is_error.items()
    }


def summary(results: dict, seeds: list[int]) -> str:
    rows = []
    for setting in dict.fromkeys(k.rsplit("|", 1)[0] for k in results):
        runs = [results[f"{setting}|{s}"] for s in seeds]
        cells = []
        for kind in ("wrong_image", "duplicate", "colour"):
            values = [r[kind]["value"] for r in runs]
            chance = np.mean([r[kind]["chance"] for r in runs])
            cells.append(f"{np.mean(values):.3f} ({', '.join(f'{v:.3f}' for v in values)}; chance {chance:.3f})")
        rows.append([*setting.split("|"), *cells])
    text = table(["model", "evidence", "wrong-product image", "duplicate listing", "recoloured variant"], rows)
    first = {k: v for k, v in results.items() if k.endswith(f"|{seeds[0]}")}
    detail = [
        [k.rsplit("|", 1)[0], *(ci(v[kind]) for kind in ("wrong_image", "duplicate", "colour"))]
        for k, v in first.items()
    ]
    return (
        text
        + f"\n\nSeed {seeds[0]} with 95% bootstrap intervals:\n\n"
        + table(["setting", "wrong", "duplicate", "colour"], detail)
    )


if __name__ == "__main__":
    main()
