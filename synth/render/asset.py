"""Loading a 3D model into the render frame, refusing what cannot or must not be rendered.

`load_asset` reads OBJ/MTL, glTF/GLB, PLY and STL through trimesh, with
textures resolved only inside the model's own folder, flattens the scene
graph (node transforms baked into the vertices), and normalises the up axis
and scale (see `frame`). A missing texture renders untextured with a warning;
a broken model raises `AssetError` naming the file and the reason.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from wildcat.core.errors import WildcatError
from wildcat.core.gltf import GLTF_SUFFIXES, read_document, select_variant, write_document
from wildcat.synth.render.basisu import fallback_sources
from wildcat.synth.render.errors import AssetError, UnsafeAssetError
from wildcat.synth.render.extensions import approximation_notes
from wildcat.synth.render.frame import UP_AXES, detect_up_axis, normalising_transform
from wildcat.synth.render.resolver import FolderResolver

MODEL_SUFFIXES = (".obj", ".gltf", ".glb", ".ply", ".stl")
MAX_BYTES = 512 * 2**20  # largest model file we read
MAX_FACES = 5_000_000  # more is a scan nobody meant to render at 256 px
_REEXPORT = "re-export the model as glTF/GLB or OBJ from a 3D tool (e.g. Blender)"


@dataclass
class Asset:
    """Meshes in the render frame (Y up, front +Z, on y=0, in a unit sphere) and where they came from."""

    name: str
    source: str
    meshes: list[Any]  # trimesh.Trimesh, transforms baked in
    up_axis: str = "y"
    up_reason: str = ""
    transform: list[list[float]] = field(default_factory=lambda: np.eye(4).tolist())  # file -> render frame
    warnings: list[str] = field(default_factory=list)
    kind: str = "model"  # model, or the proxy kind
    base_material: tuple[float, float] | None = None  # (roughness, metallic) replacing the file's, for proxies
    double_sided: bool | None = None  # None: per mesh (glTF flag, else open meshes); proxies are closed
    details: dict[str, Any] = field(default_factory=dict)  # more lineage (e.g. how a proxy kind was chosen)

    @property
    def faces(self) -> int:
        return int(sum(len(m.faces) for m in self.meshes))

    @property
    def height(self) -> float:
        return float(max(m.vertices[:, 1].max() for m in self.meshes))

    def lineage(self) -> dict[str, Any]:
        """What a manifest row keeps about the asset (the transform follows from the file and the up axis)."""
        return {
            "source": self.source,
            "kind": self.kind,
            "faces": self.faces,
            "up_axis": self.up_axis,
            "up_reason": self.up_reason,
            "warnings": self.warnings,
            **self.details,
        }


def load_asset(path: str | Path, up_axis: str | None = None, variant: str | None = None) -> Asset:
    """Load a model file into the render frame; `up_axis` ("y"/"z") overrides detection; `variant` picks a glTF
    KHR_materials_variants variant's materials (None: the file's defaults)."""
    path = Path(path)
    _check_file(path)
    if up_axis is not None and up_axis not in UP_AXES:
        raise AssetError(path, f"unknown up axis {up_axis!r}", f"use one of {', '.join(UP_AXES)} or leave it empty")
    resolver = FolderResolver(path.parent)
    notes: list[str] = []
    scene = _read_scene(path, resolver, notes, variant)
    meshes = _valid_meshes(scene, path)
    notes += [f"texture {name!r} not found in {resolver.root}; rendered untextured" for name in resolver.missing]
    for note in notes:
        if "untextured" in note:
            warnings.warn(f"{path}: {note}", stacklevel=2)
    asset = from_meshes(meshes, name=path.stem, source=str(path), up_axis=up_axis, suffix=path.suffix, notes=notes)
    if variant is not None:
        asset.details["variant"] = variant
    return asset


def asset_problem(path: str | Path) -> str | None:
    """Why the render stage refuses the model at `path`, with the fix (what `wildcat catalog check` reports), or
    None when it loads."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # untextured parts are noted, not refused
            load_asset(path)
    except WildcatError as exc:
        return f"{exc.reason}. Fix: {exc.fix}" if exc.fix else exc.reason
    return None


def from_meshes(
    meshes: list,
    name: str,
    source: str,
    up_axis: str | None,
    suffix: str = "",
    notes: list[str] | None = None,
    kind: str = "model",
) -> Asset:
    """An Asset from meshes in their file's frame: up axis detected unless given, then normalised."""
    vertices = np.concatenate([m.vertices for m in meshes])
    if up_axis is None:
        triangles = np.concatenate([m.triangles for m in meshes])
        up_axis, reason = detect_up_axis(vertices, triangles, suffix)
    else:
        reason = "given"
    transform = normalising_transform(vertices, up_axis)
    placed = [m.copy() for m in meshes]
    for m in placed:
        m.apply_transform(transform)
    return Asset(name, source, placed, up_axis, reason, transform.tolist(), list(notes or []), kind)


