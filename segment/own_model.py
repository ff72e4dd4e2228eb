"""wildcat's own matting model: what `auto` cuts with when an image's border is not plain and light and no rembg
model is on disk (offline machines, air-gapped catalogs).

Trained once (`train_matting` on procedural composites with exact alpha, seed 0), saved in the user's model cache
($WILDCAT_MODELS, else ~/.cache/wildcat/models) under a name derived from its training settings, and reused by every
later run and process. The first process to need it trains it while holding the folder's lock; the others (worker
processes of one batch, other commands) wait and then read the same file.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from wildcat.core.atomic import exclusive
from wildcat.core.seeding import stable_hash
from wildcat.segment.config import MattingTrainConfig
from wildcat.segment.train_matting import MODEL_FILE, train_matting

log = logging.getLogger(__name__)
MODELS_ENV = "WILDCAT_MODELS"
SEED = 0  # the model is a function of its settings: one seed for everyone


def models_dir() -> Path:
    env = os.environ.get(MODELS_ENV)
    return Path(env).expanduser() if env else Path.home() / ".cache" / "wildcat" / "models"


def model_folder(config: MattingTrainConfig) -> Path:
    return models_dir() / f"matting-{stable_hash(config.model_dump_json()) % 16**8:08x}"


def cached_model(config: MattingTrainConfig) -> Path | None:
    """The cached model file for these settings, or None when it has not been trained yet."""
    path = model_folder(config) / MODEL_FILE
    return path if path.is_file() else None


def own_model(config: MattingTrainConfig) -> Path:
    """The model file for these settings, trained first when it is not cached."""
    if (found := cached_model(config)) is not None:
        return found
    folder = model_folder(config)
    with exclusive(folder):
        if (found := cached_model(config)) is None:  # another process may have trained it meanwhile
            log.warning(
                "no rembg model on disk: training wildcat's own matting model once (%d steps; a few minutes on "
                "2 cores at the defaults) into %s; later runs reuse it",
                config.steps,
                folder,
            )
            train_matting(folder, config, SEED, progress=False)
            found = cached_model(config)
    return found
