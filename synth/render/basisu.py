"""`KHR_texture_basisu` fallback: use a PNG/JPEG image in place of a KTX2 one.

trimesh cannot decode KTX2 (Basis Universal) textures. A texture that also
names a plain `source` already falls back to it; this module handles the
texture that names only the KTX2 image, by pointing it at an image with the
same stem (`color.ktx2` -> `color.png`) listed in the file or present in the
asset folder. Works on .gltf (JSON) and .glb (binary container) bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from wildcat.core.gltf import read_document, write_document

EXTENSION = "KHR_texture_basisu"
FALLBACK_SUFFIXES = (".png", ".jpg", ".jpeg")


def patch_basisu(data: bytes, is_glb: bool, file_exists: Callable[[str], bool]) -> tuple[bytes | None, list[str]]:
    """Bytes with KTX2-only textures pointed at their fallback image (None when nothing changed), and notes."""
    doc, rest = read_document(data, is_glb)
    notes = fallback_sources(doc, file_exists)
    if not any(n.startswith("using ") for n in notes):
        return None, notes
    return write_document(doc, rest, is_glb), notes


def fallback_sources(doc: dict, file_exists: Callable[[str], bool]) -> list[str]:
    """Give every KTX2-only texture of a glTF document a PNG/JPEG `source` where one exists (in place)."""
    images = doc.setdefault("images", [])
    notes = []
    for tex in doc.get("textures", []):
        ktx_index = tex.get("extensions", {}).get(EXTENSION, {}).get("source")
        if ktx_index is None or "source" in tex or not 0 <= ktx_index < len(images):
            continue
        stem = PurePosixPath(images[ktx_index].get("uri", "")).stem
        index = _listed_fallback(images, stem) if stem else None
        if index is None and stem:
            index = _disk_fallback(images, stem, file_exists)
        if index is None:
            notes.append(
                f"no PNG/JPEG fallback for KTX2 image {images[ktx_index].get('uri', ktx_index)!r}; rendered untextured"
            )
        else:
            tex["source"] = index
            notes.append(f"using {images[index]['uri']!r} for KTX2 image {images[ktx_index].get('uri')!r}")
    return notes


def _listed_fallback(images: list[dict], stem: str) -> int | None:
    for i, im in enumerate(images):
        path = PurePosixPath(im.get("uri", ""))
        if path.stem == stem and path.suffix.lower() in FALLBACK_SUFFIXES:
            return i
    return None


def _disk_fallback(images: list[dict], stem: str, file_exists: Callable[[str], bool]) -> int | None:
    for suffix in FALLBACK_SUFFIXES:
        if file_exists(stem + suffix):
            images.append({"uri": stem + suffix})
            return len(images) - 1
    return None
