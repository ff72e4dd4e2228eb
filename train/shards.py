"""WebDataset tar shards of training data, for datasets too big for one folder.

`write_shards` packs a catalog's images and the rows of dataset manifests into
`shard-000000.tar`, `shard-000001.tar`, ... in a fixed order. Each sample is
two tar members: `<key>.<ext>`, the image file's own bytes (never re-encoded),
and `<key>.json`, its manifest row plus where it came from. Shards are read
front to back, so they can sit on object storage or a web server and stream
(`pipe:` and `http(s)://` URLs, brace ranges), and a million small files
become a few hundred large ones.

`read_shards` returns the samples in written order, each image as a
`ShardImage`: bytes that `wildcat.core.imageio.load_image` decodes like the file
itself. Training decodes them into its in-memory cache exactly as it decodes
files, so a run from shards is the same run as one from the folders: same
rows, same order, same pixels, same per-step losses.
"""

from __future__ import annotations

import glob
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from pydantic import Field
from tqdm.auto import tqdm

from wildcat.core.atomic import atomic_path, write_json
from wildcat.core.catalog import catalog_samples, load_catalog
from wildcat.core.config import Config, save_run_meta
from wildcat.core.errors import ConfigError, MissingDependencyError
from wildcat.core.manifest import Sample
from wildcat.train.rows import manifest_rows

INDEX = "shards.json"
PATTERN = "shard-{:06d}.tar"
CATALOG = "catalog"  # origin of the catalog's own images (the gallery)


class ShardConfig(Config):
    data: list[str] = Field(
        default_factory=list, description="dataset folders whose manifest rows (all splits) are packed"
    )
    catalog: str | None = Field(None, description="catalog whose images are packed as the gallery (origin 'catalog')")
    shard_size: int = Field(1000, ge=1, description="samples per shard (samples)")


class ShardImage(bytes):
    """An image file's bytes as read from a shard; named `url#key` in messages and for de-duplication."""

    url: str = ""

    def __new__(cls, data: bytes, url: str) -> ShardImage:
        image = super().__new__(cls, data)
        image.url = url
        return image

    def __reduce__(self):
        return ShardImage, (bytes(self), self.url)

    def __str__(self) -> str:
        return self.url

    def __repr__(self) -> str:
        return f"ShardImage({self.url!r}, {len(self)} bytes)"


@dataclass(frozen=True)
class ShardRow:
    image: Path | ShardImage  # a file to pack, or bytes read back from a shard
    sample: Sample  # its manifest row; path = where the file was when packed
    origin: str  # "catalog" for the catalog's own images, else the dataset folder's name


def source_rows(data: list[str], catalog: str | None) -> list[ShardRow]:
    """What `wildcat train --data ... --catalog ...` would read: the catalog's images, then every dataset's rows."""
    if not data and not catalog:
        raise ConfigError(None, "nothing to pack into shards", "pass --data with dataset folders and/or --catalog")
    rows = [ShardRow(Path(s.path), s, CATALOG) for s in catalog_samples(load_catalog(catalog))] if catalog else []
    for folder in data:
        rows += [ShardRow(path, s, Path(folder).name) for path, s in manifest_rows([folder], None)]
    return rows


def write_shards(rows: Iterable[ShardRow], out_dir: str | Path, shard_size: int = 1000, progress: bool = True) -> dict:
    """Pack `rows` in order into OUT/shard-NNNNNN.tar (each written atomically) and OUT/shards.json; returns the index.

    Unreadable files are left out and listed in the index under "skipped".
    """
    wds = _webdataset()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    names, counts, skipped = [], [], []
    readable = _read_files(tqdm(rows, desc="shards", unit="img", disable=not progress), skipped)
    while batch := list(islice(readable, shard_size)):
        names.append(_write_shard(wds, out, len(names), batch, first=sum(counts)))
        counts.append(len(batch))
    _remove_stale(out, set(names))
    index = {"shards": names, "samples": counts, "skipped": skipped}
    write_json(out / INDEX, index)
    return index


def _read_files(rows: Iterable[ShardRow], skipped: list[dict]) -> Iterator[tuple[ShardRow, bytes]]:
    for row in rows:
        try:
            yield row, Path(row.image).read_bytes()
        except OSError as exc:
            skipped.append({"path": str(row.image), "reason": f"cannot read it ({exc})"})


