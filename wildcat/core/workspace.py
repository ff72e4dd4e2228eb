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


def _children_with(folder: Path, markers: tuple[str, ...]) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and any((p / m).exists() for m in markers))
