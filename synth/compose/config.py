"""Every knob of the compositor, with its unit, so each realism feature can be ablated.

Probabilities are per sample unless stated. Set a probability or weight to 0
to switch a feature off (e.g. `occlusion.prob: 0`, `blend.weights: {alpha: 1}`).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator, model_validator

from wildcat.core.config import ADDED_AS, Config
from wildcat.synth.backgrounds.config import BankConfig

LAYOUTS = ("hero", "pile", "shelf", "hand", "bag")
BLEND_MODES = ("alpha", "feather", "gaussian", "poisson", "motion")
HARMONIZE_MODES = ("none", "reinhard", "histogram", "fda")
INDOOR_KINDS = ("room", "store")  # background kinds lit by lamps (EffectsConfig.indoor_light)

Range = tuple[float, float]


class Profile(Config):
    """How a group of products is shown: matched on category, then parent category (case-insensitive)."""

    match: list[str] = Field(description="category or parent-category names; '*' matches every product")
    size_m: Range = Field(description="real size of the product's largest dimension (metres)")
    layouts: dict[str, float] = Field(description=f"relative frequency of each layout ({', '.join(LAYOUTS)})")
    indoor_light: bool = Field(
        True,
        description="whether these products' indoor composites take the warm cast of effects.indoor_light "
        "(off: the general white-balance draw, for products told apart by their colour)",
    )

    @model_validator(mode="after")
    def _known_layouts(self) -> Profile:
        bad = [k for k in self.layouts if k not in LAYOUTS]
        if bad or not any(v > 0 for v in self.layouts.values()):
            raise ValueError(f"layouts must be a non-empty mapping of {LAYOUTS} to weights (got {self.layouts})")
        return self


PRODUCE = {"pile": 0.55, "hand": 0.2, "bag": 0.1, "hero": 0.15}
PACKAGES = {"shelf": 0.35, "hand": 0.45, "hero": 0.2}


def default_profiles() -> list[Profile]:
    """Groceries (the benchmark) first, then a single-hero fallback for fashion and home products."""
    return [
        Profile(match=["Melon", "Pineapple", "Cabbage", "Papaya"], size_m=(0.14, 0.28), layouts=PRODUCE),
        Profile(
            match=["Banana", "Asparagus", "Leek", "Cucumber", "Zucchini", "Carrots", "Aubergine"],
            size_m=(0.14, 0.28),
            layouts=PRODUCE,
        ),
        Profile(
            match=["Mushroom", "Garlic", "Lime", "Kiwi", "Passion-Fruit", "Plum", "Ginger"],
            size_m=(0.04, 0.08),
            layouts=PRODUCE,
        ),
        Profile(match=["Fruit", "Vegetables", "Produce"], size_m=(0.06, 0.11), layouts=PRODUCE),
        Profile(
            match=["Packages", "Milk", "Juice", "Yoghurt", "Oat-Milk", "Soy-Milk"],
            size_m=(0.12, 0.26),
            layouts=PACKAGES,
        ),
        Profile(match=["*"], size_m=(0.2, 0.6), layouts={"hero": 1.0}),
    ]


class PlacementConfig(Config):
    tight_prob: float = Field(
        0.5, ge=0, le=1, description="chance of a tight crop (hero large in frame) rather than a loose one"
    )
    tight_fraction: Range = Field(
        (0.5, 0.85), description="hero's largest side over the frame side in tight crops (fraction)"
    )
    loose_fraction: Range = Field(
        (0.2, 0.5), description="hero's largest side over the frame side in loose crops (fraction)"
    )
    hand_frame_m: Range = Field(
        (0.12, 0.35), description="width of the scene at a held product, so small items look smaller (metres)"
    )
    hand_fraction: Range = Field(
        (0.35, 0.85), description="bounds on a held product's largest side over the frame side (fraction)"
    )
    zoom_max: float = Field(4.0, ge=1, description="largest crop magnification of a background (times)")
    min_hero_fraction: float = Field(
        0.35,
        ge=0,
        le=1,
        description="a standing hero smaller than this share of the frame is enlarged to it, "
        "whatever the background's scale says (shoppers photograph products up close) (fraction)",
    )
    rotation_deg: float = Field(12.0, ge=0, description="largest in-plane tilt of a standing or held product (degrees)")
    perspective: float = Field(
        0.06, ge=0, le=0.3, description="largest corner shift of the perspective warp (fraction of the object size)"
    )
    size_jitter: float = Field(
        0.12, ge=0, le=0.5, description="per-instance size variation around the profile size (fraction)"
    )
    distractors: tuple[int, int] = Field(
        (0, 3), description="other catalog products around a single hero (count range)"
    )
    pile_across: Range = Field(
        (3.0, 8.0),
        description="instances across the frame in a pile; with pile_frame_m, the bounds on it (count)",
    )
    pile_frame_m: Range | None = Field(
        None,
        description="width of the display a shopper frames in a pile close-up; instances across = this / the "
        "product's size, so limes show more instances than melons (metres); None = pile_across alone",
    )
    pile_spacing: Range = Field(
        (0.55, 0.8),
        description="distance between pile neighbours over the instance's footprint (fraction; < 1 overlaps)",
    )
    pile_max_instances: int = Field(
        45, ge=1, description="cap on instances in one pile; over it, instances grow instead (count)"
    )
    variants: int = Field(
        4, ge=1, description="distinct rotated copies of a product per sample that pile instances reuse (count)"
    )
    pile_fill_frame_prob: float = Field(
        0.5, ge=0, le=1, description="chance that a pile fills the whole frame (close-up) rather than its bin"
    )
    neighbour_prob: float = Field(
        0.4, ge=0, le=1, description="chance that a pile shares the frame with a pile of another product"
    )
    other_bins_prob: float = Field(
        0.8, ge=0, le=1, description="chance that each other bin in view is filled with another catalog product"
    )
    instance_tint: float = Field(
        0.0,
        ge=0,
        le=0.5,
        description="colour variation between the instances of a pile: each shared copy gets per-channel gains "
        "exp(N(0, s) + N(0, s)) (log-gain standard deviation s; 0 = every instance the catalog photo's colour)",
    )
    whole_prob: float = Field(
        0.0,
        ge=0,
        le=1,
        description="chance, per sample and produce product, that it is shown whole: a cut face in its catalog photo "
        "repainted with its skin colour (stores sell produce whole; catalog photos often show it cut)",
    )
    facings: tuple[int, int] = Field((2, 6), description="hero facings side by side on a shelf (count range)")
    truncation_prob: float = Field(0.2, ge=0, le=1, description="chance that the hero is cut by the frame border")
    truncation_max: float = Field(0.35, ge=0, le=1, description="largest fraction of the hero outside the frame")
    off_context_prob: float = Field(
        0.15, ge=0, le=1, description="chance of ignoring the layout's preferred background kind (variety)"
    )
    backdrop_blur: Range = Field(
        (0.0, 2.5), description="defocus of the scene behind a held product (Gaussian sigma, pixels at 256)"
    )


class OcclusionConfig(Config):
    prob: float = Field(
        0.35,
        ge=0,
        le=1,
        description="chance of a generic occluder (price tag, crate bar, leaf, shelf lip) over the hero",
    )
    fraction: Range = Field((0.05, 0.4), description="target share of the hero's pixels an occluder hides (fraction)")
    max_fraction: float = Field(
        0.6, ge=0, le=1, description="occluders are pulled back until the hero is at most this hidden (fraction)"
    )
    hand_cover: Range = Field(
        (0.15, 0.45), description="how far the fingers reach across a held product (fraction of its width)"
    )
    skin_tones: list[tuple[int, int, int]] = Field(
        default_factory=lambda: [
            (241, 194, 167),
            (224, 172, 138),
            (198, 134, 98),
            (161, 102, 70),
            (112, 70, 46),
            (236, 188, 160),
        ],
        description="base skin colours of hands (RGB)",
    )


class BlendConfig(Config):
    weights: dict[str, float] = Field(
        default_factory=lambda: {"alpha": 0.15, "feather": 0.47, "gaussian": 0.2, "poisson": 0.03, "motion": 0.15},
        description=f"relative frequency of each edge blend ({', '.join(BLEND_MODES)}); "
        "poisson only for single objects",
    )
    feather_px: Range = Field((0.5, 1.5), description="feather blur of the alpha edge (Gaussian sigma, pixels)")
    gaussian_px: Range = Field((1.5, 3.0), description="Gaussian blending blur of the alpha (sigma, pixels)")
    motion_px: tuple[int, int] = Field((3, 9), description="object motion-blur length (pixels)")


class HarmonizeConfig(Config):
    weights: dict[str, float] = Field(
        default_factory=lambda: {"none": 0.25, "reinhard": 0.6, "histogram": 0.1, "fda": 0.05},
        description=f"relative frequency of each colour harmonisation ({', '.join(HARMONIZE_MODES)})",
    )
    strength: Range = Field(
        (0.1, 0.5),
        description="how far the object's lightness statistics move toward the background's; "
        "also the blend of histogram matching and FDA (fraction)",
    )
    color_strength: Range = Field(
        (0.0, 0.15),
        description="how far its colour cast (each channel's mean minus the luma mean) moves; "
        "small keeps product colour (fraction)",
    )
    fda_beta: Range = Field((0.002, 0.01), description="FDA low-frequency window (fraction of the spectrum)")


class ShadowConfig(Config):
    prob: float = Field(0.8, ge=0, le=1, description="chance of contact/drop shadows under pasted objects")
    opacity: Range = Field((0.25, 0.6), description="darkness of a shadow at its core (fraction)")


class EffectsConfig(Config):
    blur_prob: float = Field(0.35, ge=0, le=1, description="chance of camera blur (Gaussian, motion or defocus)")
    blur_px: tuple[int, int] = Field((3, 7), description="camera blur kernel size range (pixels, odd)")
    noise_prob: float = Field(0.35, ge=0, le=1, description="chance of sensor noise")
    noise_std: Range = Field((0.01, 0.05), description="sensor noise standard deviation (fraction of full scale)")
    white_balance_prob: float = Field(0.5, ge=0, le=1, description="chance of a white-balance shift (Planckian jitter)")
    white_balance_k: tuple[int, int] = Field(
        (4500, 8500), description="colour temperature range of the white-balance shift; must include 6000 (kelvin)"
    )
    brightness_contrast_prob: float = Field(0.6, ge=0, le=1, description="chance of an exposure/contrast change")
    brightness: float = Field(0.2, ge=0, le=1, description="largest exposure change (fraction)")
    contrast: float = Field(0.2, ge=0, le=1, description="largest contrast change (fraction)")
    vignette_prob: float = Field(0.3, ge=0, le=1, description="chance of lens vignetting")
    vignette_strength: Range = Field((0.15, 0.5), description="corner darkening of the vignette (fraction)")
    warm_prob: float = Field(
        0.4,
        ge=0,
        le=1,
        description="share of white-balance shifts drawn below 6000 K (warm light: incandescent, store spots)",
    )
    indoor_light: bool = Field(
        True,
        json_schema_extra={ADDED_AS: False},  # samples made before it existed had no indoor shift
        description="indoor scenes (room, store) always get a warm white-balance shift (below 6000 K): a phone under "
        "store "
        "and home lamps keeps part of the lamp's cast; other scenes keep the draw above",
    )
    indoor_exposure: Range = Field(
        (1.0, 1.0),
        description="exposure gain of indoor scenes (room, store), drawn from this range: lamps light a scene far less "
        "than a studio, and a phone's photo of it comes out darker than a catalog shot ((1, 1) = unchanged)",
    )
    isp_prob: float = Field(
        0.0, ge=0, le=1, description="chance of a phone camera's processing: saturation boost, then sharpening"
    )
    isp_saturation: Range = Field(
        (1.0, 1.5), description="saturation gain of the phone processing (ratio; 1 = unchanged)"
    )
    isp_sharpen: Range = Field(
        (0.3, 1.2), description="unsharp-mask amount of the phone processing (ratio of the detail added back)"
    )
    jpeg_quality: tuple[int, int] = Field((60, 95), description="JPEG quality the sample is saved at (range, 1-100)")

    @field_validator("indoor_exposure")
    @classmethod
    def _positive_gains(cls, v: Range) -> Range:
        if not 0 < v[0] <= v[1]:
            raise ValueError(f"indoor_exposure must be gains 0 < low <= high, e.g. (0.6, 1.0) (got {v})")
        return v

    def for_scene(self, kind: str, warm: bool = True) -> EffectsConfig:
        """The settings for a background of `kind`: with indoor_light, indoor scenes always shift warm
        (unless the product's profile says not: `warm` False); indoor_exposure dims indoor scenes only."""
        if kind not in INDOOR_KINDS:
            return (
                self.model_copy(update={"indoor_exposure": (1.0, 1.0)}) if self.indoor_exposure != (1.0, 1.0) else self
            )
        if self.indoor_light and warm:
            return self.model_copy(update={"white_balance_prob": 1.0, "warm_prob": 1.0})
        return self


class ComposeConfig(Config):
    size: int = Field(256, ge=16, description="side of the square output images (pixels)")
    per_product: int = Field(10, ge=1, description="samples made per product (count)")
    backgrounds: list[str] = Field(
        default_factory=lambda: ["room", "street", "store"],
        description="background sources: room, street, store (procedural), a folder, "
        "or KIND=FOLDER (e.g. wild=photos/)",
    )
    bank_dir: Path | None = Field(
        None, description="folder of the procedural background bank; default: OUT/backgrounds"
    )
    bank: BankConfig = Field(default_factory=BankConfig)
    profiles: list[Profile] = Field(
        default_factory=default_profiles, description="per-category sizes and layouts, first match wins"
    )
    placement: PlacementConfig = Field(default_factory=PlacementConfig)
    occlusion: OcclusionConfig = Field(default_factory=OcclusionConfig)
    blend: BlendConfig = Field(default_factory=BlendConfig)
    harmonize: HarmonizeConfig = Field(default_factory=HarmonizeConfig)
    shadow: ShadowConfig = Field(default_factory=ShadowConfig)
    effects: EffectsConfig = Field(default_factory=EffectsConfig)
    contact_sheet: int = Field(48, ge=0, description="samples shown on the dataset's contact sheet (count)")

    def profile_for(self, category: str, parent_category: str) -> Profile:
        names = {category.lower(), parent_category.lower()}
        for key in (category.lower(), parent_category.lower()):
            for p in self.profiles:
                if key and key in {m.lower() for m in p.match}:
                    return p
        for p in self.profiles:
            if "*" in p.match:
                return p
        return Profile(match=sorted(names), size_m=(0.2, 0.6), layouts={"hero": 1.0})
