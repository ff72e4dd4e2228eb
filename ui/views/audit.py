"""Audit page: the findings of `wildcat catalog audit` (images of the wrong product, duplicate listings, colour
words their images contradict), highest score first, each beside its evidence and the suggested fix."""

import json

import numpy as np
import pyarrow.parquet as pq
import streamlit as st

from wildcat.ui import cached, hints
from wildcat.ui.widgets import hint, require_workspace, workspace

KINDS = {"wrong_image": "Wrong-product images", "duplicate": "Duplicate listings", "colour": "Colour contradictions"}


def _swatch(hex_colour: str) -> np.ndarray:
    rgb = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    return np.full((24, 24, 3), rgb, np.uint8)


def _finding(row: dict, rank: int) -> None:
    evidence = json.loads(row["evidence"])
    a, b, c = st.columns([1, 1, 3])
    a.image(cached.thumbnail(row["image"], 160), caption=f"#{rank} {row['product_id']}")
    if row["other_image"]:
        b.image(cached.thumbnail(row["other_image"], 160), caption=f"nearest other: {row['other_product']}")
    elif evidence.get("swatches"):
        b.image([_swatch(s["hex"]) for s in evidence["swatches"]],
                caption=[f"{s['share']:.0%}" for s in evidence["swatches"]])  # fmt: skip
    lines = [f"score **{row['score']:.3f}**", f"suggested fix: {row['fix'] or 'none'}"]
    lines += [f"{k.replace('_', ' ')}: {v if not isinstance(v, float) else f'{v:.3f}'}" for k, v in evidence.items()
              if k != "swatches"]  # fmt: skip
    c.markdown("  \n".join(lines))


st.title("Audit")
ws = workspace()
if require_workspace(ws):
    path = ws.audit / "audit.parquet"
    if cached.catalog(ws)[0] is None:
        hint("The audit page reviews the catalog's findings, and this workspace has no catalog yet.",
             hints.no_catalog(ws))  # fmt: skip
    elif not path.is_file():
        hint("This workspace's catalog has not been audited yet.",
             f"wildcat catalog audit {ws.catalog} --out {ws.audit}")  # fmt: skip
    else:
        rows = pq.read_table(path).to_pylist()
        kind = st.radio("Kind", list(KINDS), format_func=KINDS.get, horizontal=True, key="audit.kind")
        found = sorted((r for r in rows if r["kind"] == kind), key=lambda r: -r["score"])
        n = st.number_input(f"Show the top (of {len(found)})", 1, max(1, len(found)), min(10, max(1, len(found))),
                            key="audit.n")  # fmt: skip
        st.caption("Highest score first: the likeliest errors. Scores rank within a kind; they are not probabilities.")
        for rank, row in enumerate(found[: int(n)], start=1):
            _finding(row, rank)
