"""Small helpers that turn report numbers into markdown (and strict JSON)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any


def num(x: Any, digits: int = 3) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    return f"{x:.{digits}f}"


def ci(block: Mapping[str, float] | None, digits: int = 3) -> str:
    """ "0.523 [0.481, 0.566]" from {"value", "lo", "hi"}."""
    if not block:
        return "n/a"
    return f"{num(block['value'], digits)} [{num(block['lo'], digits)}, {num(block['hi'], digits)}]"


def pvalue(p: float | None) -> str:
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "n/a"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def strict_json(obj: Any) -> Any:
    """`obj` with nan and infinities as None, so report.json is strict JSON (readable outside Python)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, Mapping):
        return {k: strict_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [strict_json(v) for v in obj]
    return obj


def table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
