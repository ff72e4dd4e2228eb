"""Configuration: pydantic models loadable from YAML, saved resolved next to every output.

Each stage defines its config as a subclass of `Config`, one documented field
per knob with its unit in the description. `load_config` reads YAML and gives
errors that name the file and field; `save_run_meta` writes the resolved
config and the seed beside an output so it can be reproduced.
"""

from __future__ import annotations

import json
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from wildcat.core.atomic import write_text
from wildcat.core.errors import ConfigError, WildcatError
from wildcat.core.seeding import draw_seed

C = TypeVar("C", bound="Config")

RUN_META_FILE = "config.yaml"
# json_schema_extra key of a field whose default changed the output when it was added: the value
# that matches what the code did before, given to configs saved without the field
ADDED_AS = "added_as"


class Config(BaseModel):
    """Base for every stage config: unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.model_dump(mode="json"), sort_keys=False)


def with_new_defaults(cls: type[C], stored: dict[str, Any]) -> dict[str, Any]:
    """A config saved by an earlier version, with the fields added since at their defaults.

    New knobs default to what the code did before they existed, or declare that
    value (`ADDED_AS`) when their default does something new, so an output made
    before them resumes under the same settings. A stored config that no
    longer validates (a field removed or renamed) is returned as it was, so
    comparing it with the current one reports the difference.
    """
    try:
        return cls.model_validate(_as_before(cls, stored)).model_dump(mode="json")
    except ValidationError:
        return stored


def _as_before(cls: type[BaseModel], stored: dict[str, Any]) -> dict[str, Any]:
    """`stored` with every missing field that declares ADDED_AS set to that value (nested models too)."""
    out = dict(stored)
    for name, field in cls.model_fields.items():
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        if name not in out and ADDED_AS in extra:
            out[name] = extra[ADDED_AS]
        sub = field.annotation
        if isinstance(out.get(name), dict) and isinstance(sub, type) and issubclass(sub, BaseModel):
            out[name] = _as_before(sub, out[name])
    return out


def config_changes(config: Config, stored: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Top-level fields whose stored value differs from `config`'s: name -> (stored, current).
    The stored config is read with the fields added since at their defaults (`with_new_defaults`)."""
    old, new = with_new_defaults(type(config), stored), config.model_dump(mode="json")
    return {k: (old.get(k), new.get(k)) for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)}


def describe_changes(changes: dict[str, tuple[Any, Any]]) -> str:
    """`config_changes` as text, down to the nested setting that differs: "effects.indoor_light: False -> True; ..."."""
    parts: list[str] = []

    def walk(key: str, old: Any, new: Any) -> None:
        if isinstance(old, dict) and isinstance(new, dict):
            for k in sorted(set(old) | set(new), key=str):
                if old.get(k) != new.get(k):
                    walk(f"{key}.{k}", old.get(k), new.get(k))
        else:
            parts.append(f"{key}: {old!r} -> {new!r}")

    for key, (old, new) in changes.items():
        walk(key, old, new)
    return "; ".join(parts)


def resume_seed(out_dir: str | Path, seed: int | None, config: Config | None = None) -> int:
    """The seed of an output folder being made or resumed: `seed`, or the folder's own when None.

    A folder that already holds output (its config.yaml) resumes only with the
    seed it was made with and, given `config`, the same settings (knobs added
    since at their defaults): otherwise its samples would mix two jobs.
    """
    out_dir = Path(out_dir)
    meta = load_run_meta(out_dir) if (out_dir / RUN_META_FILE).is_file() else {}
    stored = meta.get("seed")
    if seed is not None and stored is not None and int(stored) != int(seed):
        raise ConfigError(
            out_dir, f"holds output made with seed {stored}, not {seed}", "use a new output folder or the same seed"
        )
    if (
        config is not None
        and isinstance(meta.get("config"), dict)
        and (changed := config_changes(config, meta["config"]))
    ):
        raise ConfigError(
            out_dir,
            f"holds output made with other settings ({describe_changes(changed)})",
            "use a new output folder or the same settings to resume",
        )
    if seed is None:
        seed = stored if stored is not None else draw_seed()
    return int(seed)


def load_config(cls: type[C], path: str | Path | None = None, **overrides: Any) -> C:
    """Build `cls` from a YAML file (optional) with keyword overrides on top.

    Overrides whose value is None are ignored, so CLI options left unset keep
    the file's or the default's value.
    """
    data: dict[str, Any] = {}
    if path is not None:
        data = _read_yaml(Path(path))
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(path or f"<{cls.__name__}>", _describe(exc), "correct the fields named above") from exc


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(path, "the config file does not exist", "check the path") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(path, f"not valid YAML ({exc})", "fix the YAML syntax") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(
            path, f"the top level must be a mapping, not {type(data).__name__}", "write 'key: value' lines"
        )
    return data


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "<root>"
        parts.append(f"{loc}: {err['msg']}")
    return "invalid config: " + "; ".join(parts)


def save_run_meta(out_dir: str | Path, config: BaseModel | dict[str, Any], seed: int | None, **extra: Any) -> Path:
    """Write the resolved config, the seed and the environment to OUT/config.yaml."""
    body = config.model_dump(mode="json") if isinstance(config, BaseModel) else dict(config)
    meta = {
        "seed": seed,
        "config": body,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "argv": sys.argv,
        **extra,
    }
    path = Path(out_dir) / RUN_META_FILE
    if _same_run(path, meta):
        return path  # a rerun of the same job leaves the file (and when it was first made) as it is
    write_text(path, yaml.safe_dump(meta, sort_keys=False))
    return path


#: what describes where and when a job ran, not what it made
_CIRCUMSTANCES = ("created", "python", "platform", "argv")


def _same_run(path: Path, meta: dict[str, Any]) -> bool:
    if not path.is_file():
        return False
    try:
        old = _read_yaml(path)
    except WildcatError:
        return False
    return _what_it_made(old) == _what_it_made(json.loads(json.dumps(meta)))


def _what_it_made(meta: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in meta.items() if k not in _CIRCUMSTANCES}


def load_run_meta(out_dir: str | Path) -> dict[str, Any]:
    """The config.yaml that `save_run_meta` wrote in `out_dir`."""
    return _read_yaml(Path(out_dir) / RUN_META_FILE)
