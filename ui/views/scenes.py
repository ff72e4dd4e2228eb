"""Scenes page: photos of several products. Browse a scene set with its boxes; search the catalog from a box of a
scene (a known box, one you draw, or the regions wildcat proposes); pick a product and see the scenes that show
it (in-situ search), or its look-alikes in other categories (style search)."""

import streamlit as st
from PIL import Image
from streamlit_cropper import st_cropper

from wildcat.core.errors import WildcatError
from wildcat.eval.region_search import search_photo
from wildcat.eval.scenes import style_neighbours
from wildcat.ui import cached
from wildcat.ui.models import default_pair, model_choices
from wildcat.ui.scene_sets import scene_hint, scene_sets, with_boxes
from wildcat.ui.thumbnails import read_rgb
from wildcat.ui.widgets import box_inputs, hint, searchable_catalog, workspace

DRAW, TYPE, PROPOSE = "draw a box", "type a box", "propose regions"
VIEWS = ("Browse", "Search from a box", "Scenes with a product", "Same style, other categories")
PER_PAGE = 12


def _browse(scene_set) -> None:
    n = len(scene_set.scenes)
    pages = max(1, -(-n // PER_PAGE))
    page = st.number_input(f"Page (of {pages})", 1, pages, 1, key="scenes.page") - 1
    cols = st.columns(4)
    for j, scene in enumerate(scene_set.scenes[page * PER_PAGE : (page + 1) * PER_PAGE]):
        products = ", ".join(sorted(scene.products())) or "no known products"
        cols[j % 4].image(with_boxes(read_rgb(scene_set.file(scene)), scene), caption=f"{scene.scene_id}: {products}")


def _pick_scene(scene_set):
    ids = [s.scene_id for s in scene_set.scenes]
    return scene_set.scenes[ids.index(st.selectbox(f"Scene ({len(ids)})", ids, key="scenes.scene"))]


def _box_choice(scene, image):
    """(box or None, how many proposed regions, whether the box was drawn on the image): a known box, one drawn
    with the mouse or typed in, or the proposals."""
    options = [f"box {j + 1}: {b.product_id or 'unknown product'}" for j, b in enumerate(scene.boxes)]
    options += [DRAW, TYPE, PROPOSE]
    choice = st.radio("Region", options, horizontal=True, key="scenes.region")
    if choice == PROPOSE:
        return None, st.number_input("Regions to list", 1, 10, 3, key="scenes.nregions"), False
    if choice == DRAW:
        return _drawn_box(image, scene.scene_id), 0, True
    if choice == TYPE:
        box = _typed_box(image)
        return box, (0 if box else -1), False
    return scene.boxes[options.index(choice)].box, 0, False


def _drawn_box(image, scene_id: str) -> tuple[float, float, float, float]:
    """A box dragged on the scene (streamlit-cropper), in the scene's pixels; it starts in the middle half."""
    h, w = image.shape[:2]
    rect = st_cropper(
        Image.fromarray(image), realtime_update=True, box_color="#e62828", return_type="box",
        default_coords=(w // 4, 3 * w // 4, h // 4, 3 * h // 4), key=f"scenes.cropper.{scene_id}",
    )  # fmt: skip
    box = (rect["left"], rect["top"], rect["left"] + rect["width"], rect["top"] + rect["height"])
    st.caption(f"drawn box: {', '.join(f'{v:.0f}' for v in box)} (drag it or its corners)")
    return tuple(float(v) for v in box)


def _typed_box(image) -> tuple[float, float, float, float] | None:
    h, w = image.shape[:2]
    box = box_inputs(image, "scenes", (w // 4, h // 4, 3 * w // 4, 3 * h // 4))
    if box[2] <= box[0] or box[3] <= box[1]:
        st.warning("The box is empty: right must exceed left and bottom must exceed top.")
        return None
    return tuple(float(v) for v in box)


def _region_search(ws, scene_set, choice, k: int) -> None:
    scene = _pick_scene(scene_set)
    image = read_rgb(scene_set.file(scene))
    left, right = st.columns([3, 2])
    with left:
        box, n_regions, drawn = _box_choice(scene, image)
        if not drawn:
            st.image(with_boxes(image, scene, box), caption=scene.scene_id, width="stretch")
    if n_regions < 0:
        return
    gallery = cached.gallery(ws, choice)
    found = search_photo(gallery.embedder, gallery.index, image, k, None, box, n_regions)
    truth = {b.box: b.product_id for b in scene.boxes}
    with right:
        for region in found:
            if region.box is not None and box is None:
                st.image(with_boxes(image, scene, region.box), caption="proposed region", width=220)
            right_product = truth.get(region.box)
            for rank, h in enumerate(region.hits, start=1):
                a, b = st.columns([1, 3])
                a.image(cached.thumbnail(h.path, 96))
                mark = " :green[**right product**]" if h.product_id == right_product else ""
                b.markdown(f"#{rank} `{h.product_id}`{mark}  \nsimilarity {h.score:.3f}")


def _product(catalog, key: str) -> str:
    ids = sorted(p.id for p in catalog.products)
    return st.selectbox(f"Product ({len(ids)})", ids, key=key)


def _in_situ(ws, folder, scene_set, catalog, choice, k: int) -> None:
    pid = _product(catalog, "scenes.product")
    vectors = cached.product_vectors(ws, choice)
    if pid not in vectors:
        st.warning(f"`{pid}` has no readable catalog image, so it has no vector to search with.")
        return
    hits = cached.regions(folder, choice).search(vectors[pid], k)
    shown = sum(pid in s.products() for s in scene_set.scenes)
    st.caption(f"`{pid}` is known to be in {shown} of these {len(scene_set.scenes)} scenes (green: known boxes).")
    cols = st.columns(4)
    for rank, h in enumerate(hits, start=1):
        scene = scene_set.scenes[h.scene]
        mark = " ✓ shows it" if pid in scene.products() else ""
        cols[(rank - 1) % 4].image(
            with_boxes(read_rgb(scene_set.file(scene)), scene, h.box),
            caption=f"#{rank} {scene.scene_id} · {h.score:.3f}{mark}",
        )


def _style(ws, catalog, choice, k: int) -> None:
    pid = _product(catalog, "scenes.style_product")
    index = cached.gallery(ws, choice).index
    categories, vectors = index.categories(), cached.product_vectors(ws, choice)
    if pid not in vectors:
        st.warning(f"`{pid}` has no readable catalog image, so it has no vector to search with.")
        return
    found = style_neighbours(vectors, categories, pid, k)
    left, right = st.columns([1, 3])
    path = next((p for p, q in zip(index.meta["path"], index.meta["product_id"], strict=True) if q == pid), None)
    if path:
        left.image(cached.thumbnail(path, 160), caption=f"{pid} ({categories[pid]})")
    cols = right.columns(4)
    for rank, (other, score) in enumerate(found, start=1):
        other_path = index.meta["path"][index.meta["product_id"].index(other)]
        cols[(rank - 1) % 4].image(
            cached.thumbnail(other_path, 160), caption=f"#{rank} {other} ({categories[other]}) · {score:.3f}"
        )
    if not found:
        st.caption("Every product of the catalog is of this category.")


st.title("Scenes")
ws = workspace()
catalog = searchable_catalog(ws, "scenes")
if catalog is not None:
    sets = scene_sets(ws)
    view = st.radio("View", VIEWS, horizontal=True, key="scenes.view")
    choices = model_choices(ws)
    labels = [c.label for c in choices]
    c1, c2, c3 = st.columns([2, 3, 1])
    choice = choices[labels.index(c2.selectbox("Model", labels, index=default_pair(choices)[1], key="scenes.model"))]
    k = int(c3.number_input("Top k", 1, 20, 4, key="scenes.k"))
    try:
        if view == VIEWS[3]:
            _style(ws, catalog, choice, k)
        elif not sets:
            hint("This workspace has no scene set yet (photos of several products with their boxes).", scene_hint(ws))
        else:
            names = [p.name for p in sets]
            folder = sets[names.index(c1.selectbox("Scene set", names, key="scenes.set"))]
            scene_set = cached.scenes(folder)
            if not scene_set.scenes:
                st.info(f"The scene set `{folder.name}` holds no scene.")
                st.stop()
            st.caption(
                f"{len(scene_set.scenes)} scenes, {sum(len(s.boxes) for s in scene_set.scenes)} known boxes "
                f"(green); a searched or found region is outlined in red."
            )
            if view == VIEWS[0]:
                _browse(scene_set)
            elif view == VIEWS[1]:
                _region_search(ws, scene_set, choice, k)
            else:
                _in_situ(ws, folder, scene_set, catalog, choice, k)
    except WildcatError as exc:
        st.error(str(exc))
