"""Embedding map page: catalog, synthetic and wild images of the workspace embedded by one
model and projected to 2-D; hover a point to see its image, click it to open it."""

import altair as alt
import streamlit as st

from wildcat.core.errors import WildcatError
from wildcat.ui import cached, hints, sample_filter
from wildcat.ui.embedding_map import COLOUR_BY, METHODS, pick_points
from wildcat.ui.models import default_pair, model_choices
from wildcat.ui.thumbnails import read_rgb
from wildcat.ui.widgets import hint, market, market_ids, market_note, require_workspace, workspace


def _chart(frame, colour: str):
    pick = alt.selection_point(fields=["sample_id"], name="pick")
    return (
        alt.Chart(frame)
        .mark_circle(size=70)
        .encode(
            x=alt.X("x:Q", title=None, axis=None),
            y=alt.Y("y:Q", title=None, axis=None),
            color=alt.Color(f"{colour}:N", scale=alt.Scale(scheme="tableau10")),
            opacity=alt.condition(pick, alt.value(0.9), alt.value(0.25)),
            tooltip=["image", "product_id", "category", "domain", "generator", "locale"],
        )
        .add_params(pick)
        .properties(height=560)
    )


def _picked(event, frame):
    """The rows of the clicked point (the chart's selection state is a dict: selection -> pick -> [fields])."""
    selection = event.get("selection", {}) if event else {}
    ids = [r.get("sample_id") for r in selection.get("pick", [])]
    return frame[frame["sample_id"].isin(ids)]


st.title("Embedding map")
ws = workspace()
table = cached.samples(ws) if require_workspace(ws) else None
if table is not None and table.num_rows == 0:
    hint(
        "Nothing to map yet: import a catalog (and generate data) first.",
        hints.no_catalog(ws) + "\n" + hints.no_datasets(ws),
    )
elif table is not None:
    choices = model_choices(ws)
    labels = [c.label for c in choices]
    c1, c2, c3, c4 = st.columns(4)
    choice = choices[labels.index(c1.selectbox("Model", labels, index=default_pair(choices)[1], key="map.model"))]
    per_domain = c2.number_input("Images per domain", 10, 2000, 200, step=50, key="map.n")
    method = c3.selectbox("Projection", METHODS, key="map.method")
    colour = c4.selectbox("Colour by", COLOUR_BY, key="map.colour")
    ids = market_ids(ws)
    shown = sample_filter.apply(
        table, sample_filter.SampleFilter(market=market(), market_products=frozenset(ids) if ids is not None else None)
    )
    market_note("points")
    points = pick_points(shown, int(per_domain))
    if points.num_rows < 3:
        st.info("Fewer than three images to map (for this market).")
    else:
        try:
            frame = cached.embedding_points(ws, choice, points, method)
        except WildcatError as exc:  # e.g. a damaged checkpoint
            st.error(str(exc))
            st.stop()
        counts = frame["domain"].value_counts().to_dict()
        st.caption(
            f"{len(frame)} images under {choice.label} ({', '.join(f'{d}: {n}' for d, n in counts.items())}). "
            "Hover a point to see the image; click one to open it below."
        )
        event = st.altair_chart(
            _chart(frame, colour), on_select="rerun", selection_mode="pick", key="map.chart", width="stretch"
        )
        picked = _picked(event, frame)
        sid = st.selectbox("Or pick an image", ["-"] + frame["sample_id"].tolist(), key="map.pick")
        if picked.empty and sid != "-":
            picked = frame[frame["sample_id"] == sid]
        for _, row in picked.head(1).iterrows():
            try:
                st.image(
                    read_rgb(row["file"]),
                    caption=f"{row['product_id']} · {row['domain']} · {row['generator']} · {row['sample_id']}",
                    width=320,
                )
            except WildcatError as exc:
                st.warning(str(exc))
