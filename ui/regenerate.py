"""Re-make one sample from its seed with the generator that made it, and say
whether the bytes match the file on disk (they must: same seed, same bytes)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from wildcat.core.errors import WildcatError
from wildcat.core.manifest import Sample

#: the generators whose samples can be made again from their lineage
REGENERATORS = ("cutpaste", "render", "proxy", "render-catalog")


@dataclass(frozen=True)
class Regenerated:
    data: bytes | None  # the re-made image file, None when it could not be made
    original: bytes | None  # the file on disk
    message: str  # what happened, for the page

    @property
    def identical(self) -> bool:
        return self.data is not None and self.data == self.original


def can_regenerate(generator: str) -> bool:
    return generator in REGENERATORS


def regenerate_sample(sample: Sample, dataset_dir: str | Path) -> Regenerated:
    """Regenerate `sample` (a row of the dataset in `dataset_dir`) from its lineage and the dataset's config."""
    if sample.generator not in REGENERATORS:
        return Regenerated(
            None,
            None,
            f"samples made by {sample.generator!r} cannot be regenerated here (supported: {', '.join(REGENERATORS)})",
        )
    make = _regenerator(sample.generator)
    try:
        original = sample.resolve(dataset_dir).read_bytes()
    except OSError as exc:
        original = None
        missing = f" (the file on disk cannot be read: {exc})"
    else:
        missing = ""
    try:
        data = make(sample.sample_id, Path(dataset_dir))
    except (WildcatError, OSError, KeyError, ValueError) as exc:
        return Regenerated(None, original, f"regeneration failed: {exc}")
    verdict = "identical to the file on disk" if data == original else "DIFFERENT from the file on disk"
    return Regenerated(
        data,
        original,
        f"regenerated from seed {sample.lineage.get('seed')}: {len(data):,} bytes, "
        f"sha256 {hashlib.sha256(data).hexdigest()[:12]}, {verdict}{missing}",
    )


def _regenerator(generator: str):
    """The generator's `regenerate(sample_id, dataset_dir) -> bytes`, imported when first asked for: the
    compositor pulls in OpenCV and SciPy, the renderer OpenGL, and most pages need neither."""
    if generator == "cutpaste":
        from wildcat.synth.compose import regenerate

        return regenerate
    # The UI embeds with torch too: load it before Mesa's rasteriser (see synth.gl.preload_torch_compiler).
    import torch  # noqa: F401

    from wildcat.synth.render import regenerate

    return regenerate
