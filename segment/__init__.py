"""wildcat stage: segment -- catalog image in, RGBA cutout with a quality score out.

    from wildcat.segment import cut_out, segment_catalog, SegmentConfig
    cut = cut_out(image, backend="auto")          # Cutout: rgba, alpha, quality, backend, lineage()
    summary = segment_catalog("shop/", "out/cutouts", SegmentConfig(), seed=0)

Backends by name: `whitebg` (classical matting on plain light backdrops),
`rembg` (any local rembg session, or an ONNX model via `model_path`),
`alpha` (images that carry their own alpha) and `auto` (picks one per image).
The colour vocabulary (`ColourVocabulary`, `dominant_colours`) names a cutout's colours in CIELAB.
"""

from wildcat.segment.backends import NAMES as BACKENDS
from wildcat.segment.backends import auto_choice, create_backend
from wildcat.segment.colours import ColourVocabulary, Dominant, colour_words, dominant_colours, product_colours
from wildcat.segment.config import QualityConfig, SegmentConfig, WhiteBgConfig
from wildcat.segment.cutout import Cutout, crop_to_object, cut_out
from wildcat.segment.errors import CutoutRejected, ModelNotFoundError, SegmentError
from wildcat.segment.job import segment_catalog
from wildcat.segment.matte import Backend, Matte
from wildcat.segment.quality import Quality, assess, iou, mae

__all__ = [
    "BACKENDS",
    "Backend",
    "ColourVocabulary",
    "Cutout",
    "CutoutRejected",
    "Dominant",
    "Matte",
    "ModelNotFoundError",
    "Quality",
    "QualityConfig",
    "SegmentConfig",
    "SegmentError",
    "WhiteBgConfig",
    "assess",
    "auto_choice",
    "colour_words",
    "create_backend",
    "crop_to_object",
    "cut_out",
    "dominant_colours",
    "iou",
    "mae",
    "product_colours",
    "segment_catalog",
]
