"""`KHR_texture_basisu` fallback: use a PNG/JPEG image in place of a KTX2 one.

trimesh cannot decode KTX2 (Basis Universal) textures. A texture that also
names a plain `source` already falls back to it; this module handles the
texture that names only the KTX2 image, by pointing it at an image with the
same stem (`color.ktx2` -> `color.png`) listed in the file or present in the
asset folder. Works on .gltf (JSON) and .glb (binary container) bytes.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable
from pathlib import PurePosixPath

EXTENSION = "KHR_texture_basisu"
FALLBACK_SUFFIXES = (".png", ".jpg", ".jpeg")
_GLB_MAGIC = b"glTF"
_JSON_CHUNK = 0x4E4F534A


def patch_basisu(data: bytes, is_glb: bool, file_exists: Callable[[str], bool]) -> tuple[bytes | None, list[str]]:
    """Bytes with KTX2-only textures pointed at their fallback image (None when nothing changed), and notes."""
    doc, rest = _split_glb(data) if is_glb else (json.loads(data), b"")
    notes = fallback_sources(doc, file_exists)
    changed = any(n.startswith("using ") for n in notes)
    if not changed:
        return None, notes
    body = json.dumps(doc).encode("utf-8")
    return (_join_glb(body, rest) if is_glb else body), notes


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


def _split_glb(data: bytes) -> tuple[dict, bytes]:
    """The JSON document of a GLB container and the chunks after it."""
    if len(data) < 20 or data[:4] != _GLB_MAGIC:
        raise ValueError("not a GLB container (bad magic)")
    length, kind = struct.unpack_from("<II", data, 12)
    if kind != _JSON_CHUNK:
        raise ValueError("GLB does not start with a JSON chunk")
    return json.loads(data[20 : 20 + length]), data[20 + length :]


def _join_glb(body: bytes, rest: bytes) -> bytes:
    body += b" " * (-len(body) % 4)  # chunks are 4-byte aligned; JSON pads with spaces
    chunk = struct.pack("<II", len(body), _JSON_CHUNK) + body
    return _GLB_MAGIC + struct.pack("<II", 2, 12 + len(chunk) + len(rest)) + chunk + rest
