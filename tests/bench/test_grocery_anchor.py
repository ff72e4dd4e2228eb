"""The anchor sweep recombines one anchored forward pass into the embedding of any other weight."""

from types import SimpleNamespace

import numpy as np
import pytest
import torch

from wildcat.train import create_model
from wildcat.train.model import attach_anchor

from bench import grocery_anchor


def _anchored_model(weight: float, seed: int = 3):
    torch.manual_seed(seed)
    model = create_model("tiny", dim=8)
    torch.manual_seed(seed + 1)
    return attach_anchor(model, weight).eval()


def test_an_anchored_embedding_at_one_weight_gives_the_model_at_another():
    x = torch.randn(4, 3, 32, 32)
    at_04, at_07 = _anchored_model(0.4), _anchored_model(0.7)
    at_07.load_state_dict(at_04.state_dict())  # the same weights; only the anchor weight differs
    with torch.no_grad():
        v04, v07 = at_04(x)[0].numpy(), at_07(x)[0].numpy()
    e, a = grocery_anchor.parts(v04, SimpleNamespace(model=at_04), None)
    np.testing.assert_allclose(grocery_anchor.anchored(e, a, 0.7), v07, atol=1e-6)
    np.testing.assert_allclose(np.linalg.norm(e, axis=1), 1.0, rtol=1e-5)  # both parts are unit vectors
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, rtol=1e-5)


def test_a_plain_model_takes_its_pretrained_part_from_the_zero_shot_vectors():
    plain = np.eye(3, dtype=np.float32)
    zero_shot = np.array([[3.0, 4.0], [1.0, 0.0], [0.0, 2.0]], np.float32)
    e, a = grocery_anchor.parts(plain, SimpleNamespace(model=SimpleNamespace(anchor_dim=0)), zero_shot)
    np.testing.assert_array_equal(e, plain)
    np.testing.assert_allclose(a, [[0.6, 0.8], [1.0, 0.0], [0.0, 1.0]])


def test_a_saved_weight_reads_back_as_an_evaluation_with_its_ranks(tmp_path):
    from wildcat.core.manifest import Sample
    from wildcat.eval.embedder import Embedded
    from wildcat.eval.result import as_result

    def rows(n, domain):
        return [
            Sample(
                sample_id=f"{domain}{i}", path=f"/{domain}{i}.jpg", product_id=f"p{i}", domain=domain, generator=domain
            )
            for i in range(n)
        ]

    g = Embedded(np.eye(3, dtype=np.float32), rows(3, "catalog"), [])
    q = Embedded(np.array([[1, 0, 0], [0, 1, 0.2], [1, 0.1, 0]], np.float32), rows(3, "wild"), [])
    r = grocery_anchor.ranking(g, q)
    assert grocery_anchor.recall_at(r) == (2 / 3, 1.0)  # q2 (product p2) is nearest p0, then p1, then p2
    grocery_anchor.save(r, g, q, 0.4, tmp_path / "eval" / "run")
    back = as_result(tmp_path / "eval" / "run")
    np.testing.assert_array_equal(back.ranks, [0, 0, 2])
    assert back.report["anchor_weight"] == 0.4


def test_saving_into_the_benchmark_folder_itself_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit):  # before any catalog is read: --root names no folder here
        argv = ["--root", str(tmp_path / "absent"), "--out", str(tmp_path), "--runs", "r"]
        grocery_anchor.main([*argv, "--save", "0.4", str(tmp_path / ".")])
    assert "another folder than --out" in capsys.readouterr().err
