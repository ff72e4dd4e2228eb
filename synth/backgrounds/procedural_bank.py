"""The on-disk bank of pre-rendered procedural backgrounds.

Rendering costs tens of milliseconds, compositing a few, so backgrounds are
rendered once into `bank_dir` (N per kind, each from
`sample_rng(bank seed, kind, index, "background")`) and reused by every
dataset. The bank is a dataset folder: a resumable `run_batch` job whose rows
carry each background's view and support geometry, plus the region label map
beside each image.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wildcat.core.config import load_run_meta, save_run_meta
from wildcat.core.errors import ConfigError
from wildcat.core.imageio import encode_png
from wildcat.core.jobs import Produced, Task, run_batch
from wildcat.core.manifest import Sample, read_manifest
from wildcat.core.seeding import sample_rng
from wildcat.synth.backgrounds.config import BankConfig
from wildcat.synth.backgrounds.entry import BackgroundEntry
from wildcat.synth.backgrounds.procedural import PROCEDURAL_KINDS, render_background

STAGE = "backgrounds"


@dataclass(frozen=True)
class RenderWorker:
    """work(task) for run_batch: renders one background, returns its bytes and row."""

    config: BankConfig

    def __call__(self, task: Task) -> Produced:
        kind, index = task.params["kind"], task.params["index"]
        rng = sample_rng(self.config.seed, kind, index, STAGE)
        rgb, geometry, spec = render_background(kind, rng, self.config.size, self.config.store_views)
        image, regions = f"{task.key}.png", f"{task.key}.regions.png"
        row = Sample(
            sample_id=task.key,
            path=image,
            product_id="",
            domain="synthetic",
            generator="background",
            category=kind,
            width=rgb.shape[1],
            height=rgb.shape[0],
            lineage={
                "kind": kind,
                "view": spec.view,
                "index": index,
                "seed": self.config.seed,
                "regions": regions,
                "geometry": geometry.to_dict(),
                "scene": spec.params,
            },
        )
        return Produced({image: encode_png(rgb), regions: encode_png(geometry.region_map)}, [row])


def build_procedural(
    bank_dir: str | Path, kinds: list[str], config: BankConfig, progress: bool = True
) -> list[BackgroundEntry]:
    """Render what is missing of `kinds` x `config.per_kind` into `bank_dir`; the entries, sorted by id."""
    bank_dir = Path(bank_dir)
    unknown = [k for k in kinds if k not in PROCEDURAL_KINDS]
    if unknown:
        raise ConfigError(
            None,
            f"unknown procedural background kind(s) {unknown}",
            f"use {', '.join(PROCEDURAL_KINDS)} or a folder path",
        )
    _check_identity(bank_dir, config)
    tasks = [
        Task(key=f"{k}/{i:05d}", product_id="", sample_ids=(f"{k}/{i:05d}",), params={"kind": k, "index": i})
        for k in kinds
        for i in range(config.per_kind)
    ]
    if tasks:
        summary = run_batch(tasks, RenderWorker(config), bank_dir, stage=STAGE, progress=progress)
        if summary.rejected and not summary.produced and not summary.skipped:
            raise ConfigError(
                bank_dir, f"no background could be rendered ({summary.line()})", "check the OpenGL setup (synth.gl)"
            )
    wanted = {t.key for t in tasks}
    return [_entry(bank_dir, s) for s in read_manifest(bank_dir) if s.sample_id in wanted]


def _entry(bank_dir: Path, s: Sample) -> BackgroundEntry:
    lin = s.lineage
    return BackgroundEntry(
        s.sample_id,
        lin["kind"],
        lin["view"],
        "procedural",
        str(s.resolve(bank_dir)),
        str(bank_dir / lin["regions"]),
        lin["geometry"],
    )


def _check_identity(bank_dir: Path, config: BankConfig) -> None:
    """A bank holds backgrounds of one seed and size; refuse to mix, rather than silently change a dataset."""
    if (bank_dir / "config.yaml").is_file():
        stored = load_run_meta(bank_dir).get("identity")
        if stored != config.identity():
            raise ConfigError(
                bank_dir,
                f"the background bank was made with {stored}, not {config.identity()}",
                "use another bank folder (bank_dir) or delete this one",
            )
        return
    save_run_meta(bank_dir, config, config.seed, identity=config.identity())