def _write_shard(wds, out: Path, number: int, batch: list[tuple[ShardRow, bytes]], first: int) -> str:
    name = PATTERN.format(number)
    with atomic_path(out / name) as tmp, wds.TarWriter(str(tmp), encoder=False, mtime=0.0) as tar:
        for i, (row, data) in enumerate(batch, start=first):
            ext = Path(row.sample.path).suffix.lower().lstrip(".") or "img"
            record = {"row": row.sample.model_copy(update={"path": str(row.image)}).to_record(), "origin": row.origin}
            # keys are zero-padded counters: no dots (WebDataset splits names at the first one), sorted
            tar.write({"__key__": f"{i:09d}", ext: data, "json": json.dumps(record, sort_keys=True).encode()})
    return name


def _remove_stale(out: Path, keep: set[str]) -> None:
    """Shards of an earlier, larger write into the same folder."""
    if (out / INDEX).is_file():
        for name in json.loads((out / INDEX).read_text(encoding="utf-8")).get("shards", []):
            if name not in keep:
                (out / name).unlink(missing_ok=True)


def save_shards_meta(out_dir: str | Path, config: ShardConfig, index: dict) -> None:
    save_run_meta(out_dir, config, None, stage="shards", samples=sum(index["samples"]), shards=len(index["shards"]))


def expand(urls: list[str]) -> list[str]:
    """Shard URLs in reading order: a folder -> its shards.json list; a glob -> sorted matches; brace ranges
    expanded."""
    import braceexpand

    out: list[str] = []
    for url in urls:
        path = Path(url).expanduser()
        if ":" in url.split("/", 1)[0]:  # pipe:..., http://..., gs://...: streamed as given
            out += list(braceexpand.braceexpand(url))
        elif path.is_dir():
            index = path / INDEX
            names = (
                json.loads(index.read_text(encoding="utf-8"))["shards"]
                if index.is_file()
                else sorted(p.name for p in path.glob("*.tar"))
            )
            out += [str(path / n) for n in names]
        elif any(c in url for c in "*?["):
            out += sorted(glob.glob(str(path)))
        else:
            out += list(braceexpand.braceexpand(str(path)))
    missing = [u for u in out if ":" not in u.split("/", 1)[0] and not Path(u).is_file()]
    if missing or not out:
        where = ", ".join(missing[:3]) or ", ".join(urls)
        raise ConfigError(
            where,
            "no such shard file" if missing else "names no shards",
            "pass shard files, a folder written by 'wildcat train-shards', a glob or URLs",
        )
    return out


def read_shards(urls: list[str], progress: bool = False) -> list[ShardRow]:
    """Every sample of the shards, in order."""
    return list(tqdm(iter_shards(expand(urls)), desc="read shards", unit="img", disable=not progress, leave=False))


def shard_rows(
    urls: list[str], train_splits: list[str], val_splits: list[str], with_catalog_images: bool
) -> tuple[list, list]:
    """(training rows, validation query rows) of the shards, picked as `train.data.manifest_rows` picks
    them from folders; the catalog's own images belong to no split (always training gallery) and are
    dropped when a catalog folder is given (it is then the gallery)."""
    if not urls:
        return [], []
    rows = [r for r in read_shards(urls) if with_catalog_images or r.origin != CATALOG]
    train = [(r.image, r.sample) for r in rows if r.origin == CATALOG or r.sample.split in train_splits]
    val = [
        (r.image, r.sample)
        for r in rows
        if r.origin != CATALOG and r.sample.split in val_splits and r.sample.domain != "catalog"
    ]
    return train, val


def iter_shards(urls: list[str]) -> Iterator[ShardRow]:
    wds = _webdataset()
    for url in urls:
        # one shard at a time, so a broken one is named; every rank reads every shard (the sampler draws from all)
        dataset = wds.WebDataset([url], shardshuffle=False, nodesplitter=None, workersplitter=None, empty_check=False)
        try:
            for item in dataset:
                yield _row(item, url)
        except (OSError, ValueError, KeyError, json.JSONDecodeError) as exc:
            raise ConfigError(
                url,
                f"is not a readable wildcat shard ({type(exc).__name__}: {exc})",
                "write it again with 'wildcat train-shards'",
            ) from exc


def _row(item: dict, url: str) -> ShardRow:
    record = json.loads(item["json"])
    [ext] = [k for k in item if not k.startswith("__") and k != "json"]
    sample = Sample.from_record(record["row"])
    return ShardRow(ShardImage(item[ext], f"{url}#{item['__key__']}"), sample, record["origin"])


def _webdataset():
    try:
        import webdataset
    except ImportError as exc:
        raise MissingDependencyError("webdataset") from exc
    return webdataset
