"""Samples page: a filtered, paged grid of every sample, and one sample's detail with its lineage."""

import streamlit as st

from wildcat.ui import cached, hints, sample_filter
from wildcat.ui.sample_detail import show_detail
from wildcat.ui.widgets import market, market_ids, market_note, require_workspace, workspace

DETAIL = "samples.detail"  # (dataset, sample_id) of the open sample
PAGE = "samples.page"
COLUMNS = 6
KEEP = "session"  # filters and page survive the detail view and visits to other pages


def _open(dataset: str, sample_id: str) -> None:
    st.session_state[DETAIL] = (dataset, sample_id)


def _filters(table, counts) -> sample_filter.SampleFilter:
    def pick(label, column, key, fmt=str):
        values = counts[column]
        return tuple(
            st.multiselect(
                label, list(values), key=key, format_func=lambda v: f"{fmt(v)} ({values[v]:,})", persist_state=KEEP
            )
        )

    c1, c2, c3 = st.columns(3)
    with c1:
        generators = pick("Source", "generator", "samples.generator", sample_filter.generator_label)
        datasets = pick("Dataset", "dataset", "samples.dataset")
    with c2:
        backgrounds = pick("Background kind", "background", "samples.background")
        categories = pick("Category", "category", "samples.category")
    with c3:
        products = pick("Product", "product_id", "samples.product")
        bounds = sample_filter.score_bounds(table)
        score_range, keep_unscored = None, True
        if bounds and bounds[1] > bounds[0]:
            score_range = st.slider(
                "Quality score", bounds[0], bounds[1], bounds, key="samples.score", persist_state=KEEP
            )
            keep_unscored = st.checkbox(
                "Keep samples without a score", True, key="samples.unscored", persist_state=KEEP
            )
            if score_range == bounds:
                score_range = None
    ids = market_ids(workspace())
    return sample_filter.SampleFilter(
        datasets,
        generators,
        backgrounds,
        categories,
        products,
        market(),
        frozenset(ids) if ids is not None else None,
        score_range,
        keep_unscored,
    )


def _grid(rows) -> None:
    for start in range(0, len(rows), COLUMNS):
        for col, row in zip(st.columns(COLUMNS), rows[start : start + COLUMNS], strict=False):
            with col:
                st.image(
                    cached.thumbnail(row["file"]),
                    width="stretch",
                    caption=f"{row['product_id']} · {sample_filter.generator_label(row['generator'])}",
                )
                st.button(
                    "Details",
                    key=f"open:{row['dataset']}:{row['sample_id']}",
                    on_click=_open,
                    args=(row["dataset"], row["sample_id"]),
                    width="stretch",
                )


st.title("Samples")
ws = workspace()
if require_workspace(ws):
    table = cached.samples(ws)
    if st.session_state.get(DETAIL):
        show_detail(ws, *st.session_state[DETAIL], back_key=DETAIL)
    elif table.num_rows == 0:
        catalog, why = cached.catalog(ws)
        st.info("No samples yet: import a catalog, then make cutouts and composites.")
        st.code((hints.no_catalog(ws) + "\n" if catalog is None else "") + hints.no_datasets(ws), language="bash")
    else:
        f = _filters(table, cached.facets(ws))
        shown = sample_filter.apply(table, f)
        market_note("samples")
        count, size = st.columns([4, 1], vertical_alignment="bottom")
        per_page = size.selectbox("Per page", (24, 48, 96), key="samples.per_page", persist_state=KEEP)
        pages = sample_filter.page_count(shown.num_rows, per_page)
        if st.session_state.get(PAGE, 1) > pages:
            st.session_state[PAGE] = 1  # the filter shrank the result under the page we were on
        count.markdown(f"**{shown.num_rows:,}** of {table.num_rows:,} samples match.")
        page = st.pagination(pages, key=PAGE, persist_state=KEEP) if pages > 1 else 1
        _grid(sample_filter.page_rows(shown, page, per_page))
