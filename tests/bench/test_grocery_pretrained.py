"""The pretrained table: gap closed from the better baseline to the oracle, on the shared val photos and on dev,
checked on hand-made evaluations whose recall is known."""

import numpy as np

from wildcat.core.manifest import Sample
from wildcat.eval.result import EvalResult

from bench import grocery_pretrained

N_DEV, N_VAL = 20, 10  # the first N_VAL dev queries are the val photos


def _result(folder, hits_dev: int, splits=("train", "val")) -> str:
    """A saved evaluation whose first `hits_dev` queries rank their product first (rank 0), the rest rank 9."""
    queries = []
    for i in range(N_DEV):
        split = "val" if i < N_VAL else "train"
        if split in splits:
            queries.append(
                Sample(
                    sample_id=f"q{i}",
                    path=f"/q{i}.jpg",
                    product_id=f"p{i}",
                    domain="wild",
                    generator="wild",
                    split=split,
                )
            )
    n = len(queries)
    ranks = np.array([0 if i < hits_dev else 9 for i in range(n)], np.int64)
    EvalResult(queries, [], ranks, np.zeros(n), [[] for _ in range(n)], np.zeros((n, 0), np.float32), {}).save(folder)
    return str(folder)


def test_gap_closed_from_the_better_baseline_on_val_and_on_dev(tmp_path):
    runs = {
        "zero-shot": [_result(tmp_path / "z", 4)],  # val recall@1 0.4, dev 0.2
        "catalog-only": [_result(tmp_path / "c", 2)],  # val 0.2
        "synthetic": [_result(tmp_path / "s", 7)],  # val 0.7, dev 0.35
        "oracle": [_result(tmp_path / "o", 10, splits=("val",))],  # val 1.0
    }
    text = grocery_pretrained.summary_table(runs)
    row = next(line for line in text.splitlines() if line.startswith("| synthetic |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[2].startswith("0.350") and cells[4].startswith("0.700")  # dev and val recall@1
    assert cells[6].startswith("0.50 ") and "(paired)" in cells[6]  # (0.7 - 0.4) / (1.0 - 0.4) on val
    assert cells[8].startswith("0.19 ") and "(independent)" in cells[8]  # (0.35 - 0.2) / (1.0 - 0.2) on dev
    assert "on val zero-shot at both ranks" in text
