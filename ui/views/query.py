"""Query page: a photo (uploaded, or a labelled wild photo) against the catalog under a
before and an after model, side by side, filtered by category and market."""

import pyarrow.compute as pc
import streamlit as st

from wildcat.core.errors import WildcatError
from wildcat.ui import cached, hints, sample_filter
from wildcat.ui.models import default_pair, model_choices
from wildcat.ui.product_search import RANK_DEPTH, rank_of
from wildcat.ui.thumbnails import read_rgb
from wildcat.ui.uploads import MAX_UPLOAD_MB, MAX_UPLOAD_PIXELS, UPLOAD_TYPES, UploadError, crop, read_upload
from wildcat.ui.widgets import box_inputs, hint, market, market_ids, market_note, searchable_catalog, workspace

ANY = "any category"


def _photo(ws):
    """(RGB image, the right product id or None) from the upload or the wild-photo picker; None when there is none
    yet."""
    source = st.radio("Photo", ("Upload a photo", "Pick a wild photo"), horizontal=True, key="query.source")
    if source == "Upload a photo":
        up = st.file_uploader(
            f"Photo ({', '.join(t.upper() for t in UPLOAD_TYPES)}; at most {MAX_UPLOAD_MB} MB and "
            f"{MAX_UPLOAD_PIXELS / 1e6:.0f} megapixels)",
            type=list(UPLOAD_TYPES),
            max_upload_size=MAX_UPLOAD_MB,
            key="query.upload",
        )
        return (read_upload(up.getvalue(), up.name), None) if up is not None else None
    ids = market_ids(ws)
    table = sample_filter.apply(
        cached.samples(ws),
        sample_filter.SampleFilter(market=market(), market_products=frozenset(ids) if ids is not None else None),
    )
    wild = table.filter(pc.equal(table.column("domain"), "wild")).to_pylist()
    if not wild:
        hint("There is no labelled wild photo in this workspace (for this market).", hints.no_wild_queries(ws))
        return None
    by_key = {f"{r['product_id']} · {r['sample_id']}": r for r in wild}
    row = by_key[st.selectbox(f"Wild photo ({len(wild):,})", list(by_key), key="query.wild")]
    return read_rgb(row["file"]), row["product_id"]


def _crop(image):
    h, w = image.shape[:2]
    if not st.checkbox(f"Crop ({w}x{h} px)", key="query.crop"):
        return image
    return crop(image, box_inputs(image, "query", (0, 0, w, h)))


def _results(ws, choice, image, k, category, truth, products=None) -> None:
    st.markdown(f"**{choice.label}**")
    search = cached.gallery(ws, choice)
    # deep enough to place the right product in most cases, never the whole catalog (millions of images)
    ranked = search.search(image, max(k, RANK_DEPTH), category, market(), products)
    if not ranked:
        st.caption("No product passes the filters.")
    # normalised embeddings score by cosine; an L2-trained model (architectures A-C) by a similarity it ranks by
    score = "cosine similarity" if getattr(search.embedder, "metric", "cosine") == "cosine" else "similarity"
    for rank, h in enumerate(ranked[:k], start=1):
        a, b = st.columns([1, 3])
        a.image(cached.thumbnail(h.path, 96))
        mark = " :green[**right product**]" if h.product_id == truth else ""
        b.markdown(f"#{rank} `{h.product_id}`{mark}  \n{score} {h.score:.3f}")
    right = rank_of(ranked, truth)
    if truth and (right is None or right > k):
        if right:
            where = f"at rank {right}"
        elif len(ranked) == max(k, RANK_DEPTH):
            where = f"not in the top {len(ranked)}, or filtered away by the category or market"
        else:
            where = "filtered away by the category or market"
        st.caption(f"The right product `{truth}` is {where}.")


def _colour_filter(ws):
    """The products of the chosen colour (from the catalog audit's colours.json), or None for any colour."""
    colours = cached.product_colours(ws)
    if not colours:
        return None
    names = sorted({n for found in colours.values() for n in found})
    chosen = st.selectbox("Colour (from the catalog audit)", ["any colour", *names], key="query.colour")
    return None if chosen == "any colour" else [p for p, found in colours.items() if chosen in found]


st.title("Query")
ws = workspace()
catalog = searchable_catalog(ws, "query")
if catalog is not None:
    choices = model_choices(ws)
    labels = [c.label for c in choices]
    if len(choices) == 1:
        st.info("No trained model yet: both sides use the training-free colour histogram. Train one with:")
        st.code(hints.no_runs(ws), language="bash")
    i_before, i_after = default_pair(choices)
    c1, c2, c3, c4 = st.columns([2, 2, 2, 1])
    before = choices[labels.index(c1.selectbox("Before model", labels, index=i_before, key="query.before"))]
    after = choices[labels.index(c2.selectbox("After model", labels, index=i_after, key="query.after"))]
    categories = sorted({p.category for p in catalog.products})
    category = c3.selectbox("Category", [ANY, *categories], key="query.category")
    k = c4.number_input("Top k", 1, 20, 5, key="query.k")
    coloured = _colour_filter(ws)
    market_note("results")
    st.caption(
        "Scores are similarities between embeddings (cosine for normalised models: 1 = the same direction), not "
        "probabilities: compare them within one model's list, not across models."
    )
    try:
        photo = _photo(ws)
        if photo is not None:
            image, truth = photo[0], photo[1]
            image = _crop(image)
            left, mid, right = st.columns([1, 2, 2])
            left.image(image, caption="query" + (f" (product {truth})" if truth else ""), width="stretch")
            with mid:
                _results(ws, before, image, int(k), None if category == ANY else category, truth, coloured)
            with right:
                _results(ws, after, image, int(k), None if category == ANY else category, truth, coloured)
    except (UploadError, WildcatError) as exc:
        st.error(str(exc))
