"""compose_dataset: per_product composites for every product with foregrounds,
as a resumable batch job, plus COCO boxes and a contact sheet; and
`regenerate` to re-make one sample from the dataset folder alone."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from wildcat.core.atomic import exclusive, write_json
from wildcat.core.catalog import Catalog, load_catalog, safe_name
from wildcat.core.config import config_changes, describe_changes, load_run_meta, resume_seed, save_run_meta
from wildcat.core.contact_sheet import save_contact_sheet
from wildcat.core.errors import ConfigError, WildcatError
from wildcat.core.imageio import load_array
from wildcat.core.jobs import BatchSummary, Produced, Task, run_batch
from wildcat.core.manifest import ManifestWriter, Reject, Sample, manifest_row, read_manifest
from wildcat.synth.backgrounds.bank import BackgroundBank
from wildcat.synth.compose.coco import write_coco
from wildcat.synth.compose.config import ComposeConfig
from wildcat.synth.compose.foregrounds import ForegroundPool
from wildcat.synth.compose.job import Job, product_infos
from wildcat.synth.compose.sample import make_sample

STAGE = "compose"
GENERATOR = "cutpaste"
INPUTS_FILE = "compose_inputs.json"


def sample_id(product_id: str, index: int) -> str:
    return f"{GENERATOR}/{safe_name(product_id)}/{index:05d}"


@dataclass(frozen=True)
class ComposeWorker:
    """work(task) for run_batch: one composite as bytes plus its manifest row."""

    job: Job

    def __call__(self, task: Task) -> Produced:
        if "missing" in task.params:
            raise WildcatError(
                None, task.params["missing"], "run 'wildcat segment' or 'wildcat synth render' for it, or ignore it"
            )
        pid, index = task.product_id, task.params["index"]
        data, lineage = make_sample(self.job, pid, index)
        info = self.job.products[pid]
        rel = f"images/{safe_name(pid)}/{index:05d}.jpg"
        row = Sample(
            sample_id=task.sample_ids[0],
            path=rel,
            product_id=pid,
            domain="synthetic",
            generator=GENERATOR,
            category=info.category,
            locale=info.locale,
            width=self.job.config.size,
            height=self.job.config.size,
            lineage=lineage,
        )
        return Produced({rel: data}, [row])


def compose_dataset(
    catalog: Catalog | str | Path,
    foreground_dirs: list[str | Path],
    out_dir: str | Path,
    config: ComposeConfig | None = None,
    seed: int | None = None,
    progress: bool = True,
    executor=None,
    flush_every: int = 64,
) -> BatchSummary:
    """Composite `config.per_product` images of every catalog product that has foregrounds into `out_dir`.

    Resumable: run it again with the same arguments after a crash and it
    finishes the rest; the seed is taken from out_dir/config.yaml when not given.
    executor: run_batch's (default: this process); flush_every: rows per manifest part written.
    """
    out_dir = Path(out_dir)
    config = config or ComposeConfig()
    catalog = catalog if isinstance(catalog, Catalog) else load_catalog(catalog)
    with exclusive(out_dir):  # from reading the folder's config to the last file written
        seed = resume_seed(out_dir, seed)
        pool = ForegroundPool.from_dirs(foreground_dirs)
        bank_dir = Path(config.bank_dir) if config.bank_dir else out_dir / "backgrounds"
        bank = BackgroundBank.open(config.backgrounds, config.bank, bank_dir, progress)
        products = product_infos(catalog, pool.products())
        if not products:
            raise ConfigError(
                ", ".join(map(str, foreground_dirs)),
                "no foreground belongs to a product of this catalog",
                "check that the foregrounds were made from the same catalog",
            )
        job = Job(config, seed, products, {p: [f.path for f in pool.by_product[p]] for p in products}, bank.entries)
        _save_meta(out_dir, job, catalog, foreground_dirs, bank_dir)
        summary = run_batch(
            _tasks(catalog, job),
            ComposeWorker(job),
            out_dir,
            stage=STAGE,
            executor=executor,
            progress=progress,
            flush_every=flush_every,
        )
        rows = read_manifest(out_dir)
        _record_skipped(out_dir, rows, pool.outside)
        write_coco(out_dir / "coco.json", rows, sorted(products))
        _contact_sheet(out_dir, rows, config.contact_sheet)
        return summary


def _tasks(catalog: Catalog, job: Job) -> list[Task]:
    tasks = []
    for p in catalog.products:
        if p.id not in job.products:
            tasks.append(
                Task(
                    key=f"{GENERATOR}/{safe_name(p.id)}",
                    product_id=p.id,
                    sample_ids=(),
                    params={"missing": f"product {p.id!r} has no foreground (cutout or render)"},
                )
            )
            continue
        for i in range(job.config.per_product):
            sid = sample_id(p.id, i)
            tasks.append(Task(key=sid, product_id=p.id, sample_ids=(sid,), params={"index": i}))
    return tasks


def _record_skipped(out_dir: Path, rows: list[Sample], outside: Sequence[str] = ()) -> None:
    """Unreadable backgrounds and foregrounds that samples passed over, and foreground rows whose file lies
    outside their dataset, become rejects (once per file)."""
    reasons = {p: f"skipped unreadable input: {why}" for r in rows for p, why in r.lineage.get("skipped", {}).items()}
    reasons |= {line: "left out: the manifest row names a file outside its dataset folder" for line in outside}
    with ManifestWriter(out_dir) as writer:
        for item, reason in sorted(reasons.items()):
            if item not in writer.rejected:
                writer.reject(Reject(item=item, stage=STAGE, reason=reason))


def _save_meta(out_dir: Path, job: Job, catalog: Catalog, foreground_dirs, bank_dir: Path) -> None:
    """config.yaml (config, seed, inputs) and the inputs themselves; refuse to resume with different ones
    (knobs added since the folder was made take their defaults, which keep the bytes those versions made)."""
    inputs = json.loads(json.dumps(job.inputs()))  # as the inputs file holds them (lists, not tuples)
    if (out_dir / "config.yaml").is_file():
        path = out_dir / INPUTS_FILE
        stored = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
        changes = config_changes(job.config, load_run_meta(out_dir).get("config") or {})
        if stored != inputs or changes:
            what = ["the foregrounds or backgrounds differ"] if stored != inputs else []
            what += [describe_changes(changes)] if changes else []
            raise ConfigError(
                out_dir,
                f"holds a dataset made from other inputs or another config ({'; '.join(what)})",
                "use a new --out folder, or the same inputs and config to resume",
            )
    out_dir.mkdir(parents=True, exist_ok=True)
    write_json(out_dir / INPUTS_FILE, inputs)
    save_run_meta(
        out_dir,
        job.config,
        job.seed,
        catalog=str(catalog.root),
        foregrounds=[str(Path(d).resolve()) for d in foreground_dirs],
        bank_dir=str(bank_dir.resolve()),
        stage=STAGE,
    )


def _contact_sheet(out_dir: Path, rows: list[Sample], n: int) -> None:
    """The first sample of as many products as fit, then second samples, ... (variety at a glance)."""
    if not n or not rows:
        return
    by_index = sorted(rows, key=lambda r: (r.lineage.get("index", 0), r.sample_id))[:n]
    images = [load_array(r.resolve(out_dir), "RGB") for r in by_index]
    captions = [f"{r.product_id[:12]} {r.lineage.get('layout', '')}" for r in by_index]
    save_contact_sheet(out_dir / "contact_sheet.png", images, captions, tile=128, columns=8)


def load_job(dataset_dir: str | Path) -> Job:
    """The job that made a dataset, from its config.yaml and compose_inputs.json."""
    dataset_dir = Path(dataset_dir)
    meta = load_run_meta(dataset_dir)
    path = dataset_dir / INPUTS_FILE
    if not path.is_file():
        raise ConfigError(
            path, "is missing: this folder was not made by 'wildcat synth compose'", "point at a compose output folder"
        )
    config = ComposeConfig.model_validate(meta["config"])
    return Job.from_inputs(config, int(meta["seed"]), json.loads(path.read_text(encoding="utf-8")))


def regenerate(sample_id: str, dataset_dir: str | Path) -> bytes:
    """Re-make one sample's JPEG bytes from its manifest row and the dataset's config (identical to the file)."""
    row = manifest_row(dataset_dir, sample_id)
    data, _ = make_sample(load_job(dataset_dir), row.product_id, int(row.lineage["index"]))
    return data
