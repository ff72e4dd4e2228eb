"""Locale packs installed in a workspace, and the packs shipped with wildcat.

A workspace holds `locales/<locale>.yaml` (the pack as the user wrote it,
comments kept) and `locales/index.json` (what is installed, from where, and a
checksum). Both are written atomically: the pack first, the index last, so an
interrupted `add` leaves the previous state usable.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from wildcat.core.atomic import write_bytes, write_json
from wildcat.core.errors import WildcatError
from wildcat.core.locales.packset import PackSet
from wildcat.core.locales.schema import ClassRef, LocalePack
from wildcat.core.locales.validate import LocalePackError, PackProblem, check_pack, load_pack, read_pack

SHIPPED_DIR = Path(__file__).parent / "packs"
LOCALES_DIR = "locales"
INDEX_FILE = "index.json"


@dataclass
class AddResult:
    locale: str
    path: Path
    replaced: bool
    dependencies: list[str] = field(default_factory=list)  # shipped packs installed along with it


def shipped_pack_paths() -> dict[str, Path]:
    """locale id -> the pack file shipped with wildcat."""
    return {p.stem: p for p in sorted(SHIPPED_DIR.glob("*.yaml"))}


def shipped_packs() -> dict[str, LocalePack]:
    """The packs shipped with wildcat, each checked against the others."""
    raw = {loc: read_pack(p) for loc, p in shipped_pack_paths().items()}
    return {loc: load_pack(path, raw) for loc, path in shipped_pack_paths().items()}


def read_index(workspace: str | Path) -> dict[str, dict]:
    """locale id -> index entry (name, file, classes, sha256, source, added); {} for a fresh workspace."""
    path = Path(workspace) / LOCALES_DIR / INDEX_FILE
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))["packs"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise WildcatError(
            path, f"the locale index is damaged ({exc})", "re-add the packs with 'wildcat locale add'"
        ) from exc


def installed_packs(workspace: str | Path) -> dict[str, LocalePack]:
    """The packs installed in `workspace`, by locale id."""
    folder = Path(workspace) / LOCALES_DIR
    files = {loc: folder / entry["file"] for loc, entry in read_index(workspace).items()}
    raw = {loc: read_pack(f) for loc, f in files.items()}
    return {loc: load_pack(f, raw) for loc, f in files.items()}


def load_packset(workspace: str | Path | None = None, include_shipped: bool = True) -> PackSet:
    """Installed packs, plus the shipped ones for locales not installed (when `include_shipped`)."""
    packs = dict(shipped_packs()) if include_shipped else {}
    if workspace is not None:
        packs.update(installed_packs(workspace))
    return PackSet(packs.values())


def add_pack(path: str | Path, workspace: str | Path, replace: bool = False) -> AddResult:
    """Check `path` against the installed and shipped packs and install it in `workspace`.

    Shipped packs it refers to (en-US for the look-alikes of en-IN) are
    installed with it, so the workspace is complete on its own.
    """
    path = Path(path)
    installed = installed_packs(workspace)
    available = {**shipped_packs(), **installed}
    pack = load_pack(path, available)
    if pack.locale in installed and not replace:
        raise WildcatError(
            path,
            f"locale {pack.locale} is already installed in {workspace}",
            "pass --replace to overwrite it, or change 'locale:'",
        )
    after = {**installed, pack.locale: pack}
    deps = _missing_dependencies(pack, after, available)
    after.update({loc: available[loc] for loc in deps})
    _check_others_still_valid(workspace, installed, after, pack.locale)
    index = read_index(workspace)
    for loc in deps:
        _install(shipped_pack_paths()[loc], available[loc], workspace, index, shipped=True)
    dest = _install(path, pack, workspace, index, shipped=path.resolve().parent == SHIPPED_DIR.resolve())
    return AddResult(pack.locale, dest, pack.locale in installed, deps)


def _install(src: Path, pack: LocalePack, workspace: str | Path, index: dict[str, dict], shipped: bool) -> Path:
    folder = Path(workspace) / LOCALES_DIR
    data = src.read_bytes()
    dest = folder / f"{pack.locale}.yaml"
    write_bytes(dest, data)
    index[pack.locale] = {
        "name": pack.name,
        "file": dest.name,
        "version": pack.version,
        "classes": len(pack.classes),
        "look_alikes": len(pack.look_alikes),
        "sha256": hashlib.sha256(data).hexdigest(),
        "source": "shipped" if shipped else str(src.resolve()),
        "added": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    write_json(folder / INDEX_FILE, {"version": 1, "packs": dict(sorted(index.items()))})
    return dest


def _missing_dependencies(pack: LocalePack, have: dict[str, LocalePack], available: dict[str, LocalePack]) -> list[str]:
    """Locales `pack` refers to, directly or through them, that `have` lacks (in install order)."""
    out: list[str] = []
    todo = [pack]
    while todo:
        for loc in sorted(_referenced_locales(todo.pop())):
            if loc not in have and loc not in out:
                out.append(loc)
                todo.append(available[loc])
    return out


def _referenced_locales(pack: LocalePack) -> set[str]:
    refs = [ClassRef.parse(p.looks_like, pack.locale) for p in pack.look_alikes]
    refs += [ClassRef.parse(a, pack.locale) for c in pack.classes for a in c.accessories]
    return {r.locale for r in refs} - {pack.locale}


def _check_others_still_valid(
    workspace: str | Path, installed: dict[str, LocalePack], after: dict[str, LocalePack], new: str
) -> None:
    """Refuse a replacement that would leave another installed pack pointing at a removed class."""
    for loc, other in installed.items():
        if loc == new:
            continue
        problems = check_pack(other, after)
        if problems:
            file = Path(workspace) / LOCALES_DIR / f"{loc}.yaml"
            note = PackProblem(
                "dangling_look_alike",
                f"(after replacing {new})",
                f"the installed pack {loc} would break",
                f"keep the classes {loc} refers to in the new {new} pack",
            )
            raise LocalePackError(file, [note, *problems])