def _check_file(path: Path) -> None:
    if path.suffix.lower() not in MODEL_SUFFIXES:
        raise AssetError(path, f"unsupported 3D format {path.suffix!r}", f"use one of {', '.join(MODEL_SUFFIXES)}")
    if not path.is_file():
        raise AssetError(path, "the 3D model file does not exist", "check the model path in the catalog")
    size = path.stat().st_size
    if size == 0:
        raise AssetError(path, "the 3D model file is empty (0 bytes)", _REEXPORT)
    if size > MAX_BYTES:
        raise AssetError(
            path, f"the 3D model is {size / 2**20:.0f} MiB, over the {MAX_BYTES // 2**20} MiB limit", "decimate it"
        )


def _read_scene(path: Path, resolver: FolderResolver, notes: list[str], variant: str | None):
    import trimesh

    source, file_type = _patched_source(path, resolver, notes, variant)  # its own errors name their cause
    try:
        # process=False: trimesh would otherwise drop NaN vertices and their faces
        # silently, and a half-missing model must be rejected, not rendered.
        scene = trimesh.load_scene(source, file_type=file_type, resolver=resolver, process=False)
    except Exception as exc:  # trimesh raises many types for broken files
        _raise_if_unsafe(path, resolver)
        raise AssetError(path, f"cannot read the 3D model ({type(exc).__name__}: {exc})", _REEXPORT) from exc
    _raise_if_unsafe(path, resolver)
    return scene


def _patched_source(path: Path, resolver: FolderResolver, notes: list[str], variant: str | None):
    """The path itself, or the glTF bytes with KTX2-only textures pointed at PNG fallbacks and the materials of
    `variant` applied; notes say what was changed and which extensions are approximated."""
    suffix = path.suffix.lower()
    if suffix not in GLTF_SUFFIXES:
        if variant is not None:
            raise AssetError(path, f"variant {variant!r} asked of a {suffix} model", "variants exist only in glTF")
        return str(path), None
    is_glb = suffix == ".glb"
    exists = lambda name: (p := resolver.inside(name)) is not None and p.is_file()  # noqa: E731
    try:
        doc, rest = read_document(path.read_bytes(), is_glb)
        found = fallback_sources(doc, exists)
    except (OSError, ValueError, UnicodeDecodeError, AttributeError, TypeError) as exc:
        raise AssetError(path, f"not a valid glTF file ({exc})", _REEXPORT) from exc
    notes += found + approximation_notes(doc)
    changed = any(n.startswith("using ") for n in found)
    if variant is not None:
        try:
            select_variant(doc, variant)
        except ValueError as exc:
            fix = "use one of the model's variants (wildcat catalog check lists them)"
            raise AssetError(path, str(exc), fix) from exc
        changed = True
    return (io.BytesIO(write_document(doc, rest, is_glb)), suffix[1:]) if changed else (str(path), None)


def _raise_if_unsafe(path: Path, resolver: FolderResolver) -> None:
    if resolver.refused:
        names = ", ".join(repr(n) for n in dict.fromkeys(resolver.refused))
        raise UnsafeAssetError(
            path,
            f"the model references files outside its folder ({names}); they were not read",
            "copy the textures and buffers next to the model and reference them by relative paths without '..'",
        )


def _valid_meshes(scene, path: Path) -> list:
    import trimesh

    meshes = [g for g in scene.dump() if isinstance(g, trimesh.Trimesh) and len(g.faces) > 0]
    if not meshes:
        raise AssetError(path, "the 3D model has no faces (empty, or only points/lines)", _REEXPORT)
    faces = sum(len(m.faces) for m in meshes)
    if faces > MAX_FACES:
        raise AssetError(path, f"the 3D model has {faces:,} faces, over the limit of {MAX_FACES:,}", "decimate it")
    if not all(np.isfinite(m.vertices).all() for m in meshes):
        raise AssetError(path, "the 3D model has NaN or infinite vertex coordinates", _REEXPORT)
    if any(m.faces.min() < 0 or m.faces.max() >= len(m.vertices) for m in meshes):
        raise AssetError(path, "the 3D model has faces that refer to vertices it does not have", _REEXPORT)
    vertices = np.concatenate([m.vertices for m in meshes])
    if np.ptp(vertices, axis=0).max() <= 0:
        raise AssetError(path, "the 3D model has zero size (all vertices at one point)", _REEXPORT)
    return meshes
