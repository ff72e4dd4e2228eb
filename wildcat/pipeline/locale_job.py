"""`wildcat locale train`: add a market to a trained model, and show that the
markets it already served did not pay for it.

Reads top to bottom: find where every market's data lives (the base run's,
the new locale's), gather one gallery (every market's catalog: the shop after
the launch) and every market's labelled wild queries, evaluate the base model,
fine-tune it (train.incremental: grown head, replay of the old products),
evaluate the new model on the same gallery and queries, then report recall and
the look-alike leak rate per market before and after, and run the
no-regression check on the markets that existed.

    OUT/                        the fine-tuned run (config.yaml, metrics.jsonl, last.pt, final.pt, replay/):
                                itself a --base-run for the next locale
    OUT/locales.json            the markets this model covers and where their data lives
    OUT/locale_report.json/.md  the report
    OUT/locale_job/config.yaml  this job's settings and seed
    OUT/locale_job/eval-base/   eval folders (eval.write_report) of the base and the new model
    OUT/locale_job/eval-new/
Every step is resumable: run the same command again to finish a killed job.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import Field

import wildcat.eval as wild_eval
from wildcat.core.atomic import write_json, write_text
from wildcat.core.catalog import catalog_samples, load_catalog, wild_samples
from wildcat.core.config import Config, load_run_meta, save_run_meta
from wildcat.core.errors import ConfigError, WildcatError
from wildcat.core.locales import load_packset
from wildcat.core.manifest import Sample, read_manifest
from wildcat.core.seeding import draw_seed, sample_rng
from wildcat.eval import paired_bootstrap
from wildcat.eval.locale_metrics import leaking
from wildcat.train import load_embedder
from wildcat.train.checkpoint import load_checkpoint
from wildcat.train.incremental import BaseRun, IncrementalConfig, fine_tune, load_base_run

HISTORY = "locales.json"
REPORT = "locale_report"
JOB_DIR = "locale_job"
NO_LOCALE = "(none)"


class LocaleTrainJob(Config):
    locale: str = Field(description="locale id of the market being added (a pack installed or shipped), e.g. 'en-IN'")
    base_run: str = Field(description="finished run to start from (its folder or final.pt)")
    data: list[str] = Field(
        default_factory=list,
        description="the new market's dataset folders: rows of split 'train' are trained on, wild rows of "
        "query_splits are its queries",
    )
    catalog: str | None = Field(
        None, description="the new market's catalog; None = DATA/catalog of the first data folder when it exists"
    )
    base_data: list[str] = Field(
        default_factory=list,
        description="more dataset folders with the existing markets' wild queries (when the base run's own data holds "
        "none)",
    )
    query_splits: list[str] = Field(["val", "test"], description="splits of wild rows used as queries")
    incremental: IncrementalConfig = Field(
        default_factory=IncrementalConfig, description="replay, steps and learning rate of the fine-tune"
    )
    max_drop: float = Field(
        0.01, ge=0.0, description="largest allowed fall of recall@1 on any existing market (recall, 0.01 = one point)"
    )
    ks: list[int] = Field([1, 5, 10], description="k values for recall@k")
    leak_k: int = Field(10, ge=1, description="top-k depth at which a look-alike leak counts (results)")
    resamples: int = Field(1000, ge=10, description="bootstrap resamples for intervals (count)")
    plots: bool = Field(True, description="write the eval folders' figures")
    device: str | None = Field(
        None,
        description="torch device for training and embedding; None = the base run's setting for training, auto for "
        "embedding",
    )
    workspace: str | None = Field(None, description="workspace with installed locale packs; None = shipped packs only")


@dataclass
class Source:
    """Where one batch of markets' data lives."""

    catalog: str | None
    data: list[str]
    locales: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"catalog": self.catalog, "data": self.data, "locales": self.locales}


@dataclass
class Rows:
    gallery: list[Sample]
    queries: list[Sample]


@dataclass
class LocaleJobResult:
    run_dir: Path
    report_path: Path  # locale_report.json
    report: dict[str, Any]

    @property
    def passed(self) -> bool:
        return bool(self.report["check"]["passed"])


