"""bench/compose.py --features: every row must time what its label says, not the default by accident."""

import pytest

from wildcat.synth.compose.config import ComposeConfig

from bench import compose as bench


@pytest.mark.parametrize("label,overrides", bench.FEATURES, ids=[label for label, _ in bench.FEATURES])
def test_each_feature_row_is_a_valid_config_other_than_the_default(label, overrides):
    assert ComposeConfig(**overrides) != ComposeConfig()


def test_layout_rows_drop_exactly_their_layout():
    rows = dict(bench.FEATURES)
    drawn = lambda label: {k for p in ComposeConfig(**rows[label]).profiles for k in p.layouts}  # noqa: E731
    assert drawn("no piles (their samples drawn from the other layouts)") == {"hero", "hand", "bag", "shelf"}
    assert drawn("no held products (hand layout)") == {"hero", "pile", "bag", "shelf"}
    assert drawn("single objects only (hero layout)") == {"hero"}
    plain = ComposeConfig(**rows["plain cut-and-paste (fast preset, single objects only)"])
    assert {k for p in plain.profiles for k in p.layouts} == {"hero"}
    assert plain.blend.weights == {"alpha": 1.0} and plain.shadow.prob == 0 and plain.occlusion.prob == 0
