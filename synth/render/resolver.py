"""A trimesh resolver that reads only inside the asset's own folder.

trimesh's loaders fetch textures, MTL files and glTF buffers by the names
written in the asset. A hostile or careless asset can name `../../secret.png`
or `/etc/passwd`; trimesh 5 refuses those but then retries the bare file name
and swallows the error, so the asset silently loads without its texture. This
resolver refuses any name that leaves the folder (after following symlinks),
never falls back to another name, and remembers what it refused and what was
missing so the loader can reject the asset or warn.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from trimesh.resolvers import Resolver


class FolderResolver(Resolver):
    def __init__(self, folder: str | Path) -> None:
        self.root = Path(folder).resolve()
        self.refused: list[str] = []  # names that point outside the folder
        self.missing: list[str] = []  # names inside the folder with no file

    def inside(self, name: str) -> Path | None:
        """The file `name` refers to when it stays inside the folder, else None."""
        text = unquote(name.strip())
        if not text or "\x00" in text:
            return None
        path = (self.root / text).resolve()  # an absolute `text` replaces root here
        return path if path.is_relative_to(self.root) else None

    def get(self, name: str) -> bytes:
        path = self.inside(name)
        if path is None:
            self.refused.append(name)
            raise ValueError(f"{name!r} is outside the asset folder {self.root}")
        if not path.is_file():
            self.missing.append(name)
            raise FileNotFoundError(name)
        return path.read_bytes()

    def namespaced(self, namespace: str) -> FolderResolver:
        """A resolver for a subfolder (used by zipped/nested formats); it stays inside this root."""
        sub = self.inside(namespace)
        if sub is None:
            self.refused.append(namespace)
            raise ValueError(f"{namespace!r} is outside the asset folder {self.root}")
        child = FolderResolver(sub)
        child.refused, child.missing = self.refused, self.missing  # one record for the whole load
        return child

    def keys(self):
        return (str(p.relative_to(self.root)) for p in self.root.rglob("*") if p.is_file())

    def write(self, name: str, data: bytes | str) -> None:
        raise PermissionError("loading an asset never writes files")