# ---- the job -------------------------------------------------------------------
def run_locale_job(
    job: LocaleTrainJob, out: str | Path, seed: int | None = None, progress: bool = True
) -> LocaleJobResult:
    out = Path(out).resolve()
    base = load_base_run(job.base_run)
    if out == base.run_dir.resolve():
        raise ConfigError(out, "--out is the base run's folder", "write the fine-tuned model to a new folder")
    packs = load_packset(job.workspace)
    if job.locale not in packs.packs:
        raise WildcatError(
            None,
            f"no locale pack '{job.locale}'",
            f"install it with 'wildcat locale add' (known: {', '.join(packs.locales)})",
        )
    seed = _job_seed(out, seed)
    save_run_meta(out / JOB_DIR, job, seed)
    old_sources, new_source = base_sources(base, job.base_data), new_market_source(job)
    old, new = gather_rows(old_sources, job.query_splits), gather_rows([new_source], job.query_splits)
    gallery, queries, existing, measured = _markets(job, old, new)
    classes = {g.product_id: str(ref) for g in gallery if (ref := packs.resolve(g.category, [g.locale])) is not None}
    before = evaluate_model(base.checkpoint, gallery, queries, job, seed, out / JOB_DIR / "eval-base", progress)
    run, replay = fine_tune(base, out, new_source.catalog, new_source.data, job.incremental, seed, progress, job.device)
    after = evaluate_model(run.checkpoint, gallery, queries, job, seed, out / JOB_DIR / "eval-new", progress)
    markets = compare_markets(before, after, classes, packs.look_alike_map(), job, seed)
    check = check_no_regression(
        {m: markets[m]["before"]["recall@1"]["value"] for m in measured},
        {m: markets[m]["after"]["recall@1"]["value"] for m in measured},
        job.max_drop,
    )
    new_source.locales = sorted({s.locale or NO_LOCALE for s in new.gallery})
    _write_history(out, base, old_sources, new_source, existing)
    report = _report(job, base, run, replay, markets, existing, check, seed, len({g.product_id for g in gallery}))
    write_json(out / f"{REPORT}.json", _finite(report))
    write_text(out / f"{REPORT}.md", report_markdown(report))
    return LocaleJobResult(out, out / f"{REPORT}.json", report)


def _write_history(out: Path, base: BaseRun, old: list[Source], new: Source, existing: list[str]) -> None:
    """OUT/locales.json: every market the new model covers and where its data lives (the next job's base)."""
    for src in old:
        src.locales = src.locales or existing
    write_json(
        out / HISTORY,
        {
            "locales": sorted({*existing, *new.locales}),
            "base_run": str(base.run_dir.resolve()),
            "sources": [s.to_json() for s in [*old, new]],
        },
    )


def _job_seed(out: Path, seed: int | None) -> int:
    """The seed of an unfinished job in `out` wins over a fresh draw, so re-running resumes."""
    if seed is not None:
        return seed
    meta = load_run_meta(out / JOB_DIR) if (out / JOB_DIR / "config.yaml").is_file() else {}
    return int(meta["seed"]) if meta.get("seed") is not None else draw_seed()


# ---- where the markets' data lives ------------------------------------------------
def base_sources(base: BaseRun, extra_data: Sequence[str] = ()) -> list[Source]:
    """The base run's markets: its locales.json when a locale job made it, else its training config."""
    history = base.run_dir / HISTORY
    if history.is_file():
        sources = [
            Source(s["catalog"], list(s["data"]), list(s.get("locales", [])))
            for s in json.loads(history.read_text())["sources"]
        ]
    else:
        sources = [Source(base.config.catalog, list(base.config.data))]
    return sources + ([Source(None, list(extra_data))] if extra_data else [])


