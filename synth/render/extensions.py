"""glTF material and scene extensions the rasteriser cannot reproduce, and how each is approximated.

Product models from shops use physically based extensions (glass, velvet, lacquer) that need a path tracer to
look exactly right. The renderer never fails on them: it renders the base metallic-roughness material the
extension sits on, and the asset's lineage records each approximation, so a sample says how faithful it is.
"""

from __future__ import annotations

#: extension -> what the render does instead (recorded in the asset's warnings, hence every sample's lineage)
APPROXIMATED = {
    "KHR_materials_sheen": "sheen (velvet, fabric): base colour and roughness only, no sheen lobe",
    "KHR_materials_clearcoat": "clearcoat (lacquer, varnish): base layer only, no clear top layer",
    "KHR_materials_transmission": "transmission (glass): rendered opaque with its base colour",
    "KHR_materials_volume": "volume (thick glass, liquid): no absorption or refraction",
    "KHR_materials_iridescence": "iridescence (thin film): base colour only, no angle-dependent hue",
    "KHR_materials_specular": "specular: the metallic-roughness default F0",
    "KHR_materials_ior": "ior: the metallic-roughness default 1.5",
    "KHR_materials_emissive_strength": "emissive strength: emission at strength 1",
    "KHR_materials_anisotropy": "anisotropy: isotropic roughness",
    "KHR_materials_dispersion": "dispersion: none",
    "KHR_lights_punctual": "the file's own lights are not used; the preset's lighting is",
}
#: extensions the loader handles itself (nothing approximated)
HANDLED = {
    "KHR_materials_variants",
    "KHR_texture_basisu",
    "KHR_texture_transform",
    "KHR_materials_unlit",
    "KHR_mesh_quantization",
}


def approximation_notes(doc: dict) -> list[str]:
    """One note per extension the document uses that the renderer approximates or does not know."""
    notes = []
    for ext in doc.get("extensionsUsed", []):
        if ext in APPROXIMATED:
            notes.append(f"approximated {ext}: {APPROXIMATED[ext]}")
        elif ext not in HANDLED:
            notes.append(f"ignored unknown extension {ext} (rendered without it)")
    return notes
