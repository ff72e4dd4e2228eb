"""Report figures (matplotlib, Agg canvas: no display, no global pyplot state)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from wildcat.core.atomic import atomic_path

DOMAIN_COLOURS = {"catalog": "#1f77b4", "synthetic": "#ff7f0e", "wild": "#2ca02c"}
MAP_METHODS = ("pca", "tsne")


def _figure(width: float, height: float) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=110)
    FigureCanvasAgg(fig)
    return fig


def _save(fig: Any, path: str | Path) -> Path:
    fig.tight_layout()
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png")
    return Path(path)


def plot_recall_curves(curves: Mapping[str, Mapping[str, Sequence[float]]], path: str | Path) -> Path:
    """Recall@k against k (log axis) with the bootstrap band, one line per run."""
    fig = _figure(6.4, 4.2)
    ax = fig.add_subplot()
    for name, c in curves.items():
        k = np.asarray(c["k"])
        line = ax.plot(k, c["recall"], label=name, lw=1.8, marker="o" if len(k) < 12 else None, ms=3)[0]
        ax.fill_between(k, c["lo"], c["hi"], color=line.get_color(), alpha=0.2, lw=0)
    ax.set_xscale("log")
    ax.set_xlim(1, max(max(c["k"]) for c in curves.values()))
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("k (products returned)")
    ax.set_ylabel("recall@k")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="lower right")
    ax.set_title("In-the-wild recall@k (95% bootstrap band)")
    return _save(fig, path)


def plot_deltas(
    rows: Sequence[tuple[str, float, float, float, int]], path: str | Path, metric: str = "recall@1"
) -> Path:
    """Horizontal bars of after - before per group, with interval whiskers; rows = (label, delta, lo, hi, n)."""
    rows = sorted(rows, key=lambda r: r[1])
    fig = _figure(6.4, max(2.2, 0.28 * len(rows) + 1.2))
    ax = fig.add_subplot()
    y = np.arange(len(rows))
    deltas = np.array([r[1] for r in rows])
    err = np.array([[r[1] - r[2] for r in rows], [r[3] - r[1] for r in rows]])
    colours = ["#2ca02c" if d > 0 else "#d62728" if d < 0 else "#7f7f7f" for d in deltas]
    ax.barh(y, deltas, color=colours, xerr=np.nan_to_num(err), ecolor="#333333", capsize=2)
    ax.set_yticks(y, [f"{r[0]} (n={r[4]})" for r in rows], fontsize=8)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_xlabel(f"{metric}: after - before")
    ax.set_title(f"Per-category change in {metric} (95% paired bootstrap)")
    return _save(fig, path)


def embedding_map(embeddings: Mapping[str, np.ndarray], method: str, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """2-D coordinates per domain from one joint PCA or t-SNE fit."""
    names = [d for d, x in embeddings.items() if len(x)]
    joint = np.concatenate([embeddings[d] for d in names]).astype(np.float64)
    if method == "tsne" and len(joint) > 5:
        from sklearn.manifold import TSNE

        perplexity = float(min(30, (len(joint) - 1) / 3))
        xy = TSNE(2, perplexity=perplexity, init="pca", random_state=int(rng.integers(0, 2**31 - 1))).fit_transform(
            joint
        )
    else:
        xy = pca_2d(joint)
    bounds = np.cumsum([0] + [len(embeddings[d]) for d in names])
    return {d: xy[bounds[i] : bounds[i + 1]] for i, d in enumerate(names)}


def pca_2d(x: np.ndarray) -> np.ndarray:
    """Projection on the two main axes (numpy SVD; zeros where there is no variance, e.g. a collapsed model)."""
    centred = x - x.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    axes = vt[:2] * (s[:2] > 1e-9 * max(s[0], 1e-30))[:, None]
    return np.pad(centred @ axes.T, ((0, 0), (0, 2 - len(axes))))


def plot_embedding_maps(
    runs: Mapping[str, Mapping[str, np.ndarray]], path: str | Path, rng: np.random.Generator, method: str = "pca"
) -> Path:
    """One scatter per run of its embeddings coloured by domain (catalog, synthetic, wild)."""
    fig = _figure(5.0 * len(runs), 4.4)
    for i, (name, emb) in enumerate(runs.items(), start=1):
        ax = fig.add_subplot(1, len(runs), i)
        for domain, xy in embedding_map(emb, method, rng).items():
            ax.scatter(
                xy[:, 0],
                xy[:, 1],
                s=8 if domain != "catalog" else 22,
                alpha=0.6,
                label=f"{domain} ({len(xy)})",
                color=DOMAIN_COLOURS.get(domain),
            )
        ax.set_title(f"{name}: embeddings by domain ({method.upper()})", fontsize=10)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.legend(fontsize=8, loc="best")
    return _save(fig, path)
