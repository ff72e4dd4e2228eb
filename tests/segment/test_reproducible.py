"""Same image => same cutout bytes in any process and at any BLAS/OpenMP/numba thread count.

The closed-form matting solve used to take its dot products from BLAS, which
sums a vector of more than 10,000 values in a thread-count dependent order;
on an ill-conditioned edge that changed alpha visibly between runs.
"""

import hashlib
import os
import subprocess
import sys

import numpy as np

from wildcat.segment.cf_solve import _dot

# An 800 px studio shot (whitebg's full work size): a textured object with
# soft edges on a slightly noisy white backdrop. Its unknown band holds
# ~33,000 pixels, far above the 10,000 at which OpenBLAS threads a dot product.
_CHILD = """
import hashlib, sys
import cv2, numpy as np
from wildcat.segment.cf_solve import closed_form_alpha
from wildcat.segment.cutout import cut_out
from wildcat.segment.matting import trimap
rng = np.random.default_rng(0)
mask = np.zeros((800, 800), np.float32)
cv2.ellipse(mask, (400, 400), (266, 228), 20.0, 0, 360, 1.0, -1, cv2.LINE_AA)
cv2.rectangle(mask, (160, 160), (400, 400), 1.0, -1, cv2.LINE_AA)
mask = cv2.GaussianBlur(mask, (0, 0), 1.5)[..., None]
obj = cv2.GaussianBlur(rng.uniform(30, 220, (800, 800, 3)).astype(np.float32), (0, 0), 3)
img = np.clip(245 * (1 - mask) + obj * mask + rng.normal(0, 1.0, obj.shape) + 0.5, 0, 255).astype(np.uint8)
tri = trimap(mask[..., 0] > 0.5, 10)
alpha = closed_form_alpha(img / 255.0, tri)
cut = cut_out(img, "whitebg")
digest = lambda a: hashlib.sha256(a.tobytes()).hexdigest()
print(int((tri == 0.5).sum()), digest(alpha), digest(cut.rgba))
"""


def _child(threads: int) -> list[str]:
    names = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS")
    env = {**os.environ, **{n: str(threads) for n in names}}
    done = subprocess.run([sys.executable, "-c", _CHILD], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_full_size_whitebg_cutout_is_identical_across_processes_and_threads():
    one, two = _child(1), _child(2)
    assert int(one[0]) > 20_000  # the solve is big enough for OpenBLAS to thread its dot products
    assert one[1] == two[1], "the closed-form alpha (float64) differs between 1 and 2 threads"
    assert one[2] == two[2], "the whitebg cutout bytes differ between 1 and 2 threads"


def test_solver_reductions_do_not_depend_on_blas_threads():
    from threadpoolctl import threadpool_limits

    rng = np.random.default_rng(1)
    u, v = rng.normal(size=200_001), rng.normal(size=200_001)
    sums = []
    for n in (1, 2):
        with threadpool_limits(limits=n, user_api="blas"):
            sums.append(hashlib.sha256(np.float64(_dot(u, v)).tobytes()).hexdigest())
    assert sums[0] == sums[1]
    assert abs(_dot(u, v) - float(u @ v)) < 1e-9 * np.abs(u * v).sum()
