"""The heavy things, cached by Streamlit: the catalog, locale packs, the sample
table, thumbnails, models, gallery indexes, evaluations, reports and maps.
Every key includes a change stamp (mtime and size) of the files it reads, so
an edited workspace is read again and an unchanged one never is.

cache_resource holds shared objects that are never mutated (models, indexes,
results); cache_data holds values copied per session (tables, frames, bytes).
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import streamlit as st

import wildcat.eval as ev
from wildcat.core.errors import WildcatError
from wildcat.core.locales import load_packset
from wildcat.core.scenes import SCENES_FILE, load_scenes
from wildcat.core.workspace import Workspace
from wildcat.eval.region_search import read_colours
from wildcat.eval.scenes import embed_regions, search_rows
from wildcat.ui import catalog_info, embedding_map, models, run_pair, sample_filter, sample_table, thumbnails
from wildcat.ui.context import manifest_stamp, stamp
from wildcat.ui.product_search import GallerySearch, saved_index_spec


def catalog_stamp(ws: Workspace) -> tuple:
    return stamp(ws.catalog)


def samples_stamp(ws: Workspace) -> tuple:
    return (catalog_stamp(ws), *(manifest_stamp(d) for d in ws.datasets()))


@st.cache_resource(show_spinner="Reading the catalog...", max_entries=4)
def _catalog(root: str, key: tuple):
    return catalog_info.read_catalog(Workspace.at(root))


def catalog(ws: Workspace):
    """(Catalog | None, why not) of the workspace."""
    return _catalog(str(ws.root), catalog_stamp(ws))


@st.cache_resource(show_spinner=False, max_entries=4)
def _packs(root: str, key: tuple):

    return load_packset(root)


def packs(ws: Workspace):
    """Installed locale packs plus the shipped ones (wildcat.core.locales.load_packset); None, with a warning, when
    they are broken."""

    index = ws.root / "locales"
    try:
        return _packs(str(ws.root), stamp(index / "index.json", *sorted(index.glob("*.yaml"))))
    except WildcatError as exc:
        st.sidebar.warning(f"Locale packs not used: {exc}")
        return None


@st.cache_data(show_spinner="Reading the manifests...", max_entries=4)
def _samples(root: str, key: tuple) -> tuple[pa.Table, list[str]]:
    ws = Workspace.at(root)
    problems: list[str] = []
    return sample_table.workspace_samples(ws, catalog(ws)[0], problems), problems


def samples(ws: Workspace) -> pa.Table:
    """Every sample of the workspace (ui.sample_table); datasets that cannot be read are reported on the page."""
    table, problems = _samples(str(ws.root), samples_stamp(ws))
    for problem in problems:
        st.warning(problem)
    return table


@st.cache_data(show_spinner=False, max_entries=4)
def _facets(root: str, key: tuple) -> dict:
    return sample_filter.facets(_samples(root, key)[0])


def facets(ws: Workspace) -> dict:
    return _facets(str(ws.root), samples_stamp(ws))


@st.cache_data(show_spinner=False, max_entries=5000)
def _thumbnail(path: str, key: tuple, side: int) -> bytes:
    return thumbnails.thumbnail(path, side)


def thumbnail(path: str | Path, side: int = 160) -> bytes:
    return _thumbnail(str(path), stamp(path), side)


def _model_args(choice: models.ModelChoice) -> tuple[str, str | None, tuple]:
    """(label, checkpoint path, its change stamp): a model choice as cache-key arguments."""
    if choice.checkpoint is None:
        return choice.label, None, ()
    return choice.label, str(choice.checkpoint), stamp(choice.checkpoint)


def _choice(label: str, checkpoint: str | None) -> models.ModelChoice:
    return models.ModelChoice(label, Path(checkpoint) if checkpoint else None)


@st.cache_resource(show_spinner="Loading the model...", max_entries=6)
def _model(label: str, checkpoint: str | None, key: tuple):
    return models.load_model(_choice(label, checkpoint))


def model(choice: models.ModelChoice):
    return _model(*_model_args(choice))


@st.cache_resource(show_spinner="Embedding the catalog (once per model)...", max_entries=6)
def _gallery(root: str, label: str, checkpoint: str | None, key: tuple):

    embedder = model(_choice(label, checkpoint))
    ws = Workspace.at(root)
    choice, cat = _choice(label, checkpoint), catalog(ws)[0]
    return GallerySearch.build(
        embedder,
        cat,
        models.embedding_cache_dir(),
        views=models.training_views(choice),
        spec=saved_index_spec(ws, embedder.checkpoint_hash),
        reference=models.training_reference(choice, cat),
    )


def gallery(ws: Workspace, choice: models.ModelChoice):
    """The catalog's product index under `choice` (keyed on the checkpoint and the catalog)."""
    label, checkpoint, key = _model_args(choice)
    return _gallery(str(ws.root), label, checkpoint, (key, catalog_stamp(ws)))


