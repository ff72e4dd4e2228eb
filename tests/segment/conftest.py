"""Generated studio images with known masks, and a tiny ONNX matting model for the real rembg path."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image


def disc_mask(size: int, radius: float, center: tuple[float, float] | None = None) -> np.ndarray:
    yy, xx = np.mgrid[:size, :size]
    cy, cx = center or (size / 2, size / 2)
    return (yy - cy) ** 2 + (xx - cx) ** 2 < radius**2


def studio(
    mask: np.ndarray, color=(200, 40, 40), backdrop=(255, 255, 255), noise: float = 0.0, seed: int = 0
) -> np.ndarray:
    """An object painted `color` where `mask` is set, on a flat `backdrop`, with optional texture on the object."""
    rng = np.random.default_rng(seed)
    img = np.empty(mask.shape + (3,), np.float32)
    img[:] = backdrop
    obj = np.asarray(color, np.float32) + (rng.normal(0, noise, mask.shape + (3,)) if noise else 0)
    img[mask] = obj[mask] if noise else obj
    return np.clip(img + 0.5, 0, 255).astype(np.uint8)


def save(path, arr: np.ndarray):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(arr).save(path)
    return path


@pytest.fixture(scope="session")
def tiny_onnx(tmp_path_factory):
    """An ONNX "matting model" in rembg's u2net shape: 1x3x320x320 in, 1x1x320x320 out,
    mask = sigmoid(8 * (1.2 - mean over channels)): dark-ish things on a light backdrop."""
    import onnx
    from onnx import TensorProto, helper

    inp = helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 320, 320])
    out = helper.make_tensor_value_info("mask", TensorProto.FLOAT, [1, 1, 320, 320])
    consts = [
        helper.make_tensor("axes", TensorProto.INT64, [1], [1]),
        helper.make_tensor("t", TensorProto.FLOAT, [], [1.2]),
        helper.make_tensor("k", TensorProto.FLOAT, [], [8.0]),
    ]
    nodes = [
        helper.make_node("ReduceMean", ["input", "axes"], ["m"], keepdims=1),
        helper.make_node("Sub", ["t", "m"], ["d"]),
        helper.make_node("Mul", ["d", "k"], ["z"]),
        helper.make_node("Sigmoid", ["z"], ["mask"]),
    ]
    graph = helper.make_graph(nodes, "tiny_matting", [inp], [out], initializer=consts)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    model.ir_version = 9
    onnx.checker.check_model(model)
    path = tmp_path_factory.mktemp("models") / "tiny.onnx"
    onnx.save(model, str(path))
    return path
