"""Which proxy a product gets: by its category (a configurable mapping), else by the cutout's shape."""

from __future__ import annotations

from pydantic import Field, field_validator

from wildcat.core.config import Config
from wildcat.synth.render.proxies.silhouette import shape_features

PROXY_KINDS = ("box", "cylinder", "ellipsoid")
#: a category mapped to this gets no proxy: a shape that would not look like the product at all
NO_PROXY = "none"

# Grocery defaults: the Grocery Store Dataset's coarse classes and parent
# categories, plus common shop words. Keys are compared lower-cased.
DEFAULT_CATEGORY_KINDS = {
    **dict.fromkeys("fruit vegetables vegetable produce".split(), "ellipsoid"),
    **dict.fromkeys(
        (
            "juice milk oat-milk soy-milk sour-milk yoghurt soyghurt oatghurt sour-cream carton cereal box packages"
        ).split(),
        "box",
    ),
    **dict.fromkeys("can bottle jar tin soda beer wine water drink".split(), "cylinder"),
}
# Garments drape, fold and hang: as a box, cylinder or egg (a lehenga as a dotted egg, a bindi as a cube) they teach
# nothing true, so categories and parent categories named here get no proxy unless `category_kinds` names them
# (their cutouts still go into composites). A constant, not a config default: adding it changed no saved setting, so
# render folders made before still resume.
NO_PROXY_CATEGORIES = frozenset(
    "apparel garments clothing tops dresses drapes bottoms outerwear jewellery cosmetics".split()
)


class ProxyConfig(Config):
    category_kinds: dict[str, str] = Field(
        DEFAULT_CATEGORY_KINDS,
        description="proxy kind per category or parent category, case-insensitive (category wins); 'none' = not "
        "rendered as a proxy; others go by shape",
    )
    box_depth: float = Field(
        0.75, gt=0, le=4, description="depth of a box proxy as a fraction of its widest row (ratio)"
    )
    cylinder_depth: float = Field(
        1.0,
        gt=0,
        le=4,
        description="front-to-back radius of a cylinder proxy as a fraction of its half-width (ratio, 1 = round)",
    )
    ellipsoid_depth: float = Field(
        0.9,
        gt=0,
        le=4,
        description="depth semi-axis of an ellipsoid proxy as a fraction of its smaller half-side (ratio)",
    )
    wrap: float = Field(
        0.4,
        ge=0,
        le=1,
        description="cutout on curved fronts: 0 = exact projection (texels stretch near the outline), 1 = spread "
        "evenly along the surface (blend)",
    )
    rows: int = Field(48, ge=4, le=512, description="outline samples from top to bottom (vertices)")
    segments: int = Field(48, ge=8, le=512, description="samples around a cylinder or ellipsoid (vertices)")
    texture_px: int = Field(
        512, ge=16, le=4096, description="the cutout is scaled to at most this size on a side for the texture (pixels)"
    )
    roughness: float = Field(
        0.5, ge=0, le=1, description="roughness of the proxy material before jitter (0-1); lower = sharper highlights"
    )
    metallic: float = Field(0.0, ge=0, le=1, description="metallic factor of the proxy material before jitter (0-1)")
    box_fill: float = Field(
        0.9, gt=0, le=1, description="shape rule: a cutout filling at least this share of its box becomes a box (ratio)"
    )
    cylinder_aspect: float = Field(
        1.15, gt=0, description="shape rule: a cutout at least this much taller than wide (height/width)..."
    )
    cylinder_straight: float = Field(
        0.45,
        ge=0,
        le=1,
        description="...with at least this share of rows within 5% of its widest becomes a cylinder (ratio)",
    )

    @field_validator("category_kinds")
    @classmethod
    def _kinds_known(cls, v: dict[str, str]) -> dict[str, str]:
        bad = {k: kind for k, kind in v.items() if kind not in (*PROXY_KINDS, NO_PROXY)}
        if bad:
            raise ValueError(f"unknown proxy kinds {bad}; use {', '.join(PROXY_KINDS)} or {NO_PROXY}")
        return {k.lower(): kind for k, kind in v.items()}


def kind_for_category(category: str, parent_category: str, cfg: ProxyConfig) -> str | None:
    """The proxy kind the configuration names for the category (or its parent), NO_PROXY for garments it does not
    name, None = go by the cutout's shape."""
    for name in (category, parent_category):
        if name and name.lower() in cfg.category_kinds:
            return cfg.category_kinds[name.lower()]
    if any(name and name.lower() in NO_PROXY_CATEGORIES for name in (category, parent_category)):
        return NO_PROXY
    return None


def kind_for_shape(mask, cfg: ProxyConfig) -> tuple[str, dict[str, float]]:
    """box when the alpha nearly fills its box; cylinder when tall with straight sides; else ellipsoid."""
    f = shape_features(mask)
    if f["fill"] >= cfg.box_fill:
        return "box", f
    if f["aspect"] >= cfg.cylinder_aspect and f["straight"] >= cfg.cylinder_straight:
        return "cylinder", f
    return "ellipsoid", f
