"""The models the UI's pages offer: the workspace's runs, then the zero-shot and colour-histogram baselines."""

from wildcat.core.workspace import Workspace
from wildcat.ui.models import BASELINE, ZERO_SHOT, default_pair, load_model, model_choices


def test_a_fresh_workspace_offers_both_baselines(tmp_path):
    choices = model_choices(Workspace.at(tmp_path))
    assert [c.label for c in choices] == [ZERO_SHOT, BASELINE]
    assert default_pair(choices) == (1, 1)
    zero_shot = load_model(choices[0])
    assert zero_shot.dim == 1280 and zero_shot.meta["zero_shot"]
