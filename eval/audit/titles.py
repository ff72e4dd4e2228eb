"""The title branch: a listing's text (title and description) as a vector in the image embedding's space, with no
downloaded weights.

Text becomes character n-gram TF-IDF (robust to the hyphens, brand names and typos of shop titles); a ridge
regression learned on the catalog's own listings maps it to the mean embedding of the listing's images. Each
listing's text vector is predicted by a model fitted on the other folds (cross-fitting), so a listing whose image
is wrong is judged by what *other* listings with such words look like, never by its own (wrong) image.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import Ridge

FOLDS = 5


def tfidf(texts: Sequence[str]) -> sparse.csr_matrix:
    """[n, features] L2-normalised character 2-4-gram TF-IDF of each text (word-bounded), sparse: a catalog's
    titles share few of the n-grams they hold between them."""
    vectoriser = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), lowercase=True, sublinear_tf=True)
    return vectoriser.fit_transform([_clean(t) for t in texts]).astype(np.float32).tocsr()


def _clean(text: str) -> str:
    return " ".join(text.replace("-", " ").replace("_", " ").split())


class TextSimilarity:
    """sims[a, b]: cosine similarity of texts a and b's TF-IDF (rephrased titles of one product score high),
    computed per pair asked for: a catalog of a million listings needs no million-squared matrix."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._x = tfidf(texts)

    def __getitem__(self, pair: tuple[int, int]) -> float:
        a, b = pair
        return float(self._x[a].multiply(self._x[b]).sum())


def predicted_image_vectors(
    texts: Sequence[str], targets: np.ndarray, rng: np.random.Generator, alpha: float = 1.0
) -> np.ndarray:
    """[n, d] each text's predicted image vector (normalised), from a ridge map fitted on the other folds."""
    x = tfidf(texts)
    n = len(texts)
    out = np.zeros((n, targets.shape[1]), np.float32)
    folds = np.array_split(rng.permutation(n), min(FOLDS, n))
    for held in folds:
        train = np.setdiff1d(np.arange(n), held)
        if len(train) == 0:
            continue
        model = Ridge(alpha=alpha).fit(x[train], targets[train])
        out[held] = model.predict(x[held])
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
