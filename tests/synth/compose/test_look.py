"""A sample's look is drawn first, from its own generator, and follows the config's weights."""

import numpy as np

from wildcat.synth.compose.config import ComposeConfig
from wildcat.synth.compose.look import choose, draw_look


def test_the_same_generator_draws_the_same_look():
    cfg = ComposeConfig()
    a, b = draw_look(np.random.default_rng(5), cfg), draw_look(np.random.default_rng(5), cfg)
    assert a == b
    assert draw_look(np.random.default_rng(6), cfg) != a


def test_the_look_obeys_the_config():
    cfg = ComposeConfig.model_validate(
        {"blend": {"weights": {"alpha": 1.0}}, "harmonize": {"weights": {"none": 1.0}}, "shadow": {"prob": 0.0}}
    )
    looks = [draw_look(np.random.default_rng(s), cfg) for s in range(20)]
    assert {lk.blend for lk in looks} == {"alpha"} and {lk.harmonize for lk in looks} == {"none"}
    assert not any(lk.shadows for lk in looks)


def test_choose_follows_the_weights_and_never_picks_a_zero_weight():
    rng = np.random.default_rng(0)
    picks = [choose(rng, {"a": 3.0, "b": 1.0, "c": 0.0}) for _ in range(4000)]
    assert "c" not in picks
    assert abs(picks.count("a") / len(picks) - 0.75) < 0.03
