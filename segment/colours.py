"""A perceptual colour vocabulary: colour names as clusters in CIELAB, learned from a catalog's own foreground
pixels (the cutouts) and the colour words of its titles.

Generic word embeddings place colour words badly (ReStGAN, for fashion text-to-image); CIELAB is built so that
distance follows perceived difference, and CIEDE2000 refines that distance further. Every name starts from a seed
prototype (the sRGB colour the word usually means); a catalog whose titles use the word moves it: the dominant
foreground colours of those products that lie near the seed are clustered, and the clusters become the name's
prototypes (a "gold" shoe and a "gold" lamp may be two golds).

A product's colours are the dominant clusters of its foreground pixels (k-means in CIELAB), each named by its
nearest prototype; a title's colour word contradicts its image when the image holds nothing near that word's
prototypes while another name fits it better.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from skimage.color import deltaE_ciede2000
from sklearn.cluster import KMeans

from wildcat.segment.background import to_lab

#: name -> its usual sRGB colour (the seed prototype)
SEED_RGB: dict[str, tuple[int, int, int]] = {
    "black": (20, 20, 20),
    "white": (245, 245, 245),
    "grey": (128, 128, 128),
    "silver": (192, 192, 196),
    "red": (200, 30, 35),
    "maroon": (115, 20, 40),
    "pink": (240, 150, 180),
    "orange": (240, 130, 20),
    "brown": (120, 72, 35),
    "beige": (222, 200, 160),
    "cream": (248, 238, 210),
    "gold": (205, 165, 50),
    "yellow": (240, 215, 30),
    "olive": (110, 110, 35),
    "green": (40, 150, 55),
    "teal": (20, 128, 128),
    "turquoise": (60, 200, 200),
    "blue": (30, 70, 200),
    "navy": (20, 30, 90),
    "purple": (120, 50, 150),
}
#: other words for the same names
SYNONYMS = {
    "gray": "grey", "charcoal": "grey", "violet": "purple", "lilac": "purple", "lavender": "purple",
    "crimson": "red", "scarlet": "red", "burgundy": "maroon", "wine": "maroon", "rose": "pink", "magenta": "pink",
    "golden": "gold", "ivory": "cream", "tan": "beige", "khaki": "beige", "aqua": "turquoise", "cyan": "turquoise",
    "lime": "green", "emerald": "green", "mint": "green", "mustard": "yellow", "chocolate": "brown",
    "coffee": "brown", "midnight": "navy", "champagne": "beige", "sand": "beige", "mango": "orange",
    "amber": "orange", "peacock": "teal", "ruby": "red", "blush": "pink", "jet": "black", "pearl": "white",
    "snow": "white",
}  # fmt: skip
#: a dominant colour takes part in naming and contradiction when it covers at least this share of the product
MIN_SHARE = 0.15
#: a title colour's product colours join its learned clusters only within this CIEDE2000 of the seed
LEARN_RADIUS = 30.0
PIXELS = 4000  # foreground pixels sampled per image for its dominant colours


def lab(rgb: np.ndarray) -> np.ndarray:
    """[..., 3] uint8 sRGB -> [..., 3] CIELAB (D65), as the segmenter computes it."""
    return to_lab(np.asarray(rgb, np.uint8).reshape(-1, 1, 3)).astype(np.float64).reshape(np.shape(rgb))


def colour_words(text: str) -> list[str]:
    """The vocabulary's names a text uses, in order, synonyms mapped ("Gray jersey, navy trim" -> grey, navy)."""
    words = re.findall(r"[a-z]+", text.lower())
    found = [SYNONYMS.get(w, w) for w in words if SYNONYMS.get(w, w) in SEED_RGB]
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class Dominant:
    lab: tuple[float, float, float]
    share: float  # of the foreground pixels


def dominant_colours(rgba: np.ndarray, rng: np.random.Generator, k: int = 3, min_alpha: int = 128) -> list[Dominant]:
    """The k main colours of an image's foreground (alpha >= min_alpha; all pixels of an RGB image), biggest
    first. An image with no foreground has none."""
    pixels = rgba[..., :3][rgba[..., 3] >= min_alpha] if rgba.shape[-1] == 4 else rgba.reshape(-1, 3)
    if len(pixels) == 0:
        return []
    if len(pixels) > PIXELS:
        pixels = pixels[rng.choice(len(pixels), PIXELS, replace=False)]
    points = lab(pixels)
    k = min(k, len(np.unique(pixels, axis=0)))
    km = KMeans(k, n_init=3, random_state=int(rng.integers(2**31))).fit(points)
    shares = np.bincount(km.labels_, minlength=k) / len(points)
    order = np.argsort(-shares, kind="stable")
    return [Dominant(tuple(float(v) for v in km.cluster_centers_[i]), float(shares[i])) for i in order]


