"""COCO-format boxes of every visible pasted instance, read from the manifest's lineage."""

from __future__ import annotations

from pathlib import Path

from wildcat.core.atomic import write_json
from wildcat.core.manifest import Sample


def coco_dict(rows: list[Sample], products: list[str]) -> dict:
    """images, annotations (visible box, occluded/truncated shares, role) and one category per product."""
    cat_id = {p: i + 1 for i, p in enumerate(products)}
    images, annotations = [], []
    for img_id, row in enumerate(sorted(rows, key=lambda r: r.sample_id), start=1):
        images.append(
            {"id": img_id, "file_name": row.path, "width": row.width, "height": row.height, "sample_id": row.sample_id}
        )
        for inst in row.lineage.get("instances", []):
            box = inst.get("box")
            if not box or inst["product"] not in cat_id:
                continue
            annotations.append(
                {
                    "id": len(annotations) + 1,
                    "image_id": img_id,
                    "category_id": cat_id[inst["product"]],
                    "bbox": [float(v) for v in box],
                    "area": float(box[2] * box[3]),
                    "iscrowd": 0,
                    "attributes": {"role": inst["role"], "occluded": inst["occluded"], "truncated": inst["truncated"]},
                }
            )
    categories = [{"id": i, "name": p, "supercategory": "product"} for p, i in cat_id.items()]
    return {
        "info": {"description": "wildcat cut-paste composites"},
        "images": images,
        "annotations": annotations,
        "categories": categories,
    }


def write_coco(path: str | Path, rows: list[Sample], products: list[str]) -> Path:
    path = Path(path)
    write_json(path, coco_dict(rows, products))
    return path
