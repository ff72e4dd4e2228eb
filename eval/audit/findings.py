"""Scoring a catalog's listings for three kinds of error, each finding with its score, evidence and a fix:

- wrong_image: an image closer to another listing than to its own listing's other images (image evidence) and
  than to its own title's predicted look (title evidence);
- duplicate: two listings whose images match (and, with titles, whose texts match);
- colour: a listing whose title names a colour its image does not show (segment.colours).

Scores rank: the higher, the likelier the error. Every listing image, listing pair among near neighbours and
coloured title is scored, so precision-recall curves can be drawn against injected errors (bench/audit_grocery.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from wildcat.segment import ColourVocabulary, Dominant, colour_words

KINDS = ("wrong_image", "duplicate", "colour")
#: weight of the title's text similarity beside the image similarity when scoring a duplicate pair
TITLE_WEIGHT = 0.5
NEIGHBOURS = 5  # listings each listing is compared with for duplicates


@dataclass(frozen=True)
class Listing:
    product_id: str
    title: str  # title and variant name: what the listing is called (its colour words are checked)
    text: str  # title, description and variant name: everything the shop says (the title branch reads it)
    category: str
    images: tuple[str, ...]  # paths, the main image first
    family: str = ""  # the variation family (parent id) it belongs to; "" = none


@dataclass(frozen=True)
class Finding:
    kind: str
    product_id: str
    score: float
    image: str = ""  # the image in question (wrong_image, colour), or the listing's main image
    other_product: str = ""  # the nearest other listing (wrong_image, duplicate)
    other_image: str = ""
    fix: str = ""
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass
class AuditData:
    listings: list[Listing]
    vectors: np.ndarray  # [images, d] normalised, listing by listing in order
    owner: np.ndarray  # [images] the listing index of each image
    paths: list[str]

    def family_of_images(self) -> np.ndarray:
        return np.array([self.listings[i].family for i in self.owner], dtype=object)

    @classmethod
    def of(cls, listings: Sequence[Listing], vectors_by_path: dict[str, np.ndarray]) -> AuditData:
        """Listings with the vectors of their readable images (an unreadable image is left out)."""
        rows = [(i, p) for i, lst in enumerate(listings) for p in lst.images if p in vectors_by_path]
        vectors = np.stack([vectors_by_path[p] for _, p in rows]).astype(np.float32)
        return cls(list(listings), vectors, np.array([i for i, _ in rows]), [p for _, p in rows])


def wrong_images(data: AuditData, title_vectors: np.ndarray | None = None) -> list[Finding]:
    """One finding per image: how much nearer it is to another listing than to its own."""
    n = len(data.vectors)
    own, other = np.full(n, -np.inf), np.full(n, -np.inf)
    nearest, title_score = np.zeros(n, dtype=np.int64), np.zeros(n)
    family = data.family_of_images()
    listing_family = np.array([lst.family for lst in data.listings], dtype=object)
    for rows, sims in _image_blocks(data):
        at = np.arange(len(rows))
        same = data.owner[rows, None] == data.owner[None, :]
        own_sims = np.where(same, sims, -np.inf)
        own_sims[at, rows] = -np.inf  # not itself
        own[rows] = own_sims.max(1)
        # Variants of one family look alike by design (one shoe, three colourways): their images are no
        # evidence of a wrong product; a swapped variant image is the colour check's to find.
        masked = np.where(same | _kin(family[rows], family), -np.inf, sims)
        nearest[rows] = masked.argmax(1)
        other[rows] = masked[at, nearest[rows]]
        if title_vectors is not None:
            by_title = data.vectors[rows] @ title_vectors.T  # [block, listings]
            mine = by_title[at, data.owner[rows]]
            kin = _kin(family[rows], listing_family)  # its own and its siblings' titles
            kin[at, data.owner[rows]] = True
            title_score[rows] = np.where(kin, -np.inf, by_title).max(1) - mine
    title_score[~np.isfinite(title_score)] = 0.0  # no other listing's title to compare with
    known = np.isfinite(own)
    typical = float(np.median(own[known])) if known.any() else 1.0
    image_score = other - np.where(known, own, typical)  # a single-image listing: against a typical own match
    findings = []
    for i in np.flatnonzero(np.isfinite(other)):  # else: no image outside its listing and family to point to
        p, q = data.listings[data.owner[i]], data.listings[data.owner[nearest[i]]]
        evidence = {"own_image_similarity": _num(own[i]), "other_image_similarity": float(other[i])}
        if title_vectors is not None:
            evidence["title_gap"] = float(title_score[i])
        findings.append(
            Finding(
                "wrong_image",
                p.product_id,
                float(image_score[i] + title_score[i]),
                data.paths[i],
                q.product_id,
                data.paths[nearest[i]],
                f"remove it from {p.product_id}, or move it to {q.product_id}",
                evidence,
            )  # fmt: skip
        )
    return findings


def duplicates(data: AuditData, text_sims=None, k: int = NEIGHBOURS) -> list[Finding]:
    """One finding per listing pair among each listing's k nearest: their best image match (plus their texts',
    `text_sims[a, b]`, eval.audit.titles.TextSimilarity)."""
    pairs: dict[tuple[int, int], float] = {}
    for a, nearest, best in _listing_neighbours(data, k):
        for b, value in zip(nearest, best, strict=True):
            pairs[(min(a, b), max(a, b))] = value
    findings = []
    for (a, b), image in sorted(pairs.items()):
        text = float(text_sims[a, b]) if text_sims is not None else 0.0
        p, q = data.listings[a], data.listings[b]
        findings.append(
            Finding(
                "duplicate",
                p.product_id,
                image + TITLE_WEIGHT * text,
                p.images[0],
                q.product_id,
                q.images[0],
                f"merge {q.product_id} into {p.product_id} if they are one product",
                {"image_similarity": image, "text_similarity": text},
            )  # fmt: skip
        )
    return findings


#: image rows compared with every image at a time: memory BLOCK x images, never images x images
BLOCK = 1024


def _image_blocks(data: AuditData):
    """(row indices, their similarities to every image [rows, images]) a block at a time."""
    for start in range(0, len(data.vectors), BLOCK):
        rows = np.arange(start, min(start + BLOCK, len(data.vectors)))
        yield rows, data.vectors[rows] @ data.vectors.T


def _listing_neighbours(data: AuditData, k: int):
    """(listing, its k nearest other listings outside its family, their best image match) for every listing
    with an image. A listing's images are contiguous (AuditData.of), so images reduce to listings by reduceat."""
    starts = np.flatnonzero(np.r_[True, data.owner[1:] != data.owner[:-1]])  # first image of each listing
    listed = data.owner[starts]
    family = np.array([data.listings[i].family for i in listed], dtype=object)
    step = max(1, BLOCK * len(listed) // max(len(data.vectors), 1))  # listings a block, about BLOCK images
    for g0 in range(0, len(listed), step):
        g1 = min(g0 + step, len(listed))
        end = starts[g1] if g1 < len(listed) else len(data.vectors)
        sims = data.vectors[starts[g0] : end] @ data.vectors.T
        best = np.maximum.reduceat(np.maximum.reduceat(sims, starts, axis=1), starts[g0:g1] - starts[g0], axis=0)
        best[np.arange(g1 - g0), np.arange(g0, g1)] = -np.inf  # not itself
        best[_kin(family[g0:g1], family)] = -np.inf  # variants of one family: distinct products by the shop's word
        for j, row in enumerate(best):
            top = [int(b) for b in np.argsort(-row, kind="stable")[:k] if np.isfinite(row[b])]
            yield int(listed[g0 + j]), [int(listed[b]) for b in top], [float(row[b]) for b in top]


def _kin(mine: np.ndarray, theirs: np.ndarray) -> np.ndarray:
    """[len(mine), len(theirs)] whether two families are the same (no family is kin to none)."""
    return (mine[:, None] == theirs[None, :]) & (mine[:, None] != "")


def colour_findings(
    listings: Sequence[Listing], dominant: dict[str, Sequence[Dominant]], vocab: ColourVocabulary
) -> list[Finding]:
    """One finding per listing whose title names a colour: how far its main image is from that colour (the
    description is not read: it names the colours of other things too, "reminds of Royal Gala")."""
    families: dict[str, list[Listing]] = {}  # family -> its coloured variants: each listing's candidates to swap with
    for lst in listings:
        if lst.family and colour_words(lst.title):
            families.setdefault(lst.family, []).append(lst)
    findings = []
    for lst in listings:
        if not colour_words(lst.title) or lst.product_id not in dominant:
            continue
        colours = dominant[lst.product_id]
        score, word, seen = vocab.contradiction(lst.title, colours)
        evidence = {
            "title_colours": colour_words(lst.title),
            "image_colours": vocab.names(colours),
            "swatches": [{"hex": lab_hex(d.lab), "share": round(d.share, 3)} for d in colours],
        }
        fix = f"check the image: the title says {word}, the image looks {seen}" if word else ""
        sibling = _sibling_it_fits(lst, families.get(lst.family, ()), colours, vocab) if word else None
        if sibling is not None:
            evidence["fits_sibling"] = sibling.product_id
            fix = f"it looks like the {sibling.product_id} variant ({seen}): swap their images?"
        findings.append(Finding("colour", lst.product_id, score, lst.images[0], fix=fix, evidence=evidence))
    return findings


def _sibling_it_fits(
    lst: Listing, variants: Sequence[Listing], colours: Sequence[Dominant], vocab: ColourVocabulary
) -> Listing | None:
    """Of the coloured `variants` of `lst`'s family, the one whose title's colours the image fits (no
    contradiction) most closely, if any: the listing whose image this probably is."""
    main = max(colours, key=lambda d: d.share, default=None)
    fitting = [o for o in variants if o is not lst and vocab.contradiction(o.title, colours)[0] == 0.0]
    if not fitting or main is None:
        return None
    return min(fitting, key=lambda o: min(vocab.distance(w, main.lab) for w in colour_words(o.title)))


def lab_hex(lab: Sequence[float]) -> str:
    """A CIELAB colour as #rrggbb (for swatches)."""
    rgb = cv2.cvtColor(np.asarray(lab, np.float32).reshape(1, 1, 3), cv2.COLOR_LAB2RGB).reshape(3)
    return "#" + "".join(f"{int(round(np.clip(v, 0, 1) * 255)):02x}" for v in rgb)


def _num(v: float) -> float | None:
    return float(v) if np.isfinite(v) else None