@dataclass
class ColourVocabulary:
    """name -> its prototypes in CIELAB (the seed, or what the catalog's products of that name look like)."""

    prototypes: dict[str, list[tuple[float, float, float]]] = field(default_factory=dict)
    learned_from: dict[str, int] = field(default_factory=dict)  # name -> products that moved it

    @classmethod
    def seeded(cls) -> ColourVocabulary:
        return cls({name: [tuple(lab(np.array(rgb, np.uint8)).tolist())] for name, rgb in SEED_RGB.items()})

    @classmethod
    def learn(
        cls, products: Iterable[tuple[str, Sequence[Dominant]]], max_clusters: int = 2, seed: int = 0
    ) -> ColourVocabulary:
        """From (title text, its image's dominant colours) pairs: each name's clusters of the dominant colours,
        near its seed, of the products whose titles use it; names no title uses keep their seed."""
        vocab = cls.seeded()
        near: dict[str, list[np.ndarray]] = {}
        for text, dominant in products:
            for name in colour_words(text):
                seed_lab = np.asarray(vocab.prototypes[name][0])
                close = [np.asarray(d.lab) for d in dominant if d.share >= MIN_SHARE]
                close = [c for c in close if _delta(c, seed_lab) <= LEARN_RADIUS]
                if close:
                    near.setdefault(name, []).append(min(close, key=lambda c: _delta(c, seed_lab)))
        for name, points in near.items():
            pts = np.stack(points)
            k = min(max_clusters, len(pts) // 3) or 1  # a cluster speaks for at least three products
            centres = (
                pts.mean(0, keepdims=True)
                if k == 1
                else KMeans(k, n_init=3, random_state=seed).fit(pts).cluster_centers_
            )
            vocab.prototypes[name] = [tuple(float(v) for v in c) for c in centres]
            vocab.learned_from[name] = len(pts)
        return vocab

    def distance(self, name: str, colour: Sequence[float]) -> float:
        """CIEDE2000 from `colour` (CIELAB) to the nearest prototype of `name`."""
        return min(_delta(np.asarray(colour), np.asarray(p)) for p in self.prototypes[name])

    def name_of(self, colour: Sequence[float]) -> str:
        return min(self.prototypes, key=lambda n: self.distance(n, colour))

    def names(self, dominant: Sequence[Dominant]) -> list[str]:
        """The names of an image's dominant colours (those covering MIN_SHARE or more), biggest first."""
        return list(dict.fromkeys(self.name_of(d.lab) for d in dominant if d.share >= MIN_SHARE))

    def contradiction(self, text: str, dominant: Sequence[Dominant]) -> tuple[float, str, str]:
        """How much a text's colour words disagree with an image: for its worst-fitting word, how much farther (in
        CIEDE2000) the image's nearest main colour lies from that word than from the name that fits that colour
        best; 0 when every word fits (or the text names no colour). Returns (score, the word, the better name)."""
        main = [d for d in dominant if d.share >= MIN_SHARE] or list(dominant[:1])
        worst = (0.0, "", "")
        for word in colour_words(text):
            gaps = [(self.distance(word, d.lab) - self.distance(self.name_of(d.lab), d.lab), d) for d in main]
            gap, d = min(gaps, key=lambda g: g[0], default=(0.0, None))
            if d is not None and gap > worst[0]:
                worst = (float(gap), word, self.name_of(d.lab))
        return worst

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps({"prototypes": self.prototypes, "learned_from": self.learned_from}, indent=1))

    @classmethod
    def load(cls, path: str | Path) -> ColourVocabulary:
        doc = json.loads(Path(path).read_text())
        return cls({k: [tuple(p) for p in v] for k, v in doc["prototypes"].items()}, dict(doc["learned_from"]))


def _delta(a: np.ndarray, b: np.ndarray) -> float:
    return float(deltaE_ciede2000(np.asarray(a, np.float64), np.asarray(b, np.float64)))


def product_colours(vocab: ColourVocabulary, dominant: Mapping[str, Sequence[Dominant]]) -> dict[str, list[str]]:
    """product id -> the names of its main colours: the colour attribute search can filter on."""
    return {pid: vocab.names(d) for pid, d in dominant.items()}
