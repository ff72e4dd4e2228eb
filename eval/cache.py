"""On-disk embedding cache, so re-evaluating a checkpoint costs no forward passes.

One folder per embedder (its `checkpoint_hash`); inside, chunk files each
holding keys and vectors. A key names the image by path, modification time and
size plus how it was cropped, so an edited image is embedded again. Chunks are
written atomically and only ever added, so a killed run loses at most the
batch in flight.
"""

from __future__ import annotations

import io
import os
import uuid
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from wildcat.core.atomic import write_bytes
from wildcat.core.catalog import safe_name
from wildcat.core.seeding import stable_hash

DEFAULT_CACHE_ENV = "WILDCAT_EMBEDDING_CACHE"


def default_cache_dir() -> Path:
    """$WILDCAT_EMBEDDING_CACHE, else ~/.cache/wildcat/embeddings."""
    env = os.environ.get(DEFAULT_CACHE_ENV)
    return Path(env) if env else Path.home() / ".cache" / "wildcat" / "embeddings"


def file_key(path: str | Path, variant: str = "full") -> str:
    """Cache key of one image file as a particular crop; changes when the file changes."""
    st = Path(path).stat()
    return f"{Path(path).resolve()}|{st.st_mtime_ns}|{st.st_size}|{variant}"


class EmbeddingCache:
    """Vectors of one embedder, keyed by `file_key`."""

    def __init__(self, root: str | Path, checkpoint_hash: str) -> None:
        self.checkpoint_hash = checkpoint_hash
        self.folder = Path(root).expanduser() / safe_name(checkpoint_hash)
        self._vectors: dict[str, np.ndarray] = {}
        for chunk in sorted(self.folder.glob("chunk-*.npz")):
            self._read_chunk(chunk)

    def __len__(self) -> int:
        return len(self._vectors)

    def get(self, key: str) -> np.ndarray | None:
        return self._vectors.get(key)

    def put(self, keys: Sequence[str], vectors: np.ndarray) -> None:
        """Add a batch (one new chunk file)."""
        if not len(keys):
            return
        vectors = np.asarray(vectors, dtype=np.float32)
        buf = io.BytesIO()
        np.savez(buf, keys=np.asarray(keys, dtype=str), vectors=vectors)
        name = f"chunk-{stable_hash(keys[0]):016x}-{uuid.uuid4().hex[:8]}.npz"
        write_bytes(self.folder / name, buf.getvalue())
        self._vectors.update(zip(keys, vectors, strict=False))

    def _read_chunk(self, path: Path) -> None:
        try:
            with np.load(path, allow_pickle=False) as data:
                self._vectors.update(zip(data["keys"].tolist(), data["vectors"], strict=False))
        except (OSError, ValueError, KeyError):
            # A chunk we cannot read is only a lost speed-up: embed those images again.
            pass
