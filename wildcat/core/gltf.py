"""glTF documents: the JSON of a .gltf file or of a .glb container, and the product variants a model declares.

`KHR_materials_variants` names several sellable variants of one product (colourways, fabrics) that share the
mesh: each primitive maps some variants to another material. A catalog makes each variant a product of its own
(`Product.model_variant`, same `model3d`), and the renderer applies the variant's materials before loading.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

VARIANTS = "KHR_materials_variants"
GLTF_SUFFIXES = (".gltf", ".glb")
_GLB_MAGIC = b"glTF"
_JSON_CHUNK = 0x4E4F534A
_MAX_JSON = 64 * 2**20  # a .gltf file's JSON larger than this is not read for its variants


def read_document(data: bytes, is_glb: bool) -> tuple[dict, bytes]:
    """The JSON document, and for a GLB the binary chunks after it (b"" for .gltf)."""
    return split_glb(data) if is_glb else (json.loads(data), b"")


def write_document(doc: dict, rest: bytes, is_glb: bool) -> bytes:
    body = json.dumps(doc).encode("utf-8")
    return join_glb(body, rest) if is_glb else body


def document_of(path: Path) -> dict | None:
    """The glTF JSON of `path` (None for other formats, or a file too broken to read: the renderer says why)."""
    suffix = path.suffix.lower()
    if suffix not in GLTF_SUFFIXES or not path.is_file():
        return None
    try:
        if suffix == ".gltf":
            return json.loads(path.read_bytes()) if path.stat().st_size <= _MAX_JSON else None
        with path.open("rb") as fh:
            head = fh.read(20)
            if len(head) < 20 or head[:4] != _GLB_MAGIC:
                return None
            length = struct.unpack_from("<I", head, 12)[0]
            return json.loads(fh.read(min(length, _MAX_JSON)))
    except (OSError, ValueError, UnicodeDecodeError):
        return None


def variant_names(doc: dict | None) -> list[str]:
    """The variants a glTF document declares, in file order ([] when none)."""
    if not isinstance(doc, dict):
        return []
    variants = doc.get("extensions", {}).get(VARIANTS, {}).get("variants", [])
    return [str(v.get("name", f"variant-{i}")) for i, v in enumerate(variants) if isinstance(v, dict)]


def select_variant(doc: dict, name: str) -> int:
    """Give every primitive the material its mapping names for variant `name` (in place); primitives without a
    mapping for it keep their default material. Returns how many primitives changed; raises ValueError naming the
    variants there are when `name` is not one of them."""
    names = variant_names(doc)
    if name not in names:
        raise ValueError(f"the model has no variant {name!r}; its variants: {', '.join(names) or 'none'}")
    index, changed = names.index(name), 0
    for mesh in doc.get("meshes", []):
        for prim in mesh.get("primitives", []):
            for mapping in prim.get("extensions", {}).get(VARIANTS, {}).get("mappings", []):
                if index in mapping.get("variants", []) and "material" in mapping:
                    prim["material"], changed = mapping["material"], changed + 1
                    break
    return changed


def split_glb(data: bytes) -> tuple[dict, bytes]:
    """The JSON document of a GLB container and the chunks after it."""
    if len(data) < 20 or data[:4] != _GLB_MAGIC:
        raise ValueError("not a GLB container (bad magic)")
    length, kind = struct.unpack_from("<II", data, 12)
    if kind != _JSON_CHUNK:
        raise ValueError("GLB does not start with a JSON chunk")
    return json.loads(data[20 : 20 + length]), data[20 + length :]


def join_glb(body: bytes, rest: bytes) -> bytes:
    body += b" " * (-len(body) % 4)  # chunks are 4-byte aligned; JSON pads with spaces
    chunk = struct.pack("<II", len(body), _JSON_CHUNK) + body
    return _GLB_MAGIC + struct.pack("<II", 2, 12 + len(chunk) + len(rest)) + chunk + rest
