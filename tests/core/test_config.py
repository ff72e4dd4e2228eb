import pytest
from pydantic import Field

from wildcat.core.config import Config, load_config, load_run_meta, save_run_meta
from wildcat.core.errors import ConfigError


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
    from wildcat.core.config import config_changes

    class Knobs(Config):
        a: int = 1
        b: str = "x"
        added_later: float = 0.0  # a knob an older version did not save

    assert config_changes(Knobs(), {"a": 1, "b": "x"}) == {}
    assert config_changes(Knobs(a=2, added_later=0.5), {"a": 1, "b": "x"}) == {"a": (1, 2), "added_later": (0.0, 0.5)}
    assert config_changes(Knobs(), {"a": 1, "gone": True}) == {
        "gone": (True, None),
        "b": (None, "x"),
        "added_later": (None, 0.0),
    }


def test_a_knob_added_with_a_new_default_reads_old_configs_as_they_were_made():
    from pydantic import Field

    from wildcat.core.config import ADDED_AS, config_changes, describe_changes, with_new_defaults

    class Inner(Config):
        k: int = 1
        new_look: bool = Field(True, json_schema_extra={ADDED_AS: False})  # on for new outputs, off in old ones

    class Outer(Config):
        inner: Inner = Field(default_factory=Inner)
        plain_new: int = Field(3, json_schema_extra={ADDED_AS: 0})

    old = {"inner": {"k": 1}}  # saved before either knob existed
    assert with_new_defaults(Outer, old) == {"inner": {"k": 1, "new_look": False}, "plain_new": 0}
    assert config_changes(Outer(), old) == {
        "inner": ({"k": 1, "new_look": False}, {"k": 1, "new_look": True}),
        "plain_new": (0, 3),
    }
    assert config_changes(Outer(inner=Inner(new_look=False), plain_new=0), old) == {}
    assert describe_changes(config_changes(Outer(), old)) == "inner.new_look: False -> True; plain_new: 0 -> 3"
    # a config that names the knob keeps its value
    assert with_new_defaults(Outer, {"inner": {"k": 2, "new_look": True}, "plain_new": 5})["inner"]["new_look"] is True
