"""A workspace: the folder where one catalog's generated data, training runs
and evaluations live side by side, so the UI and later commands find them.

    WORKSPACE/
      catalog.json     the imported catalog (`wildcat catalog import`)
      locales/         installed locale packs (`wildcat locale add`)
      data/<name>/     generated datasets: cutouts, renders, composites, wild queries (manifest.parquet each)
      runs/<name>/     training runs (config.yaml, metrics.jsonl, final.pt)
      eval/<name>/     evaluations of one run (report.json, queries.parquet, plots)
      compare/<name>/  before/after comparisons (report.json, report.md, plots)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wildcat.core.catalog.schema import CATALOG_FILE

DEFAULT_WORKSPACE = Path("workspace")


@dataclass(frozen=True)
class Workspace:
    root: Path

    @classmethod
    def at(cls, root: str | Path | None = None) -> Workspace:
        return cls(Path(root or DEFAULT_WORKSPACE).expanduser().resolve())

    @property
    def catalog(self) -> Path:
        return self.root / CATALOG_FILE

    def data(self, name: str = "") -> Path:
        return self.root / "data" / name

    def run(self, name: str = "") -> Path:
        return self.root / "runs" / name

    def evaluation(self, name: str = "") -> Path:
        return self.root / "eval" / name

    def comparison(self, name: str = "") -> Path:
        return self.root / "compare" / name

    @property
    def audit(self) -> Path:
        """Where `wildcat catalog audit` writes the workspace catalog's findings."""
        return self.root / "audit"

    def datasets(self) -> list[Path]:
        """Dataset folders that hold a manifest."""
        return _children_with(self.data(), ("manifest.parquet", "manifest.parts"))

    def runs(self) -> list[Path]:
        """Training runs that finished (hold final.pt)."""
        return _children_with(self.run(), ("final.pt",))

    def evaluations(self) -> list[Path]:
        return _children_with(self.evaluation(), ("report.json",))

    def comparisons(self) -> list[Path]:
        return _children_with(self.comparison(), ("report.json",))

    def disk_usage(self) -> dict[str, int]:
        """Bytes on disk under each top-level folder of the workspace (files at the top count as "."), largest
        first."""
        sizes: dict[str, int] = {}
        for path in self.root.rglob("*"):
            try:
                if not path.is_file() or path.is_symlink():
                    continue
                size = path.stat().st_size
            except FileNotFoundError:  # a temporary file another job renamed away meanwhile
                continue
            rel = path.relative_to(self.root).parts
            top = rel[0] if len(rel) > 1 else "."
            sizes[top] = sizes.get(top, 0) + size
        return dict(sorted(sizes.items(), key=lambda kv: -kv[1]))

    def size_line(self) -> str:
        """E.g. "workspace: 61.2 MB (data 40.1 MB, runs 18.0 MB, eval 3.1 MB)"."""
        sizes = self.disk_usage()
        parts = ", ".join(f"{name} {_mb(n)}" for name, n in sizes.items())
        return f"workspace: {_mb(sum(sizes.values()))} ({parts or 'empty'})"


def _children_with(folder: Path, markers: tuple[str, ...]) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and any((p / m).exists() for m in markers))


def _mb(n: int) -> str:
    return f"{n / 1e6:.1f} MB"
