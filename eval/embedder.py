"""What evaluation needs from a model, and batch embedding of manifest rows.

Any object with `embed_images`, `checkpoint_hash` and `dim` is an `Embedder`:
`train.load_embedder(checkpoint)` returns one, and `eval.baselines` holds a
training-free one. Images that cannot be read are skipped and recorded, so one
bad photo never stops an evaluation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np
from tqdm.auto import tqdm

from wildcat.core.errors import WildcatError
from wildcat.core.manifest import Reject, Sample
from wildcat.eval.cache import EmbeddingCache, file_key
from wildcat.eval.images import crop_variant, load_eval_image


@runtime_checkable
class Embedder(Protocol):
    """A model that maps RGB images to L2-normalised vectors."""

    checkpoint_hash: str  # identifies the weights; keys the embedding cache
    dim: int  # length of each vector

    def embed_images(self, images: list[np.ndarray]) -> np.ndarray:
        """HxWx3 uint8 RGB images (any size) -> [N, dim] float32."""
        ...


def query_side(embedder: Embedder) -> Embedder:
    """The embedder for query photos: `for_queries()` where the model has a query-domain variant
    (train.Embedder with query batch-norm statistics), else the embedder itself."""
    for_queries = getattr(embedder, "for_queries", None)
    return for_queries() if callable(for_queries) else embedder


@dataclass
class Embedded:
    """Vectors of the samples that could be read, in input order, and the rejects."""

    vectors: np.ndarray
    samples: list[Sample]
    rejects: list[Reject] = field(default_factory=list)


def embed_samples(
    embedder: Embedder,
    samples: Sequence[Sample],
    *,
    batch_size: int = 64,
    cache: EmbeddingCache | None = None,
    crop_padding: int | None = None,
    progress: bool = True,
    desc: str = "embed",
) -> Embedded:
    """Embed samples (absolute paths) in batches, reading and filling `cache`."""
    vectors: dict[int, np.ndarray] = {}
    rejects: list[Reject] = []
    keys = [_key(s, crop_padding, cache) for s in samples]
    todo = [i for i, k in enumerate(keys) if not _cached(cache, k, i, vectors)]
    bar = tqdm(total=len(todo), desc=desc, unit="img", disable=not progress or not todo)
    for start in range(0, len(todo), batch_size):
        batch = todo[start : start + batch_size]
        images, ok = [], []
        for i in batch:
            try:
                images.append(load_eval_image(samples[i], crop_padding))
                ok.append(i)
            except (WildcatError, OSError) as exc:
                rejects.append(
                    Reject(item=samples[i].path, stage="eval", product_id=samples[i].product_id, reason=str(exc))
                )
        if images:
            out = _check_output(embedder, embedder.embed_images(images), len(images))
            vectors.update(zip(ok, out, strict=False))
            if cache is not None:
                cache.put([keys[i] for i in ok], out)
        bar.update(len(batch))
    bar.close()
    kept = sorted(vectors)
    matrix = np.stack([vectors[i] for i in kept]) if kept else np.zeros((0, embedder.dim), np.float32)
    return Embedded(matrix.astype(np.float32), [samples[i] for i in kept], rejects)


def _key(sample: Sample, padding: int | None, cache: EmbeddingCache | None) -> str | None:
    if cache is None:
        return None
    try:
        return file_key(sample.path, crop_variant(sample, padding))
    except OSError:
        return None  # missing file: loading it reports the error


def _cached(cache: EmbeddingCache | None, key: str | None, i: int, vectors: dict[int, np.ndarray]) -> bool:
    hit = cache.get(key) if cache is not None and key is not None else None
    if hit is not None:
        vectors[i] = hit
    return hit is not None


def _check_output(embedder: Embedder, out: np.ndarray, n: int) -> np.ndarray:
    out = np.asarray(out, dtype=np.float32)
    if out.shape != (n, embedder.dim) or not np.all(np.isfinite(out)):
        raise WildcatError(
            getattr(embedder, "checkpoint_hash", type(embedder).__name__),
            f"the embedder returned shape {out.shape} (or non-finite values) for {n} images, expected ({n}, "
            f"{embedder.dim})",
            "check the checkpoint: it must map N images to N finite vectors of length dim",
        )
    return out


def embedding_args(
    embedder: Embedder, cache: EmbeddingCache | str | Path | None, batch_size: int, progress: bool
) -> dict[str, Any]:
    """embed_samples arguments for `embedder`, with its own cache (keyed by its checkpoint hash)."""
    store = EmbeddingCache(cache, embedder.checkpoint_hash) if isinstance(cache, (str, Path)) else cache
    if store is not None and store.checkpoint_hash != embedder.checkpoint_hash:
        store = None  # a cache of another embedder's vectors (the gallery side's) must not serve this one
    return dict(embedder=embedder, batch_size=batch_size, cache=store, progress=progress)


def require_read(emb: Embedded, side: str) -> None:
    """Raise, naming the first reason, when none of a side's images could be read."""
    if not emb.samples:
        reason = emb.rejects[0].reason if emb.rejects else "no rows were given"
        raise WildcatError(None, f"no usable {side} image ({reason})", f"check the {side} images or the split names")
