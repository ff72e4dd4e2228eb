"""Where evaluation gets its inputs: an embedder, gallery rows, query rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import wildcat.train as train
from wildcat.core.catalog import Catalog, catalog_samples, wild_samples
from wildcat.core.errors import WildcatError
from wildcat.core.manifest import Sample, read_manifest
from wildcat.eval.baselines import ColorHistogramEmbedder
from wildcat.eval.embedder import Embedder

#: training-free embedders: the pretrained trunk with no training ("zero-shot", or "zero-shot:BACKBONE@SIZE"),
#: and a colour histogram
BASELINES = ("zero-shot", "colorhist")


def load_embedder(checkpoint: Path | None = None, baseline: str | None = None) -> Embedder:
    """A trained checkpoint (through `train.load_embedder`) or a named training-free baseline."""
    if (checkpoint is None) == (baseline is None):
        raise WildcatError(
            None,
            "give exactly one of --checkpoint and --baseline",
            f"e.g. --checkpoint runs/x/checkpoint.pt or --baseline {BASELINES[0]}",
        )
    if baseline == "colorhist":
        return ColorHistogramEmbedder()
    if baseline is not None:
        return train.zero_shot_embedder(*zero_shot_args(baseline))
    return train.load_embedder(checkpoint)


def require_same_model(index, embedder: Embedder, path: Path) -> None:
    """An index answers only queries embedded by the model that built it."""
    if index.checkpoint_hash and index.checkpoint_hash != embedder.checkpoint_hash:
        raise WildcatError(
            path,
            f"was built with embedder {index.checkpoint_hash}, not {embedder.checkpoint_hash}",
            "query with the same checkpoint, or rebuild the index",
        )


def zero_shot_args(baseline: str) -> tuple[str, int]:
    """(backbone, input side) of a zero-shot baseline name: zero-shot, zero-shot:BACKBONE or zero-shot:BACKBONE@SIZE."""
    name, _, spec = baseline.partition(":")
    backbone, _, size = spec.partition("@")
    if name != "zero-shot" or (size and not (size.isdigit() and int(size) >= 16)):
        raise WildcatError(
            None,
            f"unknown baseline {baseline!r}",
            f"use one of {', '.join(BASELINES)}, or zero-shot:BACKBONE@SIZE (SIZE at least 16 pixels)",
        )
    return backbone or train.ZERO_SHOT_BACKBONE, int(size) if size else train.ZERO_SHOT_SIZE


def gallery_rows(catalog: Catalog) -> list[Sample]:
    rows = catalog_samples(catalog)
    if not rows:
        raise WildcatError(
            catalog.root, "the catalog has no product images", "check the catalog with 'wildcat catalog check'"
        )
    return rows


def query_rows(
    catalog: Catalog,
    splits: Sequence[str] | None = None,
    query_data: Path | None = None,
    note: Callable[[str], None] | None = None,
    option: str = "--queries",
) -> list[Sample]:
    """Labelled wild photos of the catalog's splits (all splits when None), or the wild rows of a dataset's manifest.

    note: told how many rows of `query_data` were skipped (not wild) and of which domains. option: the command-line
    option that named the splits (the fix names it).
    """
    if query_data is not None:
        return wild_rows(query_data, note)
    chosen = list(splits) if splits else catalog.labelled_splits
    missing = sorted(set(chosen) - set(catalog.labelled_splits))
    if missing or not chosen:
        raise WildcatError(
            catalog.root,
            f"the catalog has no labelled wild photos for split(s) {', '.join(missing) or '(any)'}; it has: "
            f"{', '.join(catalog.labelled_splits) or 'none'}",
            f"pass {option} with splits it has" + (", or --query-data DATASET_DIR" if option == "--queries" else ""),
        )
    return wild_samples(catalog, chosen)


def dataset_rows(dataset_dir: Path) -> list[Sample]:
    """A dataset's manifest rows with absolute image paths; a row naming a file outside the folder is refused
    (ConfigError), never read."""
    rows = [r.model_copy(update={"path": str(r.resolve_inside(dataset_dir))}) for r in read_manifest(dataset_dir)]
    if not rows:
        raise WildcatError(
            dataset_dir, "the dataset manifest has no rows", "point at a folder holding a non-empty manifest.parquet"
        )
    return rows


def wild_rows(dataset_dir: Path, note: Callable[[str], None] | None = None) -> list[Sample]:
    """The rows of domain "wild" of a dataset (a folder may also hold synthetic rows: those never become queries)."""
    rows = dataset_rows(dataset_dir)
    wild = [r for r in rows if r.domain == "wild"]
    others = Counter(r.domain for r in rows if r.domain != "wild")
    if not wild:
        raise WildcatError(
            dataset_dir,
            f"the manifest has no wild rows (domain 'wild'), only {_counts(others)}",
            "point --query-data at a dataset of labelled wild photos, or query with catalog splits (--queries)",
        )
    if note is not None:
        skipped = f"skipped {sum(others.values())} other rows ({_counts(others) or 'none'})"
        note(f"queries: {len(wild)} wild rows of {dataset_dir}; {skipped}")
    return wild


def _counts(domains: Counter) -> str:
    return ", ".join(f"{n} {d}" for d, n in sorted(domains.items()))
