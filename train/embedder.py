"""Images in, embeddings out: the public face of a trained model for eval/ and the UI."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
from tqdm import tqdm

from wildcat.core.errors import ConfigError, ImageLoadError
from wildcat.train.bn_adapt import check_bn_statistics, with_bn_statistics
from wildcat.train.checkpoint import CheckpointError, file_sha256, load_checkpoint
from wildcat.train.distributed import pick_device
from wildcat.train.images import decode_all, square_array, to_input
from wildcat.train.model import EmbeddingNet, create_model, model_from_description
from wildcat.train.modes import evaluating
from wildcat.train.pretrained import imagenet_file


class Embedder:
    """Wraps an EmbeddingNet with its own preprocessing (centred square, resize to
    `image_size`, ImageNet normalisation). Embeddings are float32 [N, dim],
    L2-normalised when the model is."""

    def __init__(
        self,
        model: EmbeddingNet,
        device: str | torch.device | None = None,
        checkpoint_hash: str = "",
        meta: dict | None = None,
        query_bn: dict[str, torch.Tensor] | None = None,
    ) -> None:
        self.device = pick_device("auto") if device is None else torch.device(device)
        self.model = model.to(self.device)
        self.checkpoint_hash = checkpoint_hash
        self.meta = meta or {}
        self.query_bn = query_bn  # BN statistics of the query (wild) domain, when the run estimated them
        self._query_side: Embedder | None = None

    def for_queries(self) -> Embedder:
        """The embedder for shoppers' photos: the same weights with the query domain's batch-norm
        statistics when the run estimated them (synthetic+unlabeled protocol), else this embedder."""
        if not self.query_bn:
            return self
        if self._query_side is None:
            self._query_side = Embedder(
                with_bn_statistics(self.model, self.query_bn),
                self.device,
                checkpoint_hash=f"{self.checkpoint_hash}:query-bn",
                meta=self.meta,
            )
        return self._query_side

    @property
    def dim(self) -> int:
        return self.model.out_dim

    @property
    def image_size(self) -> int:
        return self.model.image_size

    @property
    def normalized(self) -> bool:
        return self.model.normalize

    @property
    def metric(self) -> str:
        """How to compare embeddings: "cosine" (inner product of unit vectors, architecture D
        and normalised losses) or "l2" (Euclidean distance: A-C train un-normalised embeddings)."""
        return "cosine" if self.model.normalize else "l2"

    def embed_images(self, images: Sequence[np.ndarray], batch_size: int = 64) -> np.ndarray:
        """Embed uint8 HxWx3 arrays (any size; HxW and HxWx4 are accepted too)."""
        out = np.zeros((len(images), self.dim), dtype=np.float32)
        for start in range(0, len(images), batch_size):
            chunk = np.stack([square_array(im, self.image_size) for im in images[start : start + batch_size]])
            out[start : start + len(chunk)] = self._embed_squares(chunk)
        return out

    def embed_paths(
        self, paths: Sequence[str | Path], batch_size: int = 64, progress: bool = False, workers: int = 0
    ) -> np.ndarray:
        """Embed image files; an unreadable file raises ImageLoadError naming it."""
        out = np.zeros((len(paths), self.dim), dtype=np.float32)
        starts = range(0, len(paths), batch_size)
        for start in tqdm(starts, desc="embed", unit="batch", disable=not progress):
            chunk, failed = decode_all(paths[start : start + batch_size], self.image_size, workers=workers)
            if failed:
                i, reason = next(iter(failed.items()))
                raise ImageLoadError(paths[start + i], reason, "remove or replace the file")
            out[start : start + len(chunk)] = self._embed_squares(chunk)
        return out

    def _embed_squares(self, squares: np.ndarray) -> np.ndarray:
        m = self.model
        x = to_input(torch.from_numpy(squares).to(self.device), m.mean, m.std, channels_last=self.device.type != "mps")
        with evaluating(m), torch.no_grad():
            emb, _ = m(x)
        return emb.float().cpu().numpy()


def load_model(checkpoint_path: str | Path) -> tuple[EmbeddingNet, dict]:
    """The trained EmbeddingNet of a wildcat checkpoint (on CPU), and its metadata."""
    model, meta, _ = _load(checkpoint_path)
    return model, meta


def _load(checkpoint_path: str | Path) -> tuple[EmbeddingNet, dict, dict]:
    meta, blob = load_checkpoint(checkpoint_path)
    if "model_desc" not in meta:
        raise CheckpointError(
            checkpoint_path,
            "the checkpoint metadata does not describe the model",
            "pass a file written by 'wildcat train'",
        )
    try:
        model = model_from_description(meta["model_desc"])
    except (ConfigError, ValueError, KeyError, TypeError) as exc:  # a hand-edited or foreign description
        raise CheckpointError(
            checkpoint_path, f"its metadata describes no model wildcat can build ({exc})", "re-create the checkpoint"
        ) from exc
    try:
        model.load_state_dict(blob["model"], strict=True)
    except RuntimeError as exc:
        raise CheckpointError(
            checkpoint_path,
            f"the weights do not match the described model ({str(exc).splitlines()[0]})",
            "re-create the checkpoint",
        ) from exc
    return model, meta, blob


def load_embedder(checkpoint_path: str | Path, device: str | torch.device | None = None) -> Embedder:
    """An Embedder for a checkpoint written by `wildcat train` (final.pt or last.pt)."""
    model, meta, blob = _load(checkpoint_path)
    query_bn = blob.get("query_bn") or None
    if query_bn is not None:
        try:
            check_bn_statistics(model, query_bn)
        except ValueError as exc:
            raise CheckpointError(
                checkpoint_path, f"its query-domain statistics do not fit the model ({exc})", "re-create the checkpoint"
            ) from exc
    return Embedder(model, device, checkpoint_hash=file_sha256(checkpoint_path), meta=meta, query_bn=query_bn)


#: the zero-shot baseline every report shows: EfficientNet-Lite0 at its native input side
ZERO_SHOT_BACKBONE, ZERO_SHOT_SIZE = "efficientnet_lite0", 224
ZERO_SHOT_LABEL = "zero-shot: EfficientNet-Lite0, ImageNet weights, no training"


def zero_shot_embedder(
    backbone: str = ZERO_SHOT_BACKBONE,
    image_size: int = ZERO_SHOT_SIZE,
    device: str | torch.device | None = None,
    pretrained: str = "imagenet",
) -> Embedder:
    """The ImageNet-pretrained trunk's pooled features, L2-normalised, with no training at all: what a user
    gets without wildcat, and the baseline every report shows. Its hash (for the embedding cache) names the
    backbone, the input size and the weights file's bytes."""
    model = create_model(backbone, pretrained=pretrained, image_size=image_size, project=False)
    weights = file_sha256(imagenet_file(backbone) if pretrained == "imagenet" else pretrained)[:16]
    meta = {"zero_shot": True, "backbone": backbone, "image_size": image_size, "weights_sha256": weights}
    return Embedder(model, device, checkpoint_hash=f"zero-shot:{backbone}:{image_size}:{weights}", meta=meta)
