"""A run stopped and resumed continues exactly like one that never stopped."""

import pytest
import torch

from wildcat.core.config import load_run_meta
from wildcat.core.errors import ConfigError
from wildcat.train import train_run
from wildcat.train.checkpoint import load_checkpoint, save_checkpoint

from tests.train.helpers import step_losses, toy_config


def test_resume_gives_the_same_next_step_loss(toy, tmp_path):
    cfg = toy_config(toy, arch="D", steps=6, log_every=1, checkpoint_every=3, eval_every=0, val_splits=[])
    whole = train_run(cfg, tmp_path / "whole", seed=3, progress=False)
    part = train_run(cfg, tmp_path / "split", seed=3, progress=False, stop_at=3)
    assert not part.finished and part.checkpoint is None and part.step == 3
    resumed = train_run(cfg, tmp_path / "split", progress=False, resume=True)
    assert resumed.finished and resumed.seed == 3
    expected, got = step_losses(whole.run_dir), step_losses(resumed.run_dir)
    assert sorted(got) == [1, 2, 3, 4, 5, 6]  # the log is continued, not restarted
    assert got[4] == expected[4]
    assert got == expected
    a, b = load_checkpoint(whole.checkpoint)[1]["model"], load_checkpoint(resumed.checkpoint)[1]["model"]
    assert all(torch.equal(a[k], b[k]) for k in a)
    assert load_run_meta(resumed.run_dir)["resumed_at"] == 3


def test_an_existing_run_needs_resume_and_the_same_config(toy, tmp_path):
    cfg = toy_config(toy, steps=2, eval_every=0, val_splits=[])
    train_run(cfg, tmp_path / "run", seed=1, progress=False)
    with pytest.raises(ConfigError, match="--resume"):
        train_run(cfg, tmp_path / "run", seed=1, progress=False)
    with pytest.raises(ConfigError, match="lr: 0.003 -> 0.01"):
        train_run(cfg.model_copy(update={"lr": 0.01}), tmp_path / "run", progress=False, resume=True)
    with pytest.raises(ConfigError, match="seeded with 1"):
        train_run(cfg, tmp_path / "run", seed=2, progress=False, resume=True)


def test_decoding_workers_give_the_batches_of_the_cache(toy, tmp_path):
    """Step s is a function of (seed, rank, s): a DataLoader worker decoding per step
    produces exactly the batches the in-memory cache does."""
    cfg = toy_config(toy, steps=3, log_every=1, eval_every=0, val_splits=[])
    cached = train_run(cfg, tmp_path / "cache", seed=4, progress=False)
    streamed = train_run(
        cfg.model_copy(update={"cache_images": False, "workers": 1}), tmp_path / "stream", seed=4, progress=False
    )
    assert step_losses(streamed.run_dir) == step_losses(cached.run_dir)
    assert (cached.run_dir / "first_batch.png").is_file()


def test_a_run_from_before_a_knob_existed_resumes_and_a_changed_knob_is_refused(toy, tmp_path):
    cfg = toy_config(toy, steps=4, log_every=1, checkpoint_every=2, eval_every=0, val_splits=[])
    whole = train_run(cfg, tmp_path / "whole", seed=5, progress=False)
    train_run(cfg, tmp_path / "split", seed=5, progress=False, stop_at=2)
    last = tmp_path / "split" / "last.pt"
    meta, blob = load_checkpoint(last)
    for key in ("mixstyle_prob", "mixstyle_alpha", "mixstyle_layers"):  # as a version before MixStyle saved it
        del meta["config"][key]
    save_checkpoint(
        last, meta, blob.pop("model"), **{k: v for k, v in blob.items() if k not in ("format", "meta_json")}
    )
    with pytest.raises(ConfigError, match="mixstyle_prob: 0.0 -> 0.5"):
        train_run(cfg.model_copy(update={"mixstyle_prob": 0.5}), tmp_path / "split", progress=False, resume=True)
    resumed = train_run(cfg, tmp_path / "split", progress=False, resume=True)
    assert step_losses(resumed.run_dir) == step_losses(whole.run_dir)


