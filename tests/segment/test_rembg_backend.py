"""The rembg backend for real: rembg's own u2net_custom session running a tiny ONNX model."""

import numpy as np
import pytest

from wildcat.segment.errors import ModelNotFoundError, SegmentError
from wildcat.segment.quality import iou
from wildcat.segment.rembg_backend import RembgBackend, load_session, resolve_model

from tests.segment.conftest import disc_mask, studio


def test_tiny_onnx_model_through_rembg_u2net_custom(tiny_onnx):
    backend = RembgBackend("u2net", model_path=tiny_onnx)  # a model path means u2net_custom
    assert backend.session_name == "u2net_custom" and backend.model == "u2net_custom:tiny.onnx"
    mask = disc_mask(80, 22)
    matte = backend(studio(mask, color=(30, 40, 160)))
    assert matte.alpha.shape == (80, 80) and matte.alpha.dtype == np.float32
    assert iou(matte.alpha, mask.astype(np.float32)) > 0.9
    # rembg's session class did the work, and it is made once per process.
    from rembg.sessions.u2net_custom import U2netCustomSession

    session = load_session("u2net_custom", backend.path)
    assert isinstance(session, U2netCustomSession) and load_session("u2net_custom", backend.path) is session


def test_version_names_the_weights(tiny_onnx, tmp_path):
    other = tmp_path / "other.onnx"
    other.write_bytes(tiny_onnx.read_bytes() + b"\0")
    assert RembgBackend(model_path=tiny_onnx).version != RembgBackend(model_path=other).version


def test_missing_model_names_the_file_and_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("U2NET_HOME", str(tmp_path / "models"))
    with pytest.raises(ModelNotFoundError) as err:
        resolve_model("isnet-general-use", None)
    msg = str(err.value)
    assert "isnet-general-use.onnx" in msg and str(tmp_path / "models") in msg and "never downloads" in msg
    assert not (tmp_path / "models").exists()  # nothing was fetched or created


def test_model_on_disk_in_rembg_folder_is_found(tmp_path, monkeypatch, tiny_onnx):
    monkeypatch.setenv("U2NET_HOME", str(tmp_path))
    (tmp_path / "u2netp.onnx").write_bytes(tiny_onnx.read_bytes())
    assert resolve_model("u2netp", None) == ("u2netp", tmp_path / "u2netp.onnx")


def test_missing_model_path(tmp_path):
    with pytest.raises(ModelNotFoundError, match="does not exist"):
        resolve_model("u2net", tmp_path / "nope.onnx")


@pytest.mark.parametrize(
    "name,match", [("no-such-model", "unknown rembg session"), ("sam", "prompts"), ("u2net_custom", "--model-path")]
)
def test_unusable_sessions_are_refused(name, match):
    with pytest.raises(SegmentError, match=match):
        resolve_model(name, None)
