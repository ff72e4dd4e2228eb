"""Title-guided crops: a listing photo that shows more than the product (a room, a model, a shelf) is judged by
its region that looks most like what the listing's title says, not by the whole frame.

Regions are the photo's proposals (eval.regions, the whole photo among them); the title's predicted image vector
(eval.audit.titles) picks one. Composites, whose boxes are known, measure the choice (`hero_hit_rate`): how often
the picked region lies on the listed product rather than on the things around it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from wildcat.core.errors import WildcatError
from wildcat.core.imageio import load_array
from wildcat.core.manifest import Sample
from wildcat.eval.embedder import embed_samples, embedding_args
from wildcat.eval.regions import ProposalConfig, propose
from wildcat.eval.scenes import PADDING

#: regions a listing photo is judged by (the whole photo and the best-looking proposals)
CROP_REGIONS = ProposalConfig(max_regions=8)


def region_rows(paths: Sequence[str], owners: Sequence[int], cfg: ProposalConfig = CROP_REGIONS) -> list[Sample]:
    """Each image's proposed regions as rows (lineage: the box, the image's index)."""
    rows = []
    for i, (path, owner) in enumerate(zip(paths, owners, strict=True)):
        try:
            image = load_array(path, mode="RGB")
        except WildcatError:  # an unreadable image keeps its whole-image vector (or is left out already)
            continue
        whole = [0.0, 0.0, float(image.shape[1]), float(image.shape[0])]
        for j, b in enumerate(propose(image, cfg)):
            box = [float(v) for v in b]
            lineage = {"box": box, "image": i, "whole": box == whole}
            rows.append(Sample(sample_id=f"{i}#{j}", path=path, product_id=str(owner), domain="catalog",
                               generator="region", lineage=lineage))  # fmt: skip
    return rows


def guided_vectors(
    embedder, paths: Sequence[str], owners: np.ndarray, vectors: np.ndarray, title_vectors: np.ndarray,
    cache=None, progress: bool = False,
) -> tuple[np.ndarray, list]:  # fmt: skip
    """[images, d] each image's vector at its region nearest its listing's title vector, and those boxes (None:
    the whole image, picked or kept because it could not be read)."""
    rows = region_rows(paths, owners.tolist())
    embedded = embed_samples(
        samples=rows, crop_padding=PADDING, desc="regions", **embedding_args(embedder, cache, 64, progress)
    )
    out, boxes = vectors.copy(), [None] * len(paths)
    best = np.full(len(paths), -np.inf)
    for row, vec in zip(embedded.samples, embedded.vectors, strict=True):
        i = row.lineage["image"]
        score = float(vec @ title_vectors[owners[i]])
        if score > best[i]:
            best[i], out[i], boxes[i] = score, vec, None if row.lineage["whole"] else row.lineage["box"]
    return out, boxes


def hero_hit_rate(boxes: Sequence, hero_boxes: Sequence[Sequence[Sequence[float]]]) -> float:
    """Share of images whose picked region's centre lies in one of its hero's boxes; a whole image picked (None)
    is a miss: it locates nothing."""
    hits = []
    for box, heroes in zip(boxes, hero_boxes, strict=True):
        if box is None:
            hits.append(False)
            continue
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        hits.append(any(h[0] <= cx <= h[2] and h[1] <= cy <= h[3] for h in heroes))
    return float(np.mean(hits)) if hits else float("nan")
