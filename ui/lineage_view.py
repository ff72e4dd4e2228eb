"""A sample's lineage arranged for reading (background, pose, blend, effects,
seed), and the source images it names, shown only from inside the workspace
or the catalog."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wildcat.core.catalog.schema import IMAGE_SUFFIXES
from wildcat.core.manifest import Sample
from wildcat.core.paths import inside

#: Lineage keys shown under each heading; the rest go under "other". Covers the
#: compositor, the renderer (camera keys), cutouts and the wild-photo generators.
SECTIONS: dict[str, tuple[str, ...]] = {
    "background": ("background", "scene", "wild"),
    "pose": (
        "layout",
        "layout_drawn",
        "instances",
        "hero_instances",
        "hero_occluded",
        "hero_truncated",
        "view",
        "camera",
        "azimuth",
        "azimuth_deg",
        "elevation",
        "elevation_deg",
        "distance",
        "distance_m",
        "yaw",
        "roll",
        "fov",
        "fov_deg",
        "look_at",
        "light",
        "lights",
        "lighting",
    ),
    "blend": ("blend", "blend_params", "harmonize", "harmonize_params", "shadows", "occluders"),
    "effects": ("effects",),
    "seed": ("seed", "index", "stream"),
}
HERO_ROLES = ("hero", "pile", "facing", "held", "bagged", "backdrop")


def lineage_sections(lineage: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """{heading: {key: value}} for the headings that have something, then "other"."""
    out: dict[str, dict[str, Any]] = {}
    used: set[str] = set()
    for heading, keys in SECTIONS.items():
        part = {k: lineage[k] for k in keys if k in lineage}
        used |= set(part)
        if part:
            out[heading] = part
    rest = {k: v for k, v in lineage.items() if k not in used}
    if rest:
        out["other"] = rest
    return out


@dataclass(frozen=True)
class SourceImage:
    label: str  # what it is to this sample ("hero cutout", "catalog image it was cut from", ...)
    path: str
    showable: bool  # an image file inside the allowed folders
    note: str = ""  # why it is not shown


def source_images(sample: Sample, roots: Iterable[str | Path]) -> list[SourceImage]:
    """The files a sample was made from, as its lineage names them (hero sources first)."""
    lin = sample.lineage
    found: list[tuple[str, str]] = []
    sources = lin.get("sources")
    if isinstance(sources, list):
        found += _composite_sources(sample, sources)
    if isinstance(lin.get("source"), str) and sample.generator not in ("catalog", "wild"):
        found.append(("image it was cut from" if sample.generator == "cutout" else "source", lin["source"]))
    asset = lin.get("asset")
    if isinstance(asset, dict) and isinstance(asset.get("source"), str):
        found.append((f"render asset ({asset.get('kind', 'model')})", asset["source"]))
    roots = list(roots)
    return [_checked(label, path, roots) for label, path in found]


def _composite_sources(sample: Sample, sources: list[str]) -> list[tuple[str, str]]:
    roles: dict[int, str] = {}
    for inst in sample.lineage.get("instances", []):
        i = inst.get("source")
        if isinstance(i, int) and i not in roles:
            hero = inst.get("product") == sample.product_id and inst.get("role") in HERO_ROLES
            roles[i] = (
                f"hero foreground ({inst.get('role')})"
                if hero
                else f"{inst.get('role', 'other')}: {inst.get('product', '?')}"
            )
    order = sorted(range(len(sources)), key=lambda i: (not roles.get(i, "").startswith("hero"), i))
    return [_view_of(roles.get(i, "foreground"), str(sources[i])) for i in order]


def _view_of(label: str, source: str) -> tuple[str, str]:
    """(label, file) of a source that may name a view made from a file, FILE#VIEW (the compositor's
    `FILE#whole`: produce shown whole): the file is what can be shown, the view goes in the label."""
    file, _, view = source.rpartition("#")
    if file and view and Path(file).suffix.lower() in IMAGE_SUFFIXES:
        return f"{label}, shown {view}", file
    return label, source


def _checked(label: str, path: str, roots: list[str | Path]) -> SourceImage:
    if Path(path).suffix.lower() not in IMAGE_SUFFIXES:
        return SourceImage(label, path, False, "not an image (a 3D model or other file)")
    if not inside(path, *roots):
        return SourceImage(label, path, False, "outside the workspace and the catalog folder, so not shown")
    if not Path(path).is_file():
        return SourceImage(label, path, False, "the file no longer exists")
    return SourceImage(label, path, True)
