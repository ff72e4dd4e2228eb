"""Compositing: paste cutouts and renders of products onto room, street and
store backgrounds with placement, piles, occlusion, blending, harmonisation,
shadows and camera effects, into a resumable dataset with full lineage."""

from wildcat.synth.compose.config import ComposeConfig
from wildcat.synth.compose.dataset import compose_dataset, load_job, regenerate, sample_id
from wildcat.synth.compose.paste import PasteResult, alpha_over, occluded_fraction, paste
from wildcat.synth.compose.patch import alpha_box

__all__ = [
    "ComposeConfig",
    "PasteResult",
    "alpha_box",
    "alpha_over",
    "compose_dataset",
    "load_job",
    "occluded_fraction",
    "paste",
    "regenerate",
    "sample_id",
]
