import pytest
from pydantic import Field

from wildcat.config import Config, load_config, load_run_meta, save_run_meta
from wildcat.errors import ConfigError


class Demo(Config):
    size: int = Field(64, gt=0, description="image side, pixels")
    name: str = "x"


def test_yaml_and_overrides(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_text("size: 32\nname: a\n")
    cfg = load_config(Demo, p, name="b", size=None)
    assert cfg.size == 32 and cfg.name == "b"


@pytest.mark.parametrize(
    "text, match",
    [("size: -1\n", "size"), ("colour: red\n", "colour"), ("size: [\n", "not valid YAML"), ("- 1\n", "mapping")],
)
def test_bad_configs_name_file_and_field(tmp_path, text, match):
    p = tmp_path / "bad.yaml"
    p.write_text(text)
    with pytest.raises(ConfigError, match=match) as info:
        load_config(Demo, p)
    assert "bad.yaml" in str(info.value)


def test_run_meta_saved(tmp_path):
    save_run_meta(tmp_path, Demo(size=5), seed=123)
    meta = load_run_meta(tmp_path)
    assert meta["seed"] == 123 and meta["config"] == {"size": 5, "name": "x"}


def test_config_changes_reads_old_configs_with_new_knobs_at_their_defaults():
    from wildcat.config import config_changes

    class Knobs(Config):
        a: int = 1
        b: str = "x"
        added_later: float = 0.0  # a knob an older version did not save

    assert config_changes(Knobs(), {"a": 1, "b": "x"}) == {}
    assert config_changes(Knobs(a=2, added_later=0.5), {"a": 1, "b": "x"}) == {"a": (1, 2), "added_later": (0.0, 0.5)}
    assert config_changes(Knobs(), {"a": 1, "gone": True}) == {"gone": (True, None), "b": (None, "x"), "added_later": (None, 0.0)}
