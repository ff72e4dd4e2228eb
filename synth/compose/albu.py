"""Importing albumentations without its side effects.

Its package init checks PyPI for a newer version (a blocking request with a
2 s timeout, every process) unless NO_ALBUMENTATIONS_UPDATE is set; our
machines are offline and workers are many, so the check is switched off.
"""

from __future__ import annotations

import os


def albumentations():
    os.environ.setdefault("NO_ALBUMENTATIONS_UPDATE", "1")
    import albumentations as A

    return A
