"""Where evaluation gets its embedder: a checkpoint, or a named training-free baseline."""

import pytest

from wildcat.core.errors import WildcatError
from wildcat.eval.baselines import ColorHistogramEmbedder
from wildcat.eval.sources import load_embedder, zero_shot_args


@pytest.mark.parametrize(
    ("name", "want"),
    [
        ("zero-shot", ("efficientnet_lite0", 224)),
        ("zero-shot:efficientnet_lite2", ("efficientnet_lite2", 224)),
        ("zero-shot:resnet50@160", ("resnet50", 160)),
    ],
)
def test_zero_shot_names_say_backbone_and_size(name, want):
    assert zero_shot_args(name) == want


@pytest.mark.parametrize("name", ["zeroshot", "zero-shot:lite@big", "clip"])
def test_unknown_baselines_are_refused_with_the_names_that_work(name):
    with pytest.raises(WildcatError, match="zero-shot:BACKBONE@SIZE"):
        load_embedder(baseline=name)


def test_the_zero_shot_baseline_is_the_pretrained_trunk_untrained():
    emb = load_embedder(baseline="zero-shot:efficientnet_lite0@64")
    assert emb.dim == 1280 and emb.image_size == 64 and emb.meta["zero_shot"]
    assert isinstance(load_embedder(baseline="colorhist"), ColorHistogramEmbedder)