def test_rerunning_a_finished_run_changes_no_file(toy, tmp_path):
    cfg = toy_config(toy, arch="D", steps=4, log_every=2, checkpoint_every=2, eval_every=0, val_splits=[])
    first = train_run(cfg, tmp_path / "run", seed=5, progress=False)
    files = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted((tmp_path / "run").iterdir()) if p.is_file()}
    again = train_run(cfg, tmp_path / "run", progress=False, resume=True)
    assert again.finished and again.seed == 5 and again.metrics == first.metrics
    assert again.metrics["images_per_s"] > 0
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in files} == files
    assert not (tmp_path / "run" / "last.pt").exists()  # removed once finished: final.pt serves the rerun


def test_a_finished_run_keeps_last_pt_only_when_asked_and_training_on_needs_it(toy, tmp_path):
    cfg = toy_config(toy, arch="D", steps=4, log_every=2, checkpoint_every=2, eval_every=0, val_splits=[])
    train_run(cfg, tmp_path / "lean", seed=5, progress=False)
    assert sorted(p.name for p in (tmp_path / "lean").glob("*.pt")) == ["final.pt"]
    with pytest.raises(ConfigError, match="final.pt.*needs last.pt.*keep_last"):
        train_run(cfg.model_copy(update={"steps": 6}), tmp_path / "lean", progress=False, resume=True)
    with pytest.raises(ConfigError, match=r"holds a run \(final.pt\).*--resume"):  # never trained over
        train_run(cfg, tmp_path / "lean", seed=5, progress=False)

    kept = train_run(cfg.model_copy(update={"keep_last": True}), tmp_path / "kept", seed=5, progress=False)
    assert kept.last_checkpoint.is_file()
    longer = train_run(cfg.model_copy(update={"steps": 6}), tmp_path / "kept", progress=False, resume=True)
    assert longer.step == 6 and sorted(step_losses(longer.run_dir)) == [2, 4, 6]  # trained on, not again
    assert not longer.last_checkpoint.exists()  # this time finished without keep_last


def test_a_finished_domain_bn_run_takes_finish_only_changes_from_final_pt(toy, tmp_path):
    cfg = toy_config(toy, arch="D", steps=3, eval_every=0, val_splits=[], domain_bn=True)
    first = train_run(cfg, tmp_path / "run", seed=2, progress=False)
    assert not first.last_checkpoint.exists()
    _, before = load_checkpoint(first.checkpoint)
    again = train_run(cfg.model_copy(update={"eval_ks": [1, 5]}), tmp_path / "run", progress=False, resume=True)
    _, after = load_checkpoint(again.checkpoint)
    assert set(before["query_bn"]) and all(torch.equal(v, after["query_bn"][k]) for k, v in before["query_bn"].items())
    assert all(torch.equal(v, after["model"][k]) for k, v in before["model"].items())  # no step taken


def test_a_resumed_change_killed_before_final_pt_is_made_again_is_not_taken_as_done(toy, tmp_path):
    """A rerun with a finish-only change writes config.yaml first; killed there, the folder's config.yaml describes
    a final.pt that was never made. The next rerun must finish it, not read the old final.pt back as done."""
    import yaml

    cfg = toy_config(toy, arch="D", steps=3, eval_every=0, val_splits=[])
    train_run(cfg, tmp_path / "run", seed=2, progress=False)
    changed = cfg.model_copy(update={"eval_ks": [1, 3]})
    meta_file = tmp_path / "run" / "config.yaml"
    meta = yaml.safe_load(meta_file.read_text())
    meta["config"]["eval_ks"] = [1, 3]  # what the killed rerun had written
    meta_file.write_text(yaml.safe_dump(meta))
    train_run(changed, tmp_path / "run", progress=False, resume=True)
    assert load_checkpoint(tmp_path / "run" / "final.pt")[0]["config"]["eval_ks"] == [1, 3]
