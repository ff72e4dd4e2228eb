"""Every sample of a workspace in one slim Arrow table: the catalog images,
its labelled wild photos and the rows of each dataset under data/, with the
columns the Samples page filters on. The lineage stays on disk (it is large);
its background kind is pulled out with a vectorised regex, so 100k rows load
in about a second."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from wildcat.core.catalog import Catalog, catalog_samples, wild_samples
from wildcat.core.manifest import MANIFEST_SCHEMA, Sample, read_manifest_table
from wildcat.core.paths import inside
from wildcat.core.workspace import Workspace

#: The dataset name given to the catalog's own images and labelled photos.
CATALOG_DATASET = "(catalog)"

COLUMNS = (
    "dataset",
    "sample_id",
    "file",
    "product_id",
    "domain",
    "generator",
    "split",
    "category",
    "locale",
    "width",
    "height",
    "score",
    "background",
)

#: Where a lineage (JSON, keys sorted) names its background kind: composites,
#: the garment demo's wild photos, and procedural 3-D scenes.
_BACKGROUND_PATTERNS = (
    r'"background": \{[^{}]*?"kind": "(?P<k>[^"]*)"',
    r'"background": "(?P<k>[^"]*)"',
    r'"environment": "(?P<k>[^"]*)"',
)


def background_kinds(lineage: pa.ChunkedArray | pa.Array) -> pa.Array:
    """The background kind named in each lineage JSON string, "" where none is."""
    found = [pc.struct_field(pc.extract_regex(lineage, pat), "k") for pat in _BACKGROUND_PATTERNS]
    return pc.coalesce(*found, pa.scalar(""))


def slim(table: pa.Table, dataset: str, folder: Path | None) -> pa.Table:
    """A manifest table reduced to COLUMNS; relative paths made absolute against `folder`."""
    paths = table.column("path").to_pylist()
    files = [p if folder is None or Path(p).is_absolute() else str(folder / p) for p in paths]
    n = table.num_rows
    return pa.table(
        {
            "dataset": pa.array([dataset] * n, pa.string()),
            "sample_id": table.column("sample_id"),
            "file": pa.array(files, pa.string()),
            **{c: table.column(c) for c in COLUMNS[3:-1]},  # product_id .. score, as the manifest has them
            "background": background_kinds(table.column("lineage")) if n else pa.array([], pa.string()),
        }
    )


def catalog_table(catalog: Catalog) -> pa.Table:
    rows = catalog_rows(catalog)
    table = pa.Table.from_pylist([r.to_record() for r in rows], schema=MANIFEST_SCHEMA)
    return slim(table, CATALOG_DATASET, None)


def catalog_rows(catalog: Catalog) -> list[Sample]:
    """The catalog's images and its labelled wild photos, as manifest rows."""
    return catalog_samples(catalog) + wild_samples(catalog, catalog.labelled_splits)


def workspace_samples(ws: Workspace, catalog: Catalog | None, problems: list[str] | None = None) -> pa.Table:
    """One table over the catalog (if any) and every dataset folder of the workspace.

    A dataset whose manifest cannot be read is left out and named in `problems`."""
    # catalog images live under the catalog's folder (or, for a catalog made by a job, the workspace)
    parts = [_own_files(catalog_table(catalog), (Path(catalog.root), ws.root), problems)] if catalog else []
    for d in ws.datasets():
        try:
            parts.append(_own_files(slim(read_manifest_table(d), d.name, d), (d,), problems))
        except (OSError, pa.ArrowException) as exc:
            if problems is not None:
                problems.append(f"{d}: the manifest cannot be read ({exc}); re-run the command that made it")
    if not parts:
        return empty()
    return pa.concat_tables(parts).combine_chunks()


def _own_files(table: pa.Table, roots: tuple[Path, ...], problems: list[str] | None) -> pa.Table:
    """The rows whose file lies under `roots` (a dataset's folder; the catalog's): the UI shows no file a manifest
    or a catalog names elsewhere."""
    keep = [inside(f, *roots) for f in table.column("file").to_pylist()]
    if not all(keep) and problems is not None:
        problems.append(
            f"{roots[0]}: {keep.count(False)} rows name files outside their folder and are not shown; "
            "re-make the dataset (or fix the catalog) with wildcat"
        )
    return table.filter(pa.array(keep, pa.bool_()))


def empty() -> pa.Table:
    schema = pa.schema(
        [
            (c, pa.float64() if c == "score" else pa.int32() if c in ("width", "height") else pa.string())
            for c in COLUMNS
        ]
    )
    return schema.empty_table()


def dataset_folder(ws: Workspace, dataset: str) -> Path | None:
    """The folder of a dataset named in the table (None for the catalog's own rows)."""
    return None if dataset == CATALOG_DATASET else ws.data(dataset)


def sample_row(ws: Workspace, catalog: Catalog | None, dataset: str, sample_id: str) -> Sample | None:
    """One sample's full manifest row (lineage included), read from disk."""
    folder = dataset_folder(ws, dataset)
    if folder is None:
        rows = catalog_rows(catalog) if catalog else []
        return next((r for r in rows if r.sample_id == sample_id), None)
    table = read_manifest_table(folder)
    hit = table.filter(pc.equal(table.column("sample_id"), sample_id))
    return Sample.from_record(hit.to_pylist()[0]) if hit.num_rows else None
