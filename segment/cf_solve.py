"""Closed-form matting (Levin et al. 2008) with a solve whose bytes do not depend on threads.

pymatting's `estimate_alpha_cf` solves the matting Laplacian with conjugate
gradients whose dot products and norms go through BLAS (`np.inner`,
`np.linalg.norm`). OpenBLAS splits a dot product of more than 10,000 values
over its threads, so the sums are added in a thread-count dependent order and
the last bits differ. Where the system is ill-conditioned (the thresholded
incomplete Cholesky preconditioner fails and is retried with a diagonal
shift) CG amplifies those bits into visibly different alpha. Here the same
Laplacian and preconditioner are used, but every reduction is numpy's
single-threaded pairwise sum, so the same image gives the same alpha in any
process and at any thread count.
"""

from __future__ import annotations

import contextlib
import io

import numpy as np

#: CG stops when |residual| < RTOL * |b| (pymatting's default).
RTOL = 1e-7
MAX_ITER = 10000


def closed_form_alpha(rgb: np.ndarray, tri: np.ndarray, epsilon: float = 1e-6) -> np.ndarray:
    """float64 alpha of `rgb` (float64 HxWx3 in [0, 1]): `tri` where it is 0 or 1, solved where it is between."""
    from pymatting.laplacian.cf_laplacian import cf_laplacian  # heavy (numba); imported where used
    from pymatting.preconditioner.ichol import ichol

    flat = tri.ravel()
    is_fg, is_known = flat >= 0.9, (flat <= 0.1) | (flat >= 0.9)
    unknown = ~is_known
    lap = cf_laplacian(rgb, epsilon=epsilon, is_known=is_known)
    rows = lap[unknown, :]
    a = rows[:, unknown]
    b = -(rows[:, is_known] @ is_fg[is_known].astype(np.float64))
    # pymatting prints a "PERFORMANCE WARNING" each time it retries the
    # factorisation with a larger shift; that retry is expected on flat,
    # noise-free edges and deterministic, so the print is only noise.
    with contextlib.redirect_stdout(io.StringIO()):
        precondition = ichol(a.tocsc())
    x = flat.astype(np.float64)
    x[unknown] = conjugate_gradient(a.tocsr(), b, precondition)
    return x.reshape(tri.shape)


def conjugate_gradient(a, b: np.ndarray, precondition) -> np.ndarray:
    """Preconditioned CG for a x = b (a: sparse SPD), as pymatting's `cg`, with fixed-order reductions."""
    x = np.zeros_like(b)
    r = b.copy()
    stop = RTOL * _norm(b)
    if _norm(r) < stop:
        return x
    z = precondition(r)
    p = z.copy()
    rz = _dot(r, z)
    for _ in range(MAX_ITER):
        ap = a @ p
        step = rz / _dot(p, ap)
        x += step * p
        r -= step * ap
        if _norm(r) < stop:
            return x
        z = precondition(r)
        rz, rz_old = _dot(r, z), rz
        p *= rz / rz_old
        p += z
    raise ValueError(f"closed-form matting did not converge within {MAX_ITER} iterations")


def _dot(u: np.ndarray, v: np.ndarray) -> float:
    # np.add.reduce is pairwise and single-threaded; np.dot/np.inner are BLAS.
    return float(np.add.reduce(u * v))


def _norm(u: np.ndarray) -> float:
    return float(np.sqrt(_dot(u, u)))
