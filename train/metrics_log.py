"""metrics.jsonl: one JSON object per line, each with the `step` it describes.

A resumed run first drops lines past the checkpoint it resumes from (a run
killed after logging step 130 but checkpointing at 100 repeats 101-130), so
the file never holds a step twice.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from wildcat.core.atomic import write_text

METRICS_FILE = "metrics.jsonl"


class MetricsLog:
    def __init__(self, run_dir: Path, keep_until_step: int, enabled: bool = True) -> None:
        self.path = Path(run_dir) / METRICS_FILE
        self.enabled = enabled
        if enabled:
            kept = [r for r in read_metrics(run_dir) if r.get("step", 0) <= keep_until_step]
            write_text(self.path, "".join(json.dumps(r, sort_keys=True) + "\n" for r in kept))

    def write(self, record: dict[str, Any]) -> None:
        if not self.enabled:
            return
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, sort_keys=True) + "\n")


def read_metrics(run_dir: str | Path) -> list[dict[str, Any]]:
    """All records of a run's metrics.jsonl (a half-written last line is skipped)."""
    path = Path(run_dir) / METRICS_FILE
    if not path.is_file():
        return []
    records = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return records
