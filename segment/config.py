"""Settings of the segment stage: which backend, how it cuts, what counts as a good cutout."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, get_args

from pydantic import Field

from wildcat.core.config import Config

BackendName = Literal["auto", "whitebg", "rembg", "matting", "alpha"]
BACKEND_NAMES: tuple[str, ...] = get_args(BackendName)


class WhiteBgConfig(Config):
    """Classical matting for studio shots on a plain light background."""

    border_width: float = Field(
        0.02, description="width of the border ring the background is estimated from (fraction of the short side)"
    )
    threshold: float = Field(
        9.0,
        description="colour distance from the backdrop below which a textured pixel next to the outline may be JPEG "
        "ringing (CIE76 delta E)",
    )
    flood_threshold: float = Field(
        3.0,
        description="colour distance within which a flat pixel is backdrop the flood may cross (delta E; raised to 3x "
        "the border's noise)",
    )
    shadow_depth: float = Field(
        30.0,
        description="how much darker than the background a neutral pixel may be and still count as shadow (L* units; "
        "0 = no shadow removal)",
    )
    shadow_chroma: float = Field(
        5.0, description="largest chroma difference from the background of a shadow pixel (a*b* units)"
    )
    shadow_seed_contact: float = Field(
        0.05, description="shadow is entered only from backdrop covering at least this share of the border (fraction)"
    )
    shadow_ramp: float = Field(
        0.5,
        description="a shadow's rim (2 px next to the backdrop) is at most this fraction as dark as its core; a pale "
        "face meets the backdrop with a step (0-1)",
    )
    shadow_contact: float = Field(
        0.4,
        description="a shadow borders the backdrop along at least this share of its outline; a package face is framed "
        "by the package (0-1)",
    )
    shadow_contrast: float = Field(
        8.0, description="largest 3x3 contrast of a shadow pixel: shadows are smooth (delta E)"
    )
    flat_contrast: float = Field(
        1.5,
        description="3x3 contrast below which a pixel is as flat as a backdrop, at least (delta E; raised to the "
        "border's own noise)",
    )
    halo_px: int = Field(
        8,
        description="width of the textured band (JPEG ringing) next to an outline that still counts as background "
        "(pixels of the original image)",
    )
    edge_band: float = Field(
        0.012,
        description="half width of the unknown band of the trimap pymatting refines (fraction of the short side, at "
        "least 2 px)",
    )
    unmix_alpha: bool = Field(
        True,
        description="sharpen edge alpha from the known backdrop colour where the object's colour differs clearly from "
        "it",
    )
    min_speck: float = Field(
        0.0005, description="object pieces smaller than this are dropped as noise (fraction of the image area)"
    )
    work_size: int = Field(
        800, description="longest side the matte is computed at; larger images are downscaled for it (pixels)"
    )
    plain_delta: float = Field(
        10.0, description="a border pixel within this distance of the background model counts as background (delta E)"
    )
    plain_share: float = Field(
        0.55, description="share of border pixels that must be background for the border to be plain (0-1)"
    )
    light_l: float = Field(78.0, description="smallest lightness of a light background (L*, 0-100)")
    max_chroma: float = Field(14.0, description="largest chroma of a light background (a*b* units)")


class QualityConfig(Config):
    """What makes a cutout usable; each rule gives a component score in [0, 1]."""

    min_area: float = Field(
        0.003, description="below this foreground fraction nothing was found (fraction of the image)"
    )
    max_area: float = Field(
        0.97, description="above this foreground fraction the background was not separated (fraction of the image)"
    )
    max_border_touch: float = Field(
        0.3, description="above this share of one image side under the object it is cut off (fraction of the side)"
    )
    max_framed_touch: float = Field(
        0.85,
        description="the same for an object framed tightly between two opposite sides and touching no other (fraction "
        "of the side)",
    )
    max_components: int = Field(12, description="more separate object pieces than this is noise, not a product (count)")
    max_edge_width: float = Field(
        0.2, description="mean soft-edge width at which the edge score reaches 0 (fraction of sqrt(object area))"
    )
    min_agreement: float = Field(0.6, description="smallest IoU between two backends when a second one ran (0-1)")
    min_score: float = Field(0.35, description="cutouts scoring below this are rejected (0-1)")


class MattingTrainConfig(Config):
    steps: int = Field(600, description="optimiser steps (count)")
    batch: int = Field(8, description="composites per step (count)")
    size: int = Field(160, description="side of the training composites (pixels)")
    lr: float = Field(3e-3, description="Adam learning rate, cosine-decayed to 5% (per step)")
    base_channels: int = Field(8, description="U-Net channels at the first level (count)")
    eval_count: int = Field(48, description="held-out composites scored at the end (count)")
    eval_size: int = Field(192, description="side of the held-out composites (pixels)")
    shadow_prob: float = Field(0.6, description="share of composites with a soft shadow (0-1)")
    threads: int = Field(1, description="CPU threads torch may use (count)")
    data: list[Path] = Field(
        default_factory=list,
        description="dataset folders whose manifest rows point to RGBA renders or cutouts; none = procedural shapes",
    )


class SegmentConfig(Config):
    """Settings of `wildcat segment` (and of `segment.cut_out`)."""

    backend: BackendName = Field("auto", description="auto | whitebg | rembg | matting | alpha")
    rembg_model: str = Field(
        "u2net",
        description="rembg session name (u2net, isnet-general-use, birefnet-general, ...); "
        "u2net_custom with model_path",
    )
    model_path: Path | None = Field(
        None, description="ONNX matting model loaded through rembg's u2net_custom session (overrides rembg_model)"
    )
    agree_with: BackendName | None = Field(
        None, description="a second backend run for an agreement (IoU) check; None = no check"
    )
    margin: float = Field(
        0.04, description="transparent margin around the cropped cutout (fraction of its longest side)"
    )
    min_side: int = Field(32, description="images smaller than this on their short side are rejected (pixels)")
    fallback: Literal["matting", "none"] = Field(
        "matting",
        description="what auto cuts with when the border is not plain and light and no rembg model is on disk: "
        "matting = wildcat's own model (trained once, cached), none = reject the image with how to fetch one",
    )
    matting: MattingTrainConfig = Field(
        default_factory=MattingTrainConfig, description="training of wildcat's own matting model (the fallback)"
    )
    whitebg: WhiteBgConfig = Field(default_factory=WhiteBgConfig, description="settings of the whitebg backend")
    quality: QualityConfig = Field(default_factory=QualityConfig, description="quality rules and the reject threshold")
    contact_sheet_size: int = Field(96, description="how many cutouts the contact sheet shows (count)")
