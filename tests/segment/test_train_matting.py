"""train-matting at toy size: the loss falls and the exported ONNX runs through rembg."""

import json

import numpy as np

from wildcat.segment.matting_net import build_net, rembg_normalise
from wildcat.segment.rembg_backend import RembgBackend, load_session
from wildcat.segment.train_matting import METRICS_FILE, MODEL_FILE, MattingTrainConfig, fit, train_matting


def test_rembg_normalise_matches_rembg(tiny_onnx):
    from PIL import Image

    rgb = np.random.default_rng(0).integers(0, 200, (320, 320, 3), dtype=np.uint8)
    session = load_session("u2net_custom", RembgBackend(model_path=tiny_onnx).path)
    theirs = session.normalize(Image.fromarray(rgb), (0.485, 0.456, 0.406), (0.229, 0.224, 0.225), (320, 320))
    assert np.allclose(next(iter(theirs.values()))[0], rembg_normalise(rgb), atol=1e-5)


def test_loss_falls_on_composites():
    import torch

    torch.manual_seed(0)
    net = build_net(base=4, depth=2)
    cfg = MattingTrainConfig(steps=20, batch=4, size=32, lr=1e-2)
    losses = fit(net, cfg, seed=3, sources=[], progress=False)
    assert np.mean(losses[-5:]) < 0.8 * np.mean(losses[:5])


def test_train_matting_exports_a_model_rembg_runs(tmp_path):
    cfg = MattingTrainConfig(steps=3, batch=2, size=32, base_channels=4, eval_count=2, eval_size=48)
    metrics = train_matting(tmp_path, cfg, seed=1, progress=False)
    model = tmp_path / MODEL_FILE
    import onnx

    graph = onnx.load(str(model)).graph
    dims = [[d.dim_value for d in v.type.tensor_type.shape.dim] for v in (graph.input[0], graph.output[0])]
    assert dims == [[1, 3, 320, 320], [1, 1, 320, 320]]
    matte = RembgBackend(model_path=model)(np.full((50, 70, 3), 200, np.uint8))
    assert matte.alpha.shape == (50, 70)
    saved = json.loads((tmp_path / METRICS_FILE).read_text())
    assert saved == metrics and {"net_iou", "net_mae", "whitebg_iou", "whitebg_mae", "net_vs_whitebg_iou"} <= set(saved)
    assert (tmp_path / "config.yaml").exists()
