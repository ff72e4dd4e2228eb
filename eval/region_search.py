"""Product search from a region of a photo: a given box (cropped with context), or, with none, the photo's proposed
regions, each searched, the regions whose best product is most similar listed first (a shelf or a room photo with
several products answers with one list per product it shows)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from wildcat.core.errors import WildcatError
from wildcat.eval.embedder import Embedder, query_side
from wildcat.eval.images import crop_to_box
from wildcat.eval.product_index import Hit, ProductIndex
from wildcat.eval.regions import ProposalConfig, propose
from wildcat.eval.scenes import PADDING


@dataclass(frozen=True)
class RegionHits:
    box: tuple[float, float, float, float] | None  # None: the whole photo
    hits: list[Hit]


def parse_box(text: str) -> tuple[float, float, float, float]:
    """ "x0,y0,x1,y1" -> a box; anything else is an error that shows the form."""
    try:
        x0, y0, x1, y1 = (float(v) for v in text.split(","))
    except ValueError as exc:
        raise WildcatError(None, f"--box {text!r} is not four numbers", "give it as x0,y0,x1,y1 in pixels") from exc
    if not (x1 > x0 and y1 > y0):
        raise WildcatError(None, f"--box {text!r} is empty", "give x0 < x1 and y0 < y1")
    return (x0, y0, x1, y1)


def read_colours(colours_file: str | Path) -> dict[str, list[str]]:
    """product id -> the names of its main colours, from the colours.json `wildcat catalog audit` wrote."""
    try:
        products = json.loads(Path(colours_file).read_text(encoding="utf-8"))["products"]
        return {str(p): [str(n) for n in names] for p, names in products.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise WildcatError(colours_file, f"not a colours.json ({exc})", "run 'wildcat catalog audit' again") from exc


def of_colour(colours_file, colour: str) -> list[str]:
    """The products `wildcat catalog audit` named `colour` (its colours.json)."""
    if colours_file is None:
        raise WildcatError(None, "--colour needs --colours", "pass the colours.json that 'wildcat catalog audit' wrote")
    products = read_colours(colours_file)
    found = [p for p, names in products.items() if colour in names]
    if not found:
        named = sorted({n for names in products.values() for n in names})
        raise WildcatError(colours_file, f"names no product {colour!r}", f"use one of: {', '.join(named)}")
    return found


def search_photo(
    embedder: Embedder,
    index: ProductIndex,
    image: np.ndarray,
    k: int = 5,
    where: Mapping[str, str | Sequence[str]] | None = None,
    box: Sequence[float] | None = None,
    regions: int = 0,
    proposals: ProposalConfig | None = None,
) -> list[RegionHits]:
    """The whole photo's hits; or the box's; or (regions > 0, no box) the best `regions` proposed regions'."""
    h, w = image.shape[:2]
    if box is not None:
        if box[0] >= w or box[1] >= h or box[2] <= 0 or box[3] <= 0:
            raise WildcatError(None, f"box {list(box)} lies outside the {w}x{h} photo", "give a box inside the photo")
        boxes = np.asarray([box], dtype=np.float64)
    elif regions > 0:
        boxes = propose(image, proposals)
    else:
        return [RegionHits(None, _search(embedder, index, [image], k, where)[0])]
    crops = [crop_to_box(image, b, PADDING) for b in boxes]
    found = [
        RegionHits(tuple(float(v) for v in b), hits)
        for b, hits in zip(boxes, _search(embedder, index, crops, k, where), strict=True)
    ]
    return found if box is not None else _best_regions(found, regions)


def _best_regions(found: list[RegionHits], n: int) -> list[RegionHits]:
    """The n regions whose best product scores highest, one region per best product (overlapping windows on one
    object would otherwise fill the list with it)."""
    kept, products = [], set()
    for r in sorted((r for r in found if r.hits), key=lambda r: -r.hits[0].score):
        if r.hits[0].product_id not in products:
            products.add(r.hits[0].product_id)
            kept.append(r)
    return kept[:n]


def _search(embedder: Embedder, index: ProductIndex, images: list[np.ndarray], k: int, where) -> list[list[Hit]]:
    return index.search(query_side(embedder).embed_images(images), k, where)
