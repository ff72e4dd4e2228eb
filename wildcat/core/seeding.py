"""Seeds and generators.

Every random choice in wildcat takes an explicit `numpy.random.Generator`. A
sample's generator is derived from (run seed, product id, sample index), so
one sample can be regenerated alone and a resumed job produces identical bytes.
"""

from __future__ import annotations

import hashlib
import secrets

import numpy as np

from wildcat.core.errors import ConfigError


def draw_seed() -> int:
    """A fresh seed for a run that was given none (logged and saved by the caller)."""
    return secrets.randbits(63)


def stable_hash(text: str) -> int:
    """A 64-bit hash of `text` that is the same on every machine and Python run.

    (Python's own `hash` of a str is salted per process.)
    """
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


def sample_seed_sequence(seed: int, product_id: str, index: int, stream: str = "") -> np.random.SeedSequence:
    """The SeedSequence for one sample; `stream` separates independent uses (e.g. "compose", "render")."""
    if int(seed) < 0:
        raise ConfigError(None, f"the seed {seed} is negative", "use a seed of 0 or more (or none, to draw one)")
    return np.random.SeedSequence([int(seed), stable_hash(product_id), int(index), stable_hash(stream)])


def sample_rng(seed: int, product_id: str, index: int, stream: str = "") -> np.random.Generator:
    """The generator for sample `index` of `product_id` in a run seeded with `seed`."""
    return np.random.default_rng(sample_seed_sequence(seed, product_id, index, stream))


def torch_seed(rng: np.random.Generator) -> int:
    """A seed for a torch.Generator drawn from `rng`."""
    return int(rng.integers(0, 2**63 - 1))
