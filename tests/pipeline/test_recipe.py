"""Recipes: the ablation rows of the grocery-store benchmark as YAML overrides of the stage configs."""

from pathlib import Path

import pytest

from wildcat.core.config import load_run_meta
from wildcat.core.errors import ConfigError
from wildcat.core.manifest import read_manifest
from wildcat.pipeline.budgets import Budget
from wildcat.pipeline.grocery import GroceryBench, run_protocol
from wildcat.pipeline.recipe import Recipe, deep_update, load_recipe, overrides_tag
from wildcat.pipeline.stages import compose_variant
from wildcat.synth.compose import ComposeConfig
from wildcat.train import TrainConfig

SHIPPED = sorted((Path(__file__).resolve().parents[2] / "bench" / "recipes").glob("*.yaml"))


def test_load_recipe_names_it_after_the_file(tmp_path):
    f = tmp_path / "no-hands.yaml"
    f.write_text("# what it changes\ntrain: {catalog_fraction: 0.5}\n")
    recipe = load_recipe(f)
    assert recipe.name == "no-hands" and recipe.train == {"catalog_fraction": 0.5} and recipe.renders
    assert load_recipe(None).name == ""


@pytest.mark.parametrize("text, field", [("trian: {}\n", "trian"), ("name: 'a b/c'\n", "name")])
def test_bad_recipe_names_the_file_and_field(tmp_path, text, field):
    f = tmp_path / "bad.yaml"
    f.write_text(text)
    with pytest.raises(ConfigError, match=field) as info:
        load_recipe(f)
    assert "bad.yaml" in str(info.value)


def test_deep_update_merges_nested_mappings_without_touching_inputs():
    base = {"a": {"x": 1, "y": 2}, "b": 1}
    out = deep_update(base, {"a": {"y": 3}, "c": [1]})
    assert out == {"a": {"x": 1, "y": 3}, "b": 1, "c": [1]} and base == {"a": {"x": 1, "y": 2}, "b": 1}


def test_overrides_tag_is_stable_and_order_free():
    assert overrides_tag({}) == ""
    assert overrides_tag({"a": 1, "b": {"c": 2}}) == overrides_tag({"b": {"c": 2}, "a": 1}) != overrides_tag({"a": 2})


def test_a_recipe_with_another_background_bank_gets_its_own_composites():
    assert overrides_tag(compose_variant(Recipe())) == ""  # the default's folder keeps its plain name
    assert (
        overrides_tag(compose_variant(Recipe(budget={"composites_per_product": 120}))) == ""
    )  # the name shows the count
    assert overrides_tag(compose_variant(Recipe(budget={"backgrounds_per_kind": 256}))) != ""
    assert compose_variant(Recipe(renders=False, budget={"background_size": 64})) == {
        "foregrounds": "cutouts only",
        "background_size": 64,
    }


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_every_shipped_recipe_is_valid(path):
    recipe = load_recipe(path)
    assert path.read_text().startswith("#"), "the first line says what the recipe changes (the ablation table shows it)"
    ComposeConfig.model_validate(recipe.compose)
    TrainConfig.model_validate(recipe.train)
    Budget.model_validate({**Budget().model_dump(), **recipe.budget})


@pytest.mark.slow
def test_recipe_changes_the_data_and_the_training(grocery_layout, tmp_path):
    f = tmp_path / "flat.yaml"
    f.write_text(
        "renders: false\nbudget: {composites_per_product: 3, backgrounds_per_kind: 1}\ncompose: {occlusion: {prob: "
        "0}}\ntrain: {catalog_fraction: 0.5}\n"
    )
    bench = GroceryBench(
        root=grocery_layout, protocol="synthetic", budget="smoke", out=tmp_path / "ws", recipe=load_recipe(f)
    )
    out = run_protocol(bench, seed=1, progress=False)
    assert out.name == "synthetic-smoke-flat-s1"
    data = tmp_path / "ws" / "data"
    assert not list(data.glob("renders-*")), "renders: false renders nothing"
    (composites,) = data.glob("composites-3x48-*")  # named apart from the default's (cutouts + renders) folder
    assert len(read_manifest(composites)) == 9  # 3 products x 3
    assert load_run_meta(composites)["config"]["occlusion"]["prob"] == 0
    assert load_run_meta(composites)["config"]["bank"]["per_kind"] == 1
    assert sorted(p.name for p in data.glob("backgrounds-*")) == ["backgrounds-1x64"]
    train_cfg = load_run_meta(tmp_path / "ws" / "runs" / out.name)["config"]
    assert train_cfg["catalog_fraction"] == 0.5 and train_cfg["data"] == [
        str(composites)
    ]  # the recipe wins over the bench's default
