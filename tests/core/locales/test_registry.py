"""Installing packs in a workspace: index, dependencies, replacement, lookups."""

import json

import pytest
import yaml

from wildcat.core.errors import WildcatError
from wildcat.core.locales import (
    ClassRef,
    LocalePackError,
    add_pack,
    installed_packs,
    load_packset,
    read_index,
    shipped_pack_paths,
)

TA_IN = {
    "locale": "ta-IN",
    "name": "Tamil Nadu wear",
    "classes": [
        {
            "name": "veshti",
            "parent": "bottoms",
            "synonyms": ["vesti"],
            "demo_shape": "dhoti",
            "accessories": ["en-IN:juttis"],
        }
    ],
    "look_alikes": [{"class": "veshti", "looks_like": "en-IN:lungi"}],
}


def _pack(tmp_path, data, name="pack.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data))
    return path


def test_add_installs_pack_and_the_shipped_packs_it_names(tmp_path):
    ws = tmp_path / "ws"
    result = add_pack(_pack(tmp_path, TA_IN), ws)
    assert result.locale == "ta-IN" and result.dependencies == ["en-IN", "en-US"]  # en-IN's look-alikes name en-US
    index = read_index(ws)
    assert (
        set(index) == {"ta-IN", "en-IN", "en-US"}
        and index["ta-IN"]["classes"] == 1
        and index["en-IN"]["source"] == "shipped"
    )
    assert (ws / "locales" / "ta-IN.yaml").read_text() == _pack(tmp_path, TA_IN).read_text()  # comments and all kept
    assert json.loads((ws / "locales" / "index.json").read_text())["version"] == 1
    assert not list((ws / "locales").glob(".*.tmp"))  # atomic writes leave no temp files


def test_installed_en_in_pulls_en_us_so_look_alikes_resolve(tmp_path):
    add_pack(shipped_pack_paths()["en-IN"], tmp_path)
    assert set(installed_packs(tmp_path)) == {"en-IN", "en-US"}
    packs = load_packset(tmp_path, include_shipped=False)
    assert packs.look_alikes(ClassRef("en-IN", "kurti")) == {ClassRef("en-US", "tunic")}
    assert packs.look_alikes(ClassRef("en-US", "tunic"), other_locales_only=True) == {ClassRef("en-IN", "kurti")}


def test_adding_the_same_locale_twice_needs_replace(tmp_path):
    path = _pack(tmp_path, TA_IN)
    add_pack(path, tmp_path / "ws")
    with pytest.raises(WildcatError, match="--replace"):
        add_pack(path, tmp_path / "ws")
    assert add_pack(path, tmp_path / "ws", replace=True).replaced


def test_a_replacement_that_breaks_another_pack_is_refused(tmp_path):
    ws = tmp_path / "ws"
    add_pack(_pack(tmp_path, TA_IN), ws)
    en_in = yaml.safe_load(shipped_pack_paths()["en-IN"].read_text())
    en_in["classes"] = [c for c in en_in["classes"] if c["name"] != "lungi"]
    en_in["look_alikes"] = [p for p in en_in["look_alikes"] if "lungi" not in (p["class"], p["looks_like"])]
    with pytest.raises(LocalePackError) as info:
        add_pack(_pack(tmp_path, en_in, "en-IN.yaml"), ws, replace=True)
    assert str(ws / "locales" / "ta-IN.yaml") in str(info.value) and "lungi" in str(info.value)
    assert "lungi" in installed_packs(ws)["en-IN"].class_names()  # nothing changed


def test_invalid_pack_is_not_installed(tmp_path):
    bad = dict(TA_IN, classes=[{"name": "veshti", "parent": "nope"}], look_alikes=[])
    with pytest.raises(LocalePackError):
        add_pack(_pack(tmp_path, bad), tmp_path / "ws")
    assert read_index(tmp_path / "ws") == {}


def test_resolve_products_by_name_or_synonym():
    packs = load_packset()
    assert packs.resolve("Kameez", ["en-IN"]) == ClassRef("en-IN", "kurti")
    assert packs.resolve("pants") == ClassRef("en-US", "trousers")
    assert packs.resolve("spaceship") is None
