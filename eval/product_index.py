"""Product search over a faiss index of gallery images.

A product with several catalog images scores by its best image: the index is
searched deep enough (k x the most images any allowed product has) that k
distinct products always come back, then images collapse to products.
The index ranks as the model's evaluation does (eval.inner_product): an L2
model's rows carry -||g||^2, and with unlabelled photos of the query domain
(`reference`) each row carries -r_j (hub correction, eval.hubness), each as one
more coordinate; every query is searched with as many 1s appended, so the faiss
scores are the evaluation's.

Filtered search (by category, locale or any stored field) sees only the
allowed images: a small allowed set is scored exactly from the stored vectors
(an approximate graph loses recall when most nodes are filtered out), a large
one through a faiss ID selector.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from wildcat.core.manifest import Sample
from wildcat.eval.hubness import DEFAULT_K, searchable_rows
from wildcat.eval.index import IndexSpec, build_index, configure, faiss_module, search_params
from wildcat.eval.index_file import IndexFileError, read_signed, write_signed
from wildcat.eval.inner_product import with_ones
from wildcat.eval.tuning import tune

FILE_KIND = "wildcat.eval.ProductIndex"
META_FIELDS = ("sample_id", "product_id", "category", "locale", "path")
METRICS = ("cosine", "l2")  # what the model was trained to compare (eval.inner_product)
EXACT_BELOW = 20_000  # filtered searches over fewer allowed images are scored exactly


@dataclass(frozen=True)
class Hit:
    product_id: str
    score: float
    sample_id: str  # the gallery image that scored best for this product
    path: str


class ProductIndex:
    def __init__(
        self,
        index: Any,
        spec: IndexSpec,
        meta: Mapping[str, Sequence[str]],
        checkpoint_hash: str = "",
        hub_correction: Mapping[str, int] | None = None,
        metric: str = "cosine",
    ) -> None:
        self.index = index
        self.spec = spec
        self.meta = {f: list(meta[f]) for f in META_FIELDS}
        self.checkpoint_hash = checkpoint_hash
        # {reference_images, k} when the rows carry their hub scores (queries then get a 1 appended); else None
        self.hub_correction = dict(hub_correction) if hub_correction else None
        if metric not in METRICS:
            raise ValueError(f"metric must be one of {', '.join(METRICS)}, got {metric!r}")
        self.metric = metric
        self._appended = int(self.metric == "l2") + int(self.hub_correction is not None)  # 1s each query gets
        self._arrays = {f: np.asarray(v, dtype=object) for f, v in self.meta.items()}
        # Per-product bookkeeping once, at build or load: each row's product as an integer, and the most images
        # any product has (how deep an unfiltered search fetches), so a search costs what the faiss call costs.
        products, self._product_of_row = np.unique(self._arrays["product_id"].astype(str), return_inverse=True)
        self._products = products  # sorted: a product's integer is its position here
        self.n_products = len(products)
        self._most_images = int(np.bincount(self._product_of_row).max()) if len(products) else 0

    @classmethod
    def build(
        cls,
        vectors: np.ndarray,
        gallery: Sequence[Sample],
        spec: IndexSpec,
        rng: np.random.Generator,
        checkpoint_hash: str = "",
        reference: np.ndarray | None = None,
        metric: str = "cosine",
    ) -> ProductIndex:
        """Index `vectors` [n, d], row i being the image of `gallery[i]`, ranked by the model's `metric` (cosine
        or l2); hub-corrected on `reference` [m, d] (unlabelled photos embedded as queries are) when given."""
        if len(vectors) != len(gallery) or len(gallery) == 0:
            raise ValueError(f"need one vector per gallery image, got {len(vectors)} vectors for {len(gallery)} images")
        meta = {f: [str(getattr(s, f)) for s in gallery] for f in META_FIELDS}
        vectors, _ = searchable_rows(vectors, metric, reference)
        hub = None if reference is None else {"reference_images": len(reference), "k": DEFAULT_K}
        index = build_index(vectors, spec, rng)
        return cls(index, tune(index, vectors, spec, rng), meta, checkpoint_hash, hub, metric)

    def __len__(self) -> int:
        return len(self.meta["sample_id"])

    def allowed_rows(self, where: Mapping[str, str | Sequence[str]] | None) -> np.ndarray | None:
        """Row ids whose metadata matches every `field: value(s)` of `where` (None = all)."""
        if not where:
            return None
        keep = np.ones(len(self), dtype=bool)
        for field, wanted in where.items():
            if field not in self._arrays:
                raise KeyError(f"cannot filter on {field!r}; stored fields are {', '.join(META_FIELDS)}")
            values = [wanted] if isinstance(wanted, str) else list(wanted)
            keep &= self._rows_of_products(values) if field == "product_id" else np.isin(self._arrays[field], values)
        return np.flatnonzero(keep)

    def _rows_of_products(self, ids: Sequence[str]) -> np.ndarray:
        """bool per row: its product is one of `ids`. Through the products' integers, so a market of a hundred
        thousand products against a million rows is a table lookup, not a comparison of strings."""
        wanted = np.asarray(ids, dtype=str)
        at = np.searchsorted(self._products, wanted)
        found = at[(at < len(self._products)) & (self._products[np.minimum(at, len(self._products) - 1)] == wanted)]
        chosen = np.zeros(self.n_products, dtype=bool)
        chosen[found] = True
        return chosen[self._product_of_row]

    def search(
        self, queries: np.ndarray, k: int = 10, where: Mapping[str, str | Sequence[str]] | None = None
    ) -> list[list[Hit]]:
        """The best k products for each query vector, best first, within the `where` filter."""
        q = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        if q.shape[1] + self._appended != self.index.d:
            raise ValueError(
                f"queries of {q.shape[1]} dimensions against an index of {self.index.d - self._appended}: "
                "embed them with the model that built the index"
            )
        q = with_ones(q, self._appended)
        rows = self.allowed_rows(where)
        n_allowed = len(self) if rows is None else len(rows)
        if n_allowed == 0:
            return [[] for _ in q]
        most = self._most_images if rows is None else int(np.bincount(self._product_of_row[rows]).max())
        fetch = min(n_allowed, k * most)
        scores, ids = self._raw_search(q, fetch, rows)
        return [self._collapse(s, i, k) for s, i in zip(scores, ids, strict=False)]

    def _raw_search(self, q: np.ndarray, fetch: int, rows: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
        if rows is None:
            return self.index.search(q, fetch)
        if len(rows) <= EXACT_BELOW and self.spec.kind != "flat":
            vecs = self.index.reconstruct_batch(rows.astype(np.int64))
            sims = q @ vecs.T
            top = np.argsort(-sims, axis=1, kind="stable")[:, :fetch]
            return np.take_along_axis(sims, top, axis=1), rows[top]
        faiss = faiss_module()
        selector = faiss.IDSelectorBatch(rows.astype(np.int64))
        params = search_params(self.spec, selector, fetch)
        return self.index.search(q, fetch, params=params)

    def _collapse(self, scores: np.ndarray, ids: np.ndarray, k: int) -> list[Hit]:
        hits, seen = [], set()
        for score, i in zip(scores, ids, strict=False):
            if i < 0:
                continue
            pid = self.meta["product_id"][i]
            if pid in seen:
                continue  # this product already scored with a better image
            seen.add(pid)
            hits.append(Hit(pid, float(score), self.meta["sample_id"][i], self.meta["path"][i]))
            if len(hits) == k:
                break
        return hits

    def product_vectors(self) -> dict[str, np.ndarray]:
        """Each product's mean indexed vector, normalised (read back from the index: approximate for IVF-PQ);
        the query of style search."""
        vectors = self.index.reconstruct_n(0, len(self)) if len(self) else np.zeros((0, self.index.d), np.float32)
        vectors = vectors[:, : vectors.shape[1] - self._appended]  # norms and hub scores are no part of a look
        sums = np.zeros((self.n_products, vectors.shape[1]))
        np.add.at(sums, self._product_of_row, vectors)
        sums /= np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
        return {str(p): sums[i].astype(np.float32) for i, p in enumerate(self._products)}

    def categories(self) -> dict[str, str]:
        """product id -> its category."""
        return dict(zip(self.meta["product_id"], self.meta["category"], strict=True))

    def save(self, path: str | Path) -> Path:
        """Write the index and its metadata as one signed file (see eval.index_file)."""
        faiss = faiss_module()
        header = {
            "kind": FILE_KIND,
            "spec": self.spec.model_dump(),
            "checkpoint_hash": self.checkpoint_hash,
            "n": len(self),
            "dim": self.index.d,
            "hub_correction": self.hub_correction,
            "metric": self.metric,
        }
        sections = {
            "meta": zlib.compress(json.dumps(self.meta).encode("utf-8")),
            "faiss": faiss.serialize_index(self.index).tobytes(),
        }
        return write_signed(path, header, sections)

    @classmethod
    def load(cls, path: str | Path) -> ProductIndex:
        """Read a file `save` wrote; any other or altered file raises IndexFileError before faiss sees it."""
        header, sections = read_signed(path)
        if header.get("kind") != FILE_KIND or set(sections) != {"meta", "faiss"}:
            raise IndexFileError(
                path, f"holds {header.get('kind')!r}, not a product index", "pass a file written by ProductIndex.save"
            )
        faiss = faiss_module()
        try:
            index = faiss.deserialize_index(np.frombuffer(sections["faiss"], dtype=np.uint8))
            spec = IndexSpec.model_validate(header["spec"])
            configure(index, spec)
            meta = json.loads(zlib.decompress(sections["meta"]))
            loaded = cls(
                index,
                spec,
                meta,
                header.get("checkpoint_hash", ""),
                header.get("hub_correction"),
                header.get("metric", "cosine"),
            )
            if any(len(v) != index.ntotal for v in loaded.meta.values()):
                raise ValueError(f"the metadata does not describe the index's {index.ntotal} vectors")
        except (RuntimeError, KeyError, ValueError, TypeError, zlib.error) as exc:
            # signed (the built-in key is no secret) yet not what ProductIndex.save writes: a forged or foreign file
            raise IndexFileError(
                path,
                f"the index file passed its signature check but its contents cannot be read ({exc})",
                "rebuild the index with 'wildcat eval index'",
            ) from exc
        return loaded
