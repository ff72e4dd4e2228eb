"""`rembg`: any local rembg session, or any ONNX matting model through rembg's
`u2net_custom` session.

Cutting reads models from disk only: rembg's model folders
(`<home>/models/<name>/<name>.onnx`, or the older flat `~/.u2net/<name>.onnx`;
`U2NET_HOME` moves both) or an explicit `model_path`. The file is checked
before a session is made, because a rembg session with no file starts a
download, which on a machine without internet hangs or fails late. Fetching
is a separate, explicit step (`wildcat segment models --fetch NAME`), through
rembg's own download.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
from PIL import Image

from wildcat.core.errors import MissingDependencyError
from wildcat.segment.errors import ModelNotFoundError, SegmentError
from wildcat.segment.matte import Matte

CUSTOM = ("u2net_custom", "dis_custom", "ben_custom")  # sessions that load the file given as model_path
UNSUPPORTED = {"sam": "it needs point or box prompts, not a whole-image cutout"}

# One session per (name, file) per process: loading an ONNX model is slow.
_SESSIONS: dict[tuple[str, str], object] = {}
_DIGESTS: dict[str, str] = {}


class RembgBackend:
    name = "rembg"

    def __init__(self, session: str = "u2net", model_path: str | Path | None = None) -> None:
        self.session_name, self.path = resolve_model(session, model_path)
        self.model = f"{self.session_name}:{self.path.name}"
        self.version = f"rembg-{_rembg_version()}-{file_digest(self.path)}"

    def __call__(self, image: np.ndarray) -> Matte:
        session = load_session(self.session_name, self.path)
        rgb = Image.fromarray(np.ascontiguousarray(image[..., :3]))
        mask = session.predict(rgb)[0]
        alpha = np.asarray(mask.convert("L"), dtype=np.float32) / 255.0
        return Matte(alpha=alpha, foreground=None, info={"session": self.session_name, "model_file": str(self.path)})


def resolve_model(session: str, model_path: str | Path | None) -> tuple[str, Path]:
    """The rembg session name and the model file on disk, or an error saying which file to put where."""
    if model_path is not None:
        path = Path(model_path).expanduser().resolve()
        if not path.is_file():
            raise ModelNotFoundError(
                path,
                "the ONNX matting model file does not exist",
                "check --model-path, or train one with 'wildcat segment train-matting'",
            )
        return (session if session in CUSTOM else "u2net_custom"), path
    cls = _session_class(session)
    if session in CUSTOM:
        raise SegmentError(
            None, f"the rembg session '{session}' loads a model file you name", "pass --model-path FILE.onnx"
        )
    fname = f"{session}.onnx"
    found = cls.resolve_existing(fname)
    if found is None:
        target = Path(cls.model_dir()) / fname
        raise ModelNotFoundError(
            target,
            f"the rembg model '{session}' is not on disk (cutting never downloads one)",
            f"run 'wildcat segment models --fetch {session}' (needs internet), or on a machine with internet "
            f"run 'rembg d {session}' and copy {fname} into {target.parent}/ "
            f"(or into {cls.legacy_home()}/; set U2NET_HOME to use another folder), "
            "or pass --model-path FILE.onnx",
        )
    return session, Path(found)


def model_location(session: str) -> Path:
    """Where rembg looks for the model of `session` first (for messages and docs)."""
    cls = _session_class(session)
    return Path(cls.model_dir()) / f"{session}.onnx"


def local_sessions() -> list[str]:
    """rembg sessions that cut locally from a model file of their own (not the *_custom ones, which load a file
    you name)."""
    from rembg.sessions import sessions

    return sorted(
        n
        for n, c in sessions.items()
        if c.is_local() and not c.requires_credentials() and n not in UNSUPPORTED and n not in CUSTOM
    )


def model_on_disk(session: str) -> Path | None:
    """The model file of `session` where rembg finds it, or None."""
    found = _session_class(session).resolve_existing(f"{session}.onnx")
    return Path(found) if found else None


def fetch_model(session: str) -> Path:
    """Download the model of `session` through rembg's own download (checksummed); the path it is now at."""
    cls = _session_class(session)
    if session in CUSTOM:
        raise SegmentError(None, f"the rembg session '{session}' has no model to fetch", "pass --model-path FILE.onnx")
    try:
        return Path(cls.download_models())
    except Exception as exc:  # requests, pooch and OS errors alike: offline, a proxy, a full disk
        raise ModelNotFoundError(
            model_location(session),
            f"could not download the rembg model '{session}' ({type(exc).__name__}: {str(exc)[:200]})",
            f"check the internet connection, or copy the file there from a machine that has one ('rembg d {session}')",
        ) from exc


def load_session(session: str, path: Path):
    """A rembg session for `session` reading `path`, made once per process."""
    key = (session, str(path))
    if key not in _SESSIONS:
        _SESSIONS[key] = _new_session(session, path)
    return _SESSIONS[key]


def file_digest(path: Path) -> str:
    """First 12 hex digits of the file's BLAKE2b hash: which weights made a cutout."""
    key = str(path)
    if key not in _DIGESTS:
        h = hashlib.blake2b(digest_size=16)
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        _DIGESTS[key] = h.hexdigest()[:12]
    return _DIGESTS[key]


def _new_session(session: str, path: Path):
    import onnxruntime as ort
    from rembg import new_session

    if session not in CUSTOM:
        return new_session(session)  # the file exists, so rembg reads it and downloads nothing
    # rembg accepts a custom model only inside its own model folders (a guard
    # for its HTTP server, where the path comes from a request). Here the user
    # named the file and it was checked above, so allow it where it is; the
    # session is otherwise rembg's own (pre-processing, predict, post-processing).
    base = _session_class(session)
    cls = type(f"Local{base.__name__}", (base,), {"validate_model_path": classmethod(lambda c, *a, **k: str(path))})
    opts = ort.SessionOptions()
    threads = int(os.environ.get("OMP_NUM_THREADS", "0") or 0)
    opts.inter_op_num_threads = opts.intra_op_num_threads = threads
    return cls(session, opts, model_path=str(path), providers=["CPUExecutionProvider"])


def _session_class(session: str):
    try:
        from rembg.sessions import sessions
    except ImportError as exc:  # pragma: no cover - rembg is a core dependency
        raise MissingDependencyError("rembg") from exc
    cls = sessions.get(session)
    if cls is None:
        local = sorted(n for n, c in sessions.items() if c.is_local() and n not in UNSUPPORTED)
        raise SegmentError(None, f"unknown rembg session '{session}'", f"use one of {', '.join(local)}")
    if session in UNSUPPORTED:
        raise SegmentError(
            None,
            f"the rembg session '{session}' cannot make cutouts here: {UNSUPPORTED[session]}",
            "use u2net, isnet-general-use or birefnet-general",
        )
    if not cls.is_local() or cls.requires_credentials():
        raise SegmentError(
            None, f"the rembg session '{session}' sends images to a remote service", "use a local session such as u2net"
        )
    return cls


def _rembg_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("rembg")
    except PackageNotFoundError:  # pragma: no cover
        return "unknown"
