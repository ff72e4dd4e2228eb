"""A signed container for index files: wildcat loads only what wildcat wrote.

faiss deserialises raw C++ structures, so a corrupted or foreign file must never
reach it. Layout:

    MAGIC | header length (8 bytes, little endian) | header JSON | sections... | tag

The header lists each section's name, length and SHA-256. The tag is an
HMAC-SHA256 over everything before it, keyed with a wildcat-specific key, and
is checked before any byte is parsed. The built-in key proves a file came from
wildcat's writer and was not altered since (truncation, bit rot, edits); it is
not a secret. A deployment that loads indexes from untrusted places sets
$WILDCAT_INDEX_KEY (any string) on the machines that write and read them, and
then only holders of that key can produce a loadable file.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from wildcat.core.atomic import write_bytes
from wildcat.core.errors import WildcatError

MAGIC = b"WILDCAT-INDEX\x00v1\n"
KEY_ENV = "WILDCAT_INDEX_KEY"
_BUILTIN_KEY = b"wildcat/eval/index-file/v1"
TAG_BYTES = 32


class IndexFileError(WildcatError):
    """An index file that is not wildcat's, was altered, or was signed with another key."""


def _key() -> bytes:
    extra = os.environ.get(KEY_ENV, "")
    return _BUILTIN_KEY + (b"|" + extra.encode("utf-8") if extra else b"")


def write_signed(path: str | Path, header: Mapping[str, Any], sections: Mapping[str, bytes]) -> Path:
    """Write `sections` (name -> bytes) with `header` (JSON-able) and the tag, atomically."""
    head = dict(header)
    head["sections"] = [
        {"name": n, "length": len(b), "sha256": hashlib.sha256(b).hexdigest()} for n, b in sections.items()
    ]
    head_bytes = json.dumps(head, sort_keys=True).encode("utf-8")
    body = b"".join([MAGIC, len(head_bytes).to_bytes(8, "little"), head_bytes, *sections.values()])
    tag = hmac.new(_key(), body, hashlib.sha256).digest()
    write_bytes(path, body + tag)
    return Path(path)


def read_signed(path: str | Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Verify and split a file written by `write_signed`; raise IndexFileError otherwise."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IndexFileError(path, f"cannot read the index file ({exc})", "check the path") from exc
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 8 + TAG_BYTES:
        raise IndexFileError(
            path,
            "is not an index file written by wildcat",
            "build it with wildcat (eval.ProductIndex.save or 'wildcat eval index')",
        )
    body, tag = data[:-TAG_BYTES], data[-TAG_BYTES:]
    if not hmac.compare_digest(tag, hmac.new(_key(), body, hashlib.sha256).digest()):
        raise IndexFileError(
            path,
            "the index file failed its integrity check (altered, truncated, or signed with another $WILDCAT_INDEX_KEY)",
            "rebuild the index; if it was written with a custom key, set the same WILDCAT_INDEX_KEY",
        )
    try:
        return _split(path, body)
    except (ValueError, KeyError, TypeError) as exc:  # signed, yet not laid out as write_signed lays it out
        raise IndexFileError(path, f"the index file's layout cannot be read ({exc})", "rebuild the index") from exc


def _split(path: Path, body: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    start = len(MAGIC) + 8
    head_len = int.from_bytes(body[len(MAGIC) : start], "little")
    header = json.loads(body[start : start + head_len])
    sections, pos = {}, start + head_len
    for sec in header.pop("sections"):
        chunk = body[pos : pos + sec["length"]]
        if hashlib.sha256(chunk).hexdigest() != sec["sha256"]:  # belt and braces: the tag covers this too
            raise IndexFileError(path, f"section {sec['name']!r} does not match its checksum", "rebuild the index")
        sections[sec["name"]] = chunk
        pos += sec["length"]
    return header, sections
