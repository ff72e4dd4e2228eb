"""Distance between embedding distributions: is synthetic data closer to the wild?

Fréchet distance (Gaussian fit, as in FID) and KID (unbiased MMD^2 with the
cubic polynomial kernel, averaged over random subsets), both on the model's own
embeddings. KID is unbiased and usable with a few dozen images per domain; the
Fréchet distance is biased upward for small sets, so compare it only between
sets of similar size.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations
from typing import Any

import numpy as np

MIN_IMAGES = 2  # fewer than this per domain and neither distance is defined


def _sqrt_psd(m: np.ndarray) -> np.ndarray:
    w, v = np.linalg.eigh((m + m.T) / 2)
    return (v * np.sqrt(np.clip(w, 0, None))) @ v.T


def frechet_distance(a: np.ndarray, b: np.ndarray) -> float:
    """||mu_a - mu_b||^2 + Tr(S_a + S_b - 2 (S_a S_b)^1/2) between Gaussian fits of two sets of vectors."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    mu_a, mu_b = a.mean(0), b.mean(0)
    s_a, s_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    root_a = _sqrt_psd(s_a)
    # Tr((S_a S_b)^1/2) = Tr((S_a^1/2 S_b S_a^1/2)^1/2): symmetric, so eigvalsh is stable when S is singular.
    cross = np.sqrt(np.clip(np.linalg.eigvalsh(root_a @ s_b @ root_a), 0, None)).sum()
    return float(np.sum((mu_a - mu_b) ** 2) + np.trace(s_a) + np.trace(s_b) - 2 * cross)


def _poly_kernel(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return (x @ y.T / x.shape[1] + 1.0) ** 3


def mmd2_unbiased(a: np.ndarray, b: np.ndarray) -> float:
    """Unbiased MMD^2 between two samples under the cubic polynomial kernel."""
    m, n = len(a), len(b)
    k_aa, k_bb, k_ab = _poly_kernel(a, a), _poly_kernel(b, b), _poly_kernel(a, b)
    term_a = (k_aa.sum() - np.trace(k_aa)) / (m * (m - 1))
    term_b = (k_bb.sum() - np.trace(k_bb)) / (n * (n - 1))
    return float(term_a + term_b - 2 * k_ab.mean())


def kid(
    a: np.ndarray, b: np.ndarray, rng: np.random.Generator, n_subsets: int = 50, subset_size: int = 1000
) -> dict[str, float]:
    """Kernel Inception Distance: mean and std of MMD^2 over random subsets."""
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    size = min(subset_size, len(a), len(b))
    values = [
        mmd2_unbiased(a[rng.choice(len(a), size, replace=False)], b[rng.choice(len(b), size, replace=False)])
        for _ in range(n_subsets)
    ]
    return {"mean": float(np.mean(values)), "std": float(np.std(values)), "subset_size": int(size)}


def domain_gap(features: Mapping[str, np.ndarray], rng: np.random.Generator, n_subsets: int = 50) -> dict[str, Any]:
    """Pairwise distances between domains ({"catalog": X, "synthetic": Y, "wild": Z}).

    Returns {"n": {domain: count}, "pairs": {"a|b": {"frechet", "kid", "kid_std"}}};
    domains with fewer than MIN_IMAGES vectors are left out.
    """
    usable = {d: np.asarray(x) for d, x in features.items() if len(x) >= MIN_IMAGES}
    pairs = {}
    for da, db in combinations(sorted(usable), 2):
        k = kid(usable[da], usable[db], rng, n_subsets)
        pairs[f"{da}|{db}"] = {
            "frechet": frechet_distance(usable[da], usable[db]),
            "kid": k["mean"],
            "kid_std": k["std"],
        }
    return {"n": {d: int(len(x)) for d, x in features.items()}, "pairs": pairs}
