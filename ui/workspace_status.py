"""What a workspace holds, part by part, with the command that makes each missing part."""

from __future__ import annotations

from dataclasses import dataclass

from wildcat.core.catalog import Catalog
from wildcat.core.errors import WildcatError
from wildcat.core.manifest import read_manifest_table
from wildcat.core.workspace import Workspace
from wildcat.ui import hints


@dataclass(frozen=True)
class Part:
    name: str
    count: int
    detail: str  # what is there
    command: str  # what to run when it is missing ("" when nothing is needed)


def workspace_parts(
    ws: Workspace, catalog: Catalog | None, catalog_problem: str, pack_locales: list[str]
) -> list[Part]:
    datasets, runs = ws.datasets(), ws.runs()
    evals, comps = ws.evaluations(), ws.comparisons()
    n_products = len(catalog.products) if catalog else 0
    cat_detail = (
        f"{catalog.name}: {n_products} products, {wild_photos(ws, catalog)} labelled wild photos "
        f"({', '.join(catalog.splits) or 'in wild datasets'})"
        if catalog
        else catalog_problem
    )
    return [
        Part("catalog", n_products, cat_detail, "" if catalog else hints.no_catalog(ws)),
        Part("datasets", len(datasets), ", ".join(d.name for d in datasets), "" if datasets else hints.no_datasets(ws)),
        Part("training runs", len(runs), ", ".join(r.name for r in runs), "" if runs else hints.no_runs(ws)),
        Part(
            "evaluations",
            len(evals),
            ", ".join(e.name for e in evals),
            "" if evals else hints.no_evaluations(ws, [r.name for r in runs] or None),
        ),
        Part(
            "comparisons",
            len(comps),
            ", ".join(c.name for c in comps),
            "" if comps else hints.no_comparison(ws, *_pair(evals)),
        ),
        Part(
            "locale packs", len(pack_locales), ", ".join(pack_locales), "" if pack_locales else hints.no_locale_pack(ws)
        ),
    ]


def wild_photos(ws: Workspace, catalog: Catalog | None) -> int:
    """Labelled in-the-wild photos: the catalog's query splits plus the wild rows of the workspace's datasets
    (`wildcat run` keeps its query photos in a dataset of their own)."""
    count = len(catalog.queries) if catalog else 0
    for dataset in ws.datasets():
        try:
            count += read_manifest_table(dataset).column("domain").to_pylist().count("wild")
        except (WildcatError, OSError, KeyError, ValueError):  # ArrowInvalid is a ValueError
            continue  # a dataset the Samples page reports as broken; it holds no usable photos
    return count


def packs_in_use(installed: list[str], shipped: list[str], catalog: Catalog | None) -> list[str]:
    """The locale packs a workspace works with: those installed in it, and the shipped ones its products name."""
    named = {loc for p in catalog.products for loc in p.locales} if catalog else set()
    return sorted(set(installed) | (named & set(shipped)))


def _pair(evals) -> tuple[str, str]:
    names = [e.name for e in evals]
    return (names[0], names[-1]) if len(names) >= 2 else ("before", "after")
