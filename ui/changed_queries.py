"""The failure gallery: queries whose rank moved most between the two runs
(flips at rank 1 first), each with its top five under both models."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

import wildcat.eval as ev
from wildcat.core.contact_sheet import contact_sheet
from wildcat.core.errors import WildcatError
from wildcat.ui.run_pair import common_queries
from wildcat.ui.thumbnails import GREEN, framed, placeholder, read_rgb, square

TOP = 5


@dataclass(frozen=True)
class ChangedQuery:
    query_id: str
    path: str
    product_id: str
    rank_before: int  # 0-based
    rank_after: int
    top_before: list[str]  # product ids, best first
    top_after: list[str]
    scores_before: list[float]
    scores_after: list[float]
    images_before: list[str]  # the gallery image each top product scored with
    images_after: list[str]


def changed_queries(a: ev.EvalResult, b: ev.EvalResult, n: int) -> tuple[list[ChangedQuery], list[ChangedQuery]]:
    """(improved, worsened): up to `n` each, the biggest rank changes first, flips at rank 1 before the others."""
    ia, ib = common_queries(a, b)
    ra, rb = a.ranks[ia], b.ranks[ib]
    gain = ra - rb
    flip = (ra == 0) != (rb == 0)
    order = np.lexsort((-np.abs(gain), ~flip))
    better = [j for j in order if gain[j] > 0][:n]
    worse = [j for j in order if gain[j] < 0][:n]
    return [_row(a, b, ia[j], ib[j]) for j in better], [_row(a, b, ia[j], ib[j]) for j in worse]


def _row(a: ev.EvalResult, b: ev.EvalResult, i: int, j: int) -> ChangedQuery:
    q = a.queries[i]
    return ChangedQuery(
        q.sample_id,
        q.path,
        q.product_id,
        int(a.ranks[i]),
        int(b.ranks[j]),
        a.topk_ids[i][:TOP],
        b.topk_ids[j][:TOP],
        [float(s) for s in a.topk_scores[i][:TOP]],
        [float(s) for s in b.topk_scores[j][:TOP]],
        a.top_images(i)[:TOP],
        b.top_images(j)[:TOP],
    )


def strip(row: ChangedQuery, names: tuple[str, str], tile: int = 96) -> np.ndarray:
    """One image: the query, then the top five of each run (each by the gallery image it scored with); the right
    product framed green."""
    images = [_tile(row.path, tile)]
    captions = ["query"]
    runs = (
        (names[0], row.top_before, row.scores_before, row.images_before),
        (names[1], row.top_after, row.scores_after, row.images_after),
    )
    for name, ids, scores, shown in runs:
        for r in range(TOP):
            pid = ids[r] if r < len(ids) else None
            img = _tile(shown[r], tile) if pid else placeholder(tile)
            images.append(framed(img, GREEN) if pid == row.product_id else img)
            captions.append(f"{name[:6]}#{r + 1} {scores[r]:.2f}" if pid else f"{name[:6]}#{r + 1} -")
    return contact_sheet(images, captions, tile=tile, columns=len(images))


def _tile(path: str, side: int) -> np.ndarray:
    try:
        return square(read_rgb(path), side)
    except (WildcatError, OSError):
        return placeholder(side)
