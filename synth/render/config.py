"""The render configuration and its presets.

`random` (the default) varies viewpoint, lights and materials for training
data; `catalog` renders one studio view (front, slight elevation, soft light,
white background) so a product with only a 3D model gets a catalog image.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError

from wildcat.core.config import Config, load_config
from wildcat.core.errors import ConfigError
from wildcat.synth.render.camera import CameraConfig
from wildcat.synth.render.lights import LightConfig
from wildcat.synth.render.materials import MaterialConfig
from wildcat.synth.render.proxies.choose import ProxyConfig

PRESETS = ("random", "catalog")


def _front_hemisphere() -> CameraConfig:
    # A proxy is only right where the photo saw it: keep views mostly in front.
    return CameraConfig(azimuth_deg=(-65.0, 65.0), elevation_deg=(-5.0, 40.0))


class RenderConfig(Config):
    preset: Literal["random", "catalog"] = Field(
        "random", description="random: varied training views; catalog: one studio view"
    )
    size: int = Field(256, ge=16, le=4096, description="width and height of each render (pixels)")
    views: int = Field(
        8, ge=1, le=10000, description="views rendered per product (renders; the catalog preset makes 1)"
    )
    camera: CameraConfig = Field(default_factory=CameraConfig, description="camera ranges for 3D models")
    proxy_camera: CameraConfig = Field(
        default_factory=_front_hemisphere, description="camera ranges for proxies (front hemisphere)"
    )
    lights: LightConfig = Field(default_factory=LightConfig, description="ambient and light ranges")
    material: MaterialConfig = Field(default_factory=MaterialConfig, description="material jitter ranges")
    proxy: ProxyConfig = Field(default_factory=ProxyConfig, description="how proxies are chosen and built")
    background: tuple[int, int, int] = Field(
        (0, 0, 0), description="colour of the pixels outside the asset, where alpha is 0 (RGB 0-255)"
    )
    shader: Literal["lean", "pyrender"] = Field(
        "lean", description="mesh shader: wildcat's lean one, or pyrender's own PBR shader (reference)"
    )
    antialias: bool = Field(
        False,
        description="4x multisampled edges; about 3x slower on a software rasteriser "
        "(alpha stays the exact depth mask)",
    )
    max_texture: int = Field(
        1024, ge=16, le=16384, description="textures are scaled down to at most this size on a side (pixels)"
    )
    write_depth: bool = Field(True, description="also write each view's depth map as a 16-bit PNG next to the render")
    depth_scale: float = Field(
        1000.0,
        gt=0,
        description="depth PNG steps per scene unit (the asset fits a unit sphere; 1000 = 1/1000 of its radius)",
    )


def preset_config(name: str, **overrides) -> RenderConfig:
    """The config of a named preset with `overrides` (field=value) on top."""
    if name == "random":
        return RenderConfig(**overrides)
    if name == "catalog":
        base = {
            "preset": "catalog",
            "views": 1,
            "camera": CameraConfig(
                azimuth_deg=(0, 0),
                elevation_deg=(12, 12),
                fov_deg=(30, 30),
                distance_scale=(1.08, 1.08),
                look_at_jitter=0,
                roll_deg=(0, 0),
            ),
            "material": MaterialConfig(brightness=(1, 1), tint=0, roughness_delta=0, metallic_delta=0),
            "background": (255, 255, 255),
        }
        base["proxy_camera"] = base["camera"]
        return RenderConfig(**(base | overrides | {"views": 1}))
    raise ValueError(f"unknown preset {name!r}; use one of {', '.join(PRESETS)}")


def render_config(preset: str = "random", path: str | Path | None = None, **overrides: Any) -> RenderConfig:
    """A preset, with the fields set in a YAML file on top, then `overrides` that are not None."""
    data = preset_config(preset).model_dump()
    if path is not None:
        _merge(data, load_config(RenderConfig, path).model_dump(exclude_unset=True))
    _merge(data, {k: v for k, v in overrides.items() if v is not None})
    try:
        return preset_config(preset, **{k: v for k, v in data.items() if k != "preset"})
    except ValidationError as exc:
        raise ConfigError(
            path or "<render options>", f"invalid render config ({exc.errors()[0]['msg']})", "correct the options"
        ) from exc


def _merge(into: dict, new: dict) -> None:
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict) and key != "category_kinds":
            _merge(into[key], value)
        else:
            into[key] = value
