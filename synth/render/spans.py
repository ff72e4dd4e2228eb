"""Closed ranges for config fields, and drawing from them."""

from __future__ import annotations

from typing import Annotated

import numpy as np
from pydantic import AfterValidator


def _ordered(span: tuple[float, float]) -> tuple[float, float]:
    if span[0] > span[1]:
        raise ValueError(f"the range {list(span)} has its low end above its high end")
    return span


Span = Annotated[tuple[float, float], AfterValidator(_ordered)]
IntSpan = Annotated[tuple[int, int], AfterValidator(_ordered)]


def uniform(rng: np.random.Generator, span: tuple[float, float]) -> float:
    """A value drawn uniformly from [low, high]; one draw even when the range is a single point."""
    return float(rng.uniform(span[0], span[1]))
