"""Checkpoints: tensors plus a JSON metadata string, written atomically and read
weights-only, so opening a checkpoint never runs code from the file.

Layout of the dict in a checkpoint file:
  format     "wildcat.train/1"
  meta_json  JSON text: config, step, seed, classes, image size, normalisation, ...
  model      the EmbeddingNet state dict
  objective  state dict of the loss modules (proxy weights of ArcFace etc.); resumable only
  optimizer  optimizer state dict; resumable only
  scheduler  LR scheduler state dict; resumable only
There is no RNG state to save: every random draw of step s comes from
generators seeded by (seed, rank, s), so step s is the same whenever it runs.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path
from typing import Any

import torch

from wildcat.core.atomic import atomic_path
from wildcat.core.errors import WildcatError

FORMAT = "wildcat.train/1"


class CheckpointError(WildcatError):
    """A checkpoint that is missing, unsafe, corrupt or not a wildcat checkpoint."""


def safe_load(path: str | Path) -> Any:
    """torch.load restricted to tensors and plain containers; anything else is refused."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(
            path, "the checkpoint file does not exist", "check the path (a run writes OUT/final.pt and OUT/last.pt)"
        )
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:
        detail = _unpickler_detail(exc)
        if "global" not in detail.lower():  # an opcode weights-only loading does not read: not a torch checkpoint
            raise CheckpointError(
                path,
                f"not a readable torch checkpoint ({detail})",
                "the file is truncated or of another format; use a complete .pt file written by torch.save",
            ) from exc
        # a reference to a Python object to build or call: code the file wants to run, so it is refused, and never
        # loaded "unsafely" instead
        raise CheckpointError(
            path,
            f"refused: the file holds a pickled Python object that weights-only loading does not allow ({detail})",
            "load only checkpoints written by wildcat or plain state dicts (torch.save(model.state_dict(), path)); "
            "a file that needs full unpickling can run code, so it is never opened that way",
        ) from exc
    except (RuntimeError, EOFError, OSError, ValueError, KeyError) as exc:
        raise CheckpointError(
            path,
            f"not a readable torch checkpoint ({_first_line(exc)})",
            "the file is truncated or of another format; use a complete .pt file",
        ) from exc


#: torch's advice around a weights-only refusal; wildcat never follows it, so it never repeats it
_TORCH_ADVICE = ("weights_only", "Weights only load failed", "Check the documentation", "Please file an issue")


def _unpickler_detail(exc: Exception) -> str:
    """The one informative line of torch's long weights-only error (what was refused)."""
    lines = [line.strip() for line in str(exc).splitlines()]
    useful = [line for line in lines if line and not any(a in line for a in _TORCH_ADVICE)]
    detail = useful[0] if useful else "unsupported pickle content"
    for advice in (" Please use", " If you trust", " Check the documentation"):  # advice sharing the line
        detail = detail.split(advice)[0]
    return detail.replace("WeightsUnpickler error:", "").strip() or "unsupported pickle content"


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def save_checkpoint(path: str | Path, meta: dict[str, Any], model: dict, **states: dict) -> Path:
    """Write meta + state dicts atomically (a killed job leaves the previous file intact)."""
    blob = {"format": FORMAT, "meta_json": json.dumps(meta, sort_keys=True), "model": model, **states}
    with atomic_path(path) as tmp:
        torch.save(blob, tmp)
    return Path(path)


def load_checkpoint(path: str | Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(meta, blob) of a wildcat checkpoint; blob["model"] is the state dict."""
    blob = safe_load(path)
    if not isinstance(blob, dict) or blob.get("format") != FORMAT or "meta_json" not in blob:
        raise CheckpointError(
            path,
            "not a wildcat training checkpoint (no format/meta)",
            "pass a file written by 'wildcat train' (OUT/final.pt)",
        )
    try:
        meta = json.loads(blob["meta_json"])
    except (TypeError, json.JSONDecodeError) as exc:
        raise CheckpointError(
            path, f"the checkpoint metadata is not valid JSON ({exc})", "re-create the checkpoint"
        ) from exc
    return meta, blob


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
