"""Cutouts from a segment dataset folder on disk: manifest rows with generator "cutout".

Read through the manifest only (the segment stage's output format), never
through the segment package.
"""

from __future__ import annotations

from pathlib import Path

from wildcat.core.errors import WildcatError
from wildcat.core.manifest import Sample, read_manifest

CUTOUT_GENERATOR = "cutout"


def best_cutouts(dataset_dir: str | Path) -> dict[str, Sample]:
    """The cutout each product's proxy is made from: its highest-scored one (unscored last, then by sample id)."""
    folder = Path(dataset_dir)
    if not folder.is_dir():
        raise WildcatError(folder, "the cutouts folder does not exist", "pass the output folder of 'wildcat segment'")
    rows = [s for s in read_manifest(folder) if s.generator == CUTOUT_GENERATOR]
    if not rows:
        raise WildcatError(
            folder, "the folder's manifest lists no cutouts (generator 'cutout')", "run 'wildcat segment' into it first"
        )
    best: dict[str, Sample] = {}
    for s in sorted(rows, key=lambda s: (-(s.score if s.score is not None else float("-inf")), s.sample_id)):
        best.setdefault(s.product_id, s)
    return best