@st.cache_resource(show_spinner=False, max_entries=6)
def _product_vectors(root: str, label: str, checkpoint: str | None, key: tuple):
    return _gallery(root, label, checkpoint, key).index.product_vectors()


def product_vectors(ws: Workspace, choice: models.ModelChoice) -> dict:
    """Each product's mean indexed vector under `choice` (in-situ and style search), read back once."""
    label, checkpoint, key = _model_args(choice)
    return _product_vectors(str(ws.root), label, checkpoint, (key, catalog_stamp(ws)))


@st.cache_resource(show_spinner="Reading the scenes...", max_entries=4)
def _scenes(folder: str, key: tuple):
    return load_scenes(folder)


def scenes(folder: Path):
    """The scene set in `folder` (wildcat.core.scenes)."""
    return _scenes(str(folder), stamp(folder / SCENES_FILE, folder))


@st.cache_resource(show_spinner="Embedding the scenes' regions (once per model)...", max_entries=4)
def _regions(folder: str, label: str, checkpoint: str | None, key: tuple):
    scene_set = _scenes(folder, key[1])
    rows = search_rows(scene_set)
    return embed_regions(model(_choice(label, checkpoint)), rows, len(scene_set.scenes), models.embedding_cache_dir())


def regions(folder: Path, choice: models.ModelChoice):
    """The scene set's regions under `choice` (known boxes; proposed regions for photos without boxes)."""
    label, checkpoint, key = _model_args(choice)
    return _regions(str(folder), label, checkpoint, (key, stamp(folder / SCENES_FILE, folder)))


@st.cache_data(show_spinner=False, max_entries=4)
def _product_colours(path: str, key: tuple) -> dict[str, list[str]]:
    try:
        return read_colours(path)
    except WildcatError:  # no audit yet, or a damaged file: no colour filter
        return {}


def product_colours(ws: Workspace) -> dict[str, list[str]]:
    """product id -> its main colours' names, as the catalog audit wrote them (empty before an audit)."""
    path = ws.audit / "colours.json"
    return _product_colours(str(path), stamp(path))


@st.cache_resource(show_spinner="Reading the evaluation...", max_entries=8)
def _evaluation(folder: str, key: tuple):
    return run_pair.load_evaluation(folder)


def evaluation(folder: Path | None):
    if folder is None:
        return None
    return _evaluation(str(folder), stamp(folder / "report.json", folder / "queries.parquet"))


@st.cache_data(show_spinner="Comparing the runs (paired bootstrap)...", max_entries=16)
def _pair_report(
    label: str,
    before: str,
    after: str,
    names: tuple[str, str],
    saved: str,
    market: str | None,
    market_ids: frozenset | None,
    key: tuple,
) -> dict:
    pair = run_pair.RunPair(
        label, Path(before) if before else None, Path(after) if after else None, names, Path(saved) if saved else None
    )
    a, b = evaluation(pair.before), evaluation(pair.after)
    ids = set(market_ids) if market_ids is not None else None
    sub_a = run_pair.market_subset(a, ids, market) if a is not None else None
    sub_b = run_pair.market_subset(b, ids, market) if b is not None else None
    return run_pair.pair_report(pair, sub_a, sub_b, filtered=ids is not None)


def pair_report(pair: run_pair.RunPair, market: str | None, market_ids: set[str] | None) -> dict:
    """The before/after report of `pair`, over the queries of `market` (None: all, the saved report when there is
    one)."""
    key = tuple(stamp(p / "report.json", p / "queries.parquet") for p in (pair.before, pair.after) if p is not None)
    key += stamp(pair.saved_report) if pair.saved_report else ()
    return _pair_report(
        pair.label,
        str(pair.before or ""),
        str(pair.after or ""),
        pair.names,
        str(pair.saved_report or ""),
        market,
        frozenset(market_ids) if market_ids is not None else None,
        key,
    )


@st.cache_data(show_spinner="Embedding and projecting...", max_entries=8)
def _map(
    root: str, label: str, checkpoint: str | None, files: tuple[str, ...], method: str, key: tuple, _table: pa.Table
):

    embedder = model(_choice(label, checkpoint))
    cache = ev.EmbeddingCache(models.embedding_cache_dir(), embedder.checkpoint_hash)
    return embedding_map.map_frame(embedder, _table, method, cache=cache)


def embedding_points(ws: Workspace, choice: models.ModelChoice, table: pa.Table, method: str):
    """The map's points for `table`'s rows under `choice` (keyed on the rows, the model and the manifests)."""
    label, checkpoint, key = _model_args(choice)
    files = tuple(table.column("file").to_pylist())
    return _map(str(ws.root), label, checkpoint, files, method, (key, samples_stamp(ws)), table)