def new_market_source(job: LocaleTrainJob) -> Source:
    catalog = job.catalog
    if catalog is None and job.data and (Path(job.data[0]) / "catalog").is_dir():
        catalog = str(Path(job.data[0]) / "catalog")  # the layout `wildcat locale demo` writes
    if catalog is None and not job.data:
        raise ConfigError(
            None,
            f"no data for {job.locale}",
            "pass --data DATASET (and --catalog CATALOG) with the new market's products",
        )
    return Source(
        str(Path(catalog).resolve()) if catalog else None, [str(Path(d).resolve()) for d in job.data], [job.locale]
    )


def gather_rows(sources: Sequence[Source], splits: Sequence[str]) -> Rows:
    """Catalog images (gallery) and labelled wild photos of `splits` (queries), absolute paths, no repeats."""
    gallery: list[Sample] = []
    queries: list[Sample] = []
    for src in sources:
        if src.catalog:
            cat = load_catalog(src.catalog)
            gallery += catalog_samples(cat)
            queries += wild_samples(cat, [s for s in splits if s in cat.splits])
        for folder in src.data:
            for s in read_manifest(folder):
                row = s.model_copy(update={"path": str(s.resolve(folder))})
                if s.domain == "catalog":
                    gallery.append(row)
                elif s.domain == "wild" and s.split in splits:
                    queries.append(row)
    return Rows(_unique(gallery), _unique(queries))


def _unique(rows: list[Sample]) -> list[Sample]:
    seen: dict[Path, Sample] = {}
    for r in rows:
        seen.setdefault(Path(r.path).resolve(), r)
    return list(seen.values())


def _markets(job: LocaleTrainJob, old: Rows, new: Rows) -> tuple[list[Sample], list[Sample], list[str], list[str]]:
    """(gallery, queries labelled with their market, the existing markets, those of them with queries), checked."""
    gallery = _unique(old.gallery + new.gallery)
    market_of = {g.product_id: g.locale for g in gallery if g.locale}
    queries = [
        q.model_copy(update={"locale": q.locale or market_of.get(q.product_id) or NO_LOCALE})
        for q in _unique(old.queries + new.queries)
    ]
    existing = sorted({g.locale or NO_LOCALE for g in old.gallery})
    asked = {q.locale for q in queries}
    where = f"wild rows of split(s) {', '.join(job.query_splits)}"
    if job.locale in existing:
        raise ConfigError(
            job.base_run,
            f"the base run already covers {job.locale}",
            "start from the run made before that market was added",
        )
    if job.locale not in asked:
        raise ConfigError(
            None,
            f"no query photo of {job.locale} among the new data's {where}",
            "pass --data folders with labelled wild photos of the new market, or --query-split",
        )
    if not asked & set(existing):
        raise ConfigError(
            job.base_run,
            f"no query photo of the existing market(s) {', '.join(existing)} among the base run's {where}",
            "pass --base-data DATASET with their labelled wild photos",
        )
    return gallery, queries, existing, [m for m in existing if m in asked]


# ---- measuring ------------------------------------------------------------------------
def evaluate_model(
    checkpoint: Path,
    gallery: list[Sample],
    queries: list[Sample],
    job: LocaleTrainJob,
    seed: int,
    out: Path,
    progress: bool,
):
    """eval.evaluate sliced by market, written to `out`; a finished folder of the same checkpoint is reused."""

    embedder = load_embedder(checkpoint, device=job.device)
    if (out / "report.json").is_file():
        done = wild_eval.EvalResult.load(out)
        if done.report["meta"]["checkpoint_hash"] == embedder.checkpoint_hash and len(done.queries) + done.report[
            "meta"
        ]["n_queries_rejected"] == len(queries):
            return done
    result = wild_eval.evaluate(
        embedder,
        gallery,
        queries,
        ks=job.ks,
        slices=("locale",),
        seed=seed,
        topk=max(job.leak_k, *job.ks),
        n_resamples=job.resamples,
        progress=progress,
    )
    wild_eval.write_report(result, out, plots=job.plots)
    return result


