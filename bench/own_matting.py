"""wildcat's own matting model (auto's offline fallback) against whitebg: on held-out composites with exact alpha,
and on the Grocery Store iconic images, where whitebg's cutout is the reference.

    OMP_NUM_THREADS=1 .venv/bin/python bench/own_matting.py --out runs/bench-own-matting \
        [--sheet docs/img/own-matting-grocery.jpg]

The model is the one `auto` uses (segment.own_model, default MattingTrainConfig, seed 0): taken from the user's
model cache, or trained into it first (its metrics.json holds the held-out composite figures: IoU and MAE of the
model and of whitebg against the true alpha). On the grocery images each model cutout is compared with whitebg's
at alpha 0.5 (IoU); the contact sheet shows, for the lowest-IoU images first, the photo, whitebg's cutout and the
model's.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]


from wildcat.core.catalog import load_catalog  # noqa: E402
from wildcat.core.contact_sheet import save_contact_sheet  # noqa: E402
from wildcat.core.imageio import load_array  # noqa: E402
from wildcat.segment import SegmentConfig, cut_out, iou  # noqa: E402
from wildcat.segment.config import MattingTrainConfig  # noqa: E402
from wildcat.segment.own_model import own_model  # noqa: E402

GROCERY = Path(__file__).resolve().parents[2] / "shared" / "data" / "grocery_store"


def grocery_rows(cfg: SegmentConfig) -> list[dict]:
    rows = []
    for product in load_catalog(GROCERY).products:
        image = load_array(product.images[0], "RGB")
        white = cut_out(image, "whitebg", cfg)
        model = cut_out(image, "matting", cfg)
        rows.append(
            {
                "product": product.id,
                "iou_vs_whitebg": float(iou(model.alpha, white.alpha)),
                "model_score": float(model.score),
                "whitebg_score": float(white.score),
                "images": (image, white.rgba, model.rgba),
            }
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("runs/bench-own-matting"))
    ap.add_argument("--sheet", type=Path, default=None, help="contact sheet path (default OUT/grocery.png)")
    ap.add_argument("--worst", type=int, default=12, help="images on the contact sheet (lowest IoU first)")
    args = ap.parse_args()
    model = own_model(MattingTrainConfig())
    held_out = json.loads((model.parent / "metrics.json").read_text())
    cfg = SegmentConfig()
    rows = grocery_rows(cfg)
    ious = [r["iou_vs_whitebg"] for r in rows]
    result = {
        "model": str(model),
        "held_out_composites": {k: held_out[k] for k in held_out if k.endswith(("iou", "mae", "count"))},
        "grocery": {
            "images": len(rows),
            "iou_vs_whitebg_mean": statistics.mean(ious),
            "iou_vs_whitebg_median": statistics.median(ious),
            "iou_below_0.8": sum(i < 0.8 for i in ious),
            "model_score_mean": statistics.mean(r["model_score"] for r in rows),
            "whitebg_score_mean": statistics.mean(r["whitebg_score"] for r in rows),
        },
    }
    args.out.mkdir(parents=True, exist_ok=True)
    worst = sorted(rows, key=lambda r: r["iou_vs_whitebg"])[: args.worst]
    tiles = [im for r in worst for im in r["images"]]
    captions = [c for r in worst for c in (r["product"], "whitebg", f"model IoU {r['iou_vs_whitebg']:.2f}")]
    sheet = save_contact_sheet(args.sheet or args.out / "grocery.png", tiles, captions, tile=128, columns=6)
    result["contact_sheet"] = str(sheet)
    per_image = [{k: v for k, v in r.items() if k != "images"} for r in rows]
    (args.out / "result.json").write_text(json.dumps({**result, "per_image": per_image}, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
