"""The Samples page's detail view (Streamlit): the sample full size, its
catalog image, the images it was made from, its lineage by heading, and
regeneration from its seed."""

from __future__ import annotations

import streamlit as st

from wildcat.core.errors import WildcatError
from wildcat.core.imageio import load_array
from wildcat.core.manifest import Sample
from wildcat.core.workspace import Workspace
from wildcat.ui import cached, sample_table
from wildcat.ui.lineage_view import lineage_sections, source_images
from wildcat.ui.regenerate import can_regenerate, regenerate_sample
from wildcat.ui.thumbnails import read_rgb

REGEN = "samples.regenerated"  # {sample key: Regenerated}
MIN_WIDTH = 320  # pixels


def show_detail(ws: Workspace, dataset: str, sample_id: str, back_key: str) -> None:
    st.button(
        ":material/arrow_back: Back to the grid",
        on_click=st.session_state.pop,
        args=(back_key, None),
        key="samples.back",
    )
    catalog, _ = cached.catalog(ws)
    row = sample_table.sample_row(ws, catalog, dataset, sample_id)
    if row is None:
        st.error(
            f"Sample {sample_id!r} is no longer in {dataset}: the dataset was rewritten. Go back and pick another."
        )
        return
    folder = sample_table.dataset_folder(ws, dataset)
    path = row.resolve(folder) if folder else row.path
    st.subheader(sample_id)
    score = f", score {row.score:.3f}" if row.score is not None else ""
    st.caption(
        f"dataset **{dataset}** · product **{row.product_id}** · {row.category or 'no category'} · "
        f"{row.locale or 'no locale'} · {row.generator} ({row.domain}, {row.split}){score}"
    )
    product = catalog.by_id().get(row.product_id) if catalog else None
    left, right = st.columns([3, 2])
    with left:
        _image(path, "the sample, full size")
    with right:
        if product and product.images:
            _image(product.images[0], f"catalog image of {product.id}")
        else:
            st.caption("This product is not in the catalog.")
    roots = [ws.root] + ([catalog.root] if catalog else [])
    _sources(row, roots)
    _lineage(row)
    if folder is not None:
        _regenerate(row, folder)


def _image(path, caption: str) -> None:
    """The image at its own size, small ones enlarged to MIN_WIDTH so details show."""
    try:
        image = read_rgb(path)
        st.image(image, caption=caption, width=max(MIN_WIDTH, image.shape[1]))
    except WildcatError as exc:
        st.warning(f"Cannot show {caption}: {exc}")


def _sources(row: Sample, roots) -> None:
    sources = source_images(row, roots)
    if not sources:
        return
    st.markdown("**Made from**")
    cols = st.columns(min(4, len(sources)))
    for i, src in enumerate(sources):
        with cols[i % len(cols)]:
            if src.showable:
                st.image(cached.thumbnail(src.path, 200), caption=src.label)
            else:
                st.caption(f"{src.label}: `{src.path}` ({src.note})")


def _lineage(row: Sample) -> None:
    st.markdown("**Lineage**")
    sections = lineage_sections(row.lineage)
    if not sections:
        st.caption("This sample has no lineage (catalog images and photos are not generated).")
        return
    for tab, part in zip(st.tabs(list(sections)), sections.values(), strict=True):
        with tab:
            st.json(part, expanded=2)


def _regenerate(row: Sample, folder) -> None:
    if not can_regenerate(row.generator):
        st.caption(
            "Regeneration from the seed is available for composites (cut-paste); this sample was made by "
            f"{row.generator!r}."
        )
        return
    key = f"{folder}:{row.sample_id}"
    done = st.session_state.setdefault(REGEN, {})
    if st.button("Regenerate from its seed", key="samples.regenerate", icon=":material/replay:"):
        with st.spinner("Regenerating (the first one loads the compositor)..."):
            done[key] = regenerate_sample(row, folder)
    result = done.get(key)
    if result is None:
        return
    (st.success if result.identical else st.error)(result.message)
    if result.data is not None:
        a, b = st.columns(2)
        with a:
            _image_bytes(result.original, "file on disk")
        with b:
            _image_bytes(result.data, "regenerated now")


def _image_bytes(data: bytes | None, caption: str) -> None:
    if data:
        try:
            image = load_array(data, mode="RGB", name=caption)
            st.image(image, caption=caption, width=max(MIN_WIDTH, image.shape[1]))
        except WildcatError as exc:
            st.warning(f"Cannot show the {caption}: {exc}")