def compare_markets(
    before, after, classes: Mapping[str, str], alikes: Mapping[str, set[str]], job: LocaleTrainJob, seed: int
) -> dict[str, dict]:
    """Per market: recall@k (with intervals) and leak rate before and after, and the paired change."""

    sides = {"before": before, "after": after}
    leaks = {name: _leak_by_market(r, classes, alikes, job.leak_k) for name, r in sides.items()}
    hits = {name: _hits_by_query(r) for name, r in sides.items()}
    out = {}
    for market, block in before.report["slices"]["locale"].items():
        entry: dict[str, Any] = {"queries": block["n"], "answerable": block["answerable"]}
        for name, r in sides.items():
            blk = r.report["slices"]["locale"].get(market, {})
            entry[name] = {
                **{f"recall@{k}": blk.get(f"recall@{k}", _nan_ci()) for k in job.ks},
                "leak_rate": leaks[name].get(market, math.nan),
            }
        ids = [
            q.sample_id
            for q in before.queries
            if q.locale == market and q.sample_id in hits["before"] and q.sample_id in hits["after"]
        ]
        a, b = (np.array([hits[n][i] for i in ids], dtype=float) for n in ("before", "after"))
        change = paired_bootstrap(a, b, sample_rng(seed, market, 0, "locale-change"), job.resamples)
        entry["change"] = {"recall@1": change, "leak_rate": entry["after"]["leak_rate"] - entry["before"]["leak_rate"]}
        out[market] = entry
    return out


def _hits_by_query(result) -> dict[str, int]:
    """query id -> 1/0 hit at rank 1, answerable queries only."""
    return {q.sample_id: int(rank == 0) for q, rank in zip(result.queries, result.ranks, strict=False) if rank >= 0}


def _leak_by_market(result, classes: Mapping[str, str], alikes: Mapping[str, set[str]], k: int) -> dict[str, float]:

    keep = [i for i, q in enumerate(result.queries) if q.product_id in classes]
    if not keep:
        return {}
    ids = np.array([(list(result.topk_ids[i][:k]) + [""] * k)[:k] for i in keep], dtype=object)
    flags = leaking(ids, [classes[result.queries[i].product_id] for i in keep], classes, alikes, k)
    markets = np.array([result.queries[i].locale for i in keep])
    return {m: float(flags[markets == m].mean()) for m in sorted(set(markets.tolist()))}


def _nan_ci() -> dict[str, float]:
    return {"value": math.nan, "lo": math.nan, "hi": math.nan}


# ---- the no-regression check ---------------------------------------------------------------
@dataclass
class RegressionCheck:
    passed: bool
    max_drop: float
    rows: list[dict[str, Any]]  # market, before, after, change, ok

    @property
    def message(self) -> str:
        failed = [r for r in self.rows if not r["ok"]]
        allowed = f"a fall of at most {100 * self.max_drop:.1f} points is allowed"
        if not failed:
            held = ", ".join(f"{r['market']} {r['before']:.3f} -> {r['after']:.3f}" for r in self.rows)
            return f"No-regression check passed: recall@1 held on every existing market ({held}; {allowed})."
        what = "; ".join(
            f"recall@1 on {r['market']} fell from {r['before']:.3f} to {r['after']:.3f} ({100 * r['change']:+.1f} "
            "points)"
            if math.isfinite(r["change"])
            else f"{r['market']} has no answerable query to check recall@1 on"
            for r in failed
        )
        return f"No-regression check FAILED: {what}; {allowed}."

    def to_json(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "metric": "recall@1",
            "max_drop": self.max_drop,
            "rows": self.rows,
            "message": self.message,
        }


def check_no_regression(
    before: Mapping[str, float], after: Mapping[str, float], max_drop: float = 0.01
) -> RegressionCheck:
    """Every market of `before` must keep recall@1 within `max_drop` of its old value
    (a market that cannot be measured fails: the check cannot vouch for it)."""
    if not before:
        raise ValueError("no existing market to check")
    rows = []
    for market in sorted(before):
        b, a = float(before[market]), float(after.get(market, math.nan))
        change = a - b
        ok = (
            math.isfinite(change) and change >= -max_drop - 1e-9
        )  # 1e-9: 0.30 - 0.31 must not fail a 0.01 limit by rounding
        rows.append({"market": market, "before": b, "after": a, "change": change, "ok": ok})
    return RegressionCheck(all(r["ok"] for r in rows), max_drop, rows)


