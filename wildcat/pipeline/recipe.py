"""A recipe: what one benchmark run changes from the default data and training.

The grocery-store ablations are recipes: each names what it switches (no 3D
proxies, other backgrounds, another catalog:synthetic mix, ...) as overrides of
the stage configs, so every row of the ablation table is one YAML file and one
command. The empty recipe is the default recipe (the best one found).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator

from wildcat.core.config import Config, load_config


class Recipe(Config):
    name: str = Field("", description="suffix of the run's name; empty = the default recipe")
    renders: bool = Field(True, description="train on 3D renders (models or proxies from the cutout)")
    composites: bool = Field(True, description="train on cut-paste composites")
    budget: dict[str, Any] = Field(default_factory=dict, description="overrides of the named budget's fields")
    compose: dict[str, Any] = Field(
        default_factory=dict, description="overrides of synth.compose.ComposeConfig (nested)"
    )
    train: dict[str, Any] = Field(default_factory=dict, description="overrides of train.TrainConfig fields")

    @field_validator("name")
    @classmethod
    def _safe_name(cls, v: str) -> str:
        if v and not all(c.isalnum() or c in "-_." for c in v):
            raise ValueError(f"recipe names may hold letters, digits, '-', '_' and '.', not {v!r}")
        return v


def load_recipe(path: str | Path | None) -> Recipe:
    """The recipe in a YAML file (its name defaults to the file's stem), or the default recipe."""
    if path is None:
        return Recipe()
    recipe = load_config(Recipe, path)
    return recipe if recipe.name else recipe.model_copy(update={"name": Path(path).stem})


def overrides_tag(overrides: dict[str, Any]) -> str:
    """A short stable tag for a folder whose content depends on `overrides` ('' when there are none)."""
    if not overrides:
        return ""
    text = json.dumps(overrides, sort_keys=True, default=str)
    return "-" + hashlib.sha256(text.encode()).hexdigest()[:8]


def deep_update(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """`base` with `changes` merged in, nested mappings merged key by key (neither input is modified)."""
    out = dict(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_update(out[key], value)
        else:
            out[key] = value
    return out
