"""Locale pack validation: every error kind is caught, named, located and given a fix."""

from pathlib import Path

import pytest
import yaml

from wildcat.core.errors import WildcatError
from wildcat.core.locales import PROBLEM_KINDS, LocalePackError, load_pack, shipped_packs

GOOD = {
    "locale": "ta-IN",
    "name": "Tamil Nadu wear",
    "backgrounds": ["market", "street"],
    "classes": [
        {"name": "veshti", "parent": "bottoms", "synonyms": ["vesti"], "accessories": ["angavastram"]},
        {"name": "angavastram", "parent": "drapes"},
    ],
    "look_alikes": [{"class": "veshti", "looks_like": "en-US:sarong", "cue": "white with a gold border"}],
}


def _write(tmp_path: Path, data) -> Path:
    path = tmp_path / "pack.yaml"
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data), encoding="utf-8")
    return path


def _problems(tmp_path, data) -> LocalePackError:
    with pytest.raises(LocalePackError) as info:
        load_pack(_write(tmp_path, data), shipped_packs())
    return info.value


def _with(**changes):
    data = yaml.safe_load(yaml.safe_dump(GOOD))
    data.update(changes)
    return data


def test_a_good_pack_loads(tmp_path):
    pack = load_pack(_write(tmp_path, GOOD), shipped_packs())
    assert pack.locale == "ta-IN" and pack.class_names() == ["veshti", "angavastram"]


def test_shipped_packs_are_valid():
    packs = shipped_packs()
    assert {"en-IN", "en-US"} <= set(packs)
    assert {
        "kurti",
        "saree",
        "dhoti",
        "lungi",
        "sherwani",
        "dupatta",
        "salwar",
        "lehenga",
        "bangles",
        "bindi",
        "juttis",
    } <= set(packs["en-IN"].class_names())


@pytest.mark.parametrize(
    ("data", "kind", "where", "fix_has"),
    [
        ("locale: [unclosed", "bad_yaml", "<file>", "YAML"),
        (_with(classes=[{"name": "veshti"}]), "schema", "classes.0.parent", "add the field 'parent'"),
        (_with(colour="red"), "schema", "colour", "remove 'colour'"),
        (_with(locale="ta_in"), "bad_locale_id", "locale", "'ta-IN'"),
        (
            _with(classes=[{"name": "Veshti Dhoti", "parent": "bottoms"}], look_alikes=[]),
            "bad_class_name",
            "classes[0].name",
            "'veshti_dhoti'",
        ),
        (
            _with(classes=GOOD["classes"] + [{"name": "veshti", "parent": "bottoms"}]),
            "duplicate_class",
            "classes 'veshti'",
            "merge",
        ),
        (
            _with(
                classes=[
                    {"name": "veshti", "parent": "bottoms", "synonyms": ["angavastram"]},
                    {"name": "angavastram", "parent": "drapes"},
                ]
            ),
            "duplicate_class",
            "synonyms",
            "drop 'angavastram'",
        ),
        (
            _with(
                classes=[
                    {"name": "veshti", "parent": "bottoms", "synonyms": ["mundu"]},
                    {"name": "angavastram", "parent": "drapes", "synonyms": ["Mundu"]},
                ]
            ),
            "duplicate_class",
            "synonym 'mundu'",
            "one class only",
        ),
        (_with(classes=[]), "schema", "classes", "at least one entry"),
        (
            _with(classes=[{"name": "veshti", "parent": "botoms"}], look_alikes=[]),
            "unknown_parent",
            "classes[0] 'veshti'.parent",
            "parents:",
        ),
        (
            _with(classes=[{"name": "veshti", "parent": "bottoms", "accessories": ["jutis"]}], look_alikes=[]),
            "unknown_accessory",
            "accessories",
            "add a class 'jutis'",
        ),
        (
            _with(classes=[{"name": "veshti", "parent": "bottoms", "accessories": ["en-IN:bangle"]}], look_alikes=[]),
            "unknown_accessory",
            "accessories",
            "en-IN pack",
        ),
        (
            _with(look_alikes=[{"class": "veshti", "looks_like": "en-US:sarongg"}]),
            "dangling_look_alike",
            "look_alikes[0].looks_like",
            "add 'sarongg' to the en-US pack",
        ),
        (
            _with(look_alikes=[{"class": "veshti", "looks_like": "fr-FR:pagne"}]),
            "dangling_look_alike",
            "look_alikes[0].looks_like",
            "install the fr-FR pack first",
        ),
        (
            _with(look_alikes=[{"class": "mundu", "looks_like": "en-US:sarong"}]),
            "dangling_look_alike",
            "look_alikes[0].class",
            "this pack's own classes",
        ),
        (
            _with(look_alikes=[{"class": "veshti", "looks_like": "EN-us:sarong"}]),
            "bad_locale_id",
            "look_alikes[0].looks_like",
            "'en-US'",
        ),
        (_with(backgrounds=["temple"]), "unknown_background", "backgrounds[0]", "market"),
    ],
)
def test_each_error_kind_names_file_place_and_fix(tmp_path, data, kind, where, fix_has):
    err = _problems(tmp_path, data)
    assert kind in PROBLEM_KINDS
    assert isinstance(err, WildcatError) and err.path == str(tmp_path / "pack.yaml")
    match = [p for p in err.problems if p.kind == kind]
    assert match, f"expected a {kind} problem, got {err.problems}"
    assert any(where in p.where and fix_has in p.fix for p in match), match
    assert str(tmp_path / "pack.yaml") in str(err) and "Fix:" in str(err)


def test_unknown_parent_suggests_the_close_name(tmp_path):
    err = _problems(tmp_path, _with(classes=[{"name": "veshti", "parent": "botoms"}], look_alikes=[]))
    assert "did you mean 'bottoms'" in err.problems[0].message


def test_a_pack_may_declare_its_own_parents(tmp_path):
    data = _with(
        parents={"temple_wear": "cloth worn for worship"},
        classes=[{"name": "veshti", "parent": "temple_wear"}],
        look_alikes=[],
    )
    assert load_pack(_write(tmp_path, data), shipped_packs()).classes[0].parent == "temple_wear"


def test_all_problems_are_reported_together(tmp_path):
    data = _with(locale="tamil", backgrounds=["temple"], classes=[{"name": "veshti", "parent": "botoms"}])
    err = _problems(tmp_path, data)
    assert {"bad_locale_id", "unknown_background", "unknown_parent"} <= err.kinds
    assert str(err).count("Fix:") >= 4  # one per problem, plus the overall fix