# ---- the report ----------------------------------------------------------------------------
def _report(
    job,
    base: BaseRun,
    run,
    replay: dict,
    markets: dict,
    existing: list[str],
    check: RegressionCheck,
    seed: int,
    n_products: int,
) -> dict:

    meta, _ = load_checkpoint(run.checkpoint)
    cfg, b = meta["config"], base.config
    return {
        "kind": "locale-train",
        "locale": job.locale,
        "base_run": str(base.run_dir.resolve()),
        "run": str(run.run_dir),
        "seed": seed,
        "ks": job.ks,
        "leak_k": job.leak_k,
        "existing": existing,
        "unmeasured": [m for m in existing if m not in markets],
        "markets": {
            m: {**v, "role": "existing" if m in existing else ("new" if m == job.locale else "other")}
            for m, v in markets.items()
        },
        "check": check.to_json(),
        "fine_tune": {
            "steps": cfg["steps"],
            "lr": cfg["lr"],
            "base_steps": b.steps,
            "base_lr": b.lr,
            "replay": replay,
            "head": meta.get("init", {}),
        },
        "gallery_products": n_products,
        "evaluations": {"base": f"{JOB_DIR}/eval-base", "new": f"{JOB_DIR}/eval-new"},
    }


def report_markdown(report: dict) -> str:
    check, ft = report["check"], report["fine_tune"]
    k = report["leak_k"]
    lines = [
        f"# Adding {report['locale']} to {Path(report['base_run']).name}",
        "",
        f"**{check['message']}**",
        "",
        f"| market | role | queries | recall@1 before | after | change [95% CI] | leak@{k} before | after |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for m, v in report["markets"].items():
        ch = v["change"]["recall@1"]
        lines.append(
            f"| {m} | {v['role']} | {v['queries']} | {_ci(v['before']['recall@1'])} | {_ci(v['after']['recall@1'])} | "
            f"{_num(ch['delta'], '+.3f')} [{_num(ch['lo'], '+.3f')}, {_num(ch['hi'], '+.3f')}] | "
            f"{_num(v['before']['leak_rate'])} | {_num(v['after']['leak_rate'])} |"
        )
    head, rp = ft["head"], ft["replay"]
    lines += [
        "",
        f"Gallery: the {report['gallery_products']} products of every market (the shop after the launch), searched "
        "unfiltered. "
        "Intervals: 95% bootstrap; the change is paired over the same queries. Every k "
        f"({', '.join(map(str, report['ks']))}) is in locale_report.json.",
        f"Leak@{k}: share of a market's queries whose top {k} holds a look-alike class of another market.",
        *([f"Not measured (no query photo): {', '.join(report['unmeasured'])}."] if report["unmeasured"] else []),
        "",
        f"Fine-tune: {ft['steps']} steps at peak lr {ft['lr']:.3g} (base run: {ft['base_steps']} at "
        f"{ft['base_lr']:.3g}); "
        f"replay: {rp['images']} images of {rp['products']} old products (fraction {rp['fraction']}); "
        f"class head: {head.get('kept', 0)} rows kept, {head.get('added', 0)} added, {head.get('dropped', 0)} dropped.",
        f"Evaluations: {report['evaluations']['base']} (base model), {report['evaluations']['new']} (fine-tuned).",
        "",
    ]
    return "\n".join(lines)


def _ci(block: Mapping[str, float]) -> str:
    return f"{_num(block['value'])} [{_num(block['lo'])}, {_num(block['hi'])}]"


def _num(x: float | None, fmt: str = ".3f") -> str:
    return "n/a" if x is None or not math.isfinite(x) else format(x, fmt)


def _finite(obj: Any) -> Any:
    """Strict JSON: undefined numbers become null."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, Mapping):
        return {str(k): _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj
