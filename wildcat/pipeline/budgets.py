"""Named budgets: how much data to generate and how long to train.

A protocol comparison is only fair at equal budget, so a budget fixes the
backbone, input size, steps and batch for every protocol run with it.
"""

from __future__ import annotations

from pydantic import Field

from wildcat.core.config import Config
from wildcat.core.errors import ConfigError


class Budget(Config):
    backbone: str = Field("resnet18", description="backbone name (train.list_backbones())")
    pretrained: str | None = Field(
        None, description="starting weights: imagenet (the backbone's ImageNet weights), a file, or None (from scratch)"
    )
    image_size: int = Field(96, description="training and embedding input side (pixels)")
    steps: int = Field(600, description="optimizer steps")
    batch_size: int = Field(64, description="images per step")
    # 120 and 16 (round 7 of the grocery ablation): with the composites blended into the index, three times the
    # composites raised recall@5 at each of four seeds and left recall@1 level, at the same training steps.
    composites_per_product: int = Field(120, description="cut-paste composites generated per product (count)")
    render_views: int = Field(16, description="rendered views per product, from its model or its 3D proxy (count)")
    synth_size: int = Field(
        128, description="side of generated images (pixels); a little above image_size for crop headroom"
    )
    backgrounds_per_kind: int = Field(
        64, description="procedural backgrounds rendered per kind: room, street, store (count)"
    )
    background_size: int = Field(256, description="side of rendered backgrounds (pixels)")
    train: dict = Field(
        default_factory=dict, description="TrainConfig fields this budget sets on top (how a pretrained trunk learns)"
    )


# How a pretrained trunk is fine-tuned without forgetting ImageNet (issue 23; docs/benchmarks.md): batch-norm
# statistics kept as pretrained, the trunk at a tenth of the new layers' learning rate, and the untouched pretrained
# trunk ensembled into the embedding at weight 0.4 (train.model.attach_anchor). Unlabelled photos, when given, move
# the query side's statistics only a quarter of the way to theirs: the trunk's weights expect ImageNet's (replacing
# them cost 0.10 recall@1). Both chosen on dev queries, three seeds.
FINE_TUNE = {"freeze_bn": True, "trunk_lr_scale": 0.1, "anchor_weight": 0.4, "query_bn_share": 0.25}


# Pretrained EfficientNet-Lite0 (ImageNet weights from the registry package) at its native 224 px, sized for two
# CPU cores: about 5 minutes of training per protocol.
PRETRAINED = Budget(
    backbone="efficientnet_lite0",
    pretrained="imagenet",
    image_size=224,
    steps=200,
    batch_size=32,
    synth_size=256,
    background_size=320,
    train=FINE_TUNE,
)

BUDGETS: dict[str, Budget] = {
    "pretrained": PRETRAINED,
    # The same recipe for a GPU: fifteen times the steps, larger batches, more views, larger backgrounds.
    "pretrained-gpu": PRETRAINED.model_copy(
        update={"steps": 3000, "batch_size": 128, "render_views": 24, "background_size": 384}
    ),
    # The budget of issue 11's prototype table: resnet18 from scratch, 96 px, 600 steps of 64.
    "proto": Budget(),
    # Ablations: the proto data at a quarter of the training compute (64 px, 300 steps), so a table of a dozen
    # recipes fits in an afternoon on two cores; each row still sees the same 2,936 dev queries.
    "ablate": Budget(image_size=64, steps=300),
    # For a GPU: the same recipe trained ten times longer at a larger input.
    "gpu": Budget(
        image_size=128,
        steps=6000,
        batch_size=128,
        composites_per_product=120,
        render_views=24,
        synth_size=160,
        background_size=384,
    ),
    # `wildcat run` on the built-in catalog: the pretrained recipe, briefly, at 160 px, so the whole job stays
    # within ten minutes on two CPU cores.
    "demo": PRETRAINED.model_copy(
        update={
            "image_size": 160,
            "steps": 100,
            "composites_per_product": 24,
            "render_views": 8,
            "synth_size": 192,
            "backgrounds_per_kind": 12,
            "background_size": 192,
        }
    ),
    # The demo of before issue 23: resnet18 from scratch at 64 px (docs/benchmarks.md, "From scratch").
    "demo-scratch": Budget(
        image_size=64,
        steps=250,
        batch_size=32,
        composites_per_product=24,
        render_views=8,
        synth_size=96,
        backgrounds_per_kind=12,
        background_size=160,
    ),
    # Seconds on a laptop: for tests and for checking that a catalog flows through.
    "smoke": Budget(
        backbone="tiny",
        image_size=32,
        steps=12,
        batch_size=16,
        composites_per_product=2,
        render_views=1,
        synth_size=48,
        backgrounds_per_kind=2,
        background_size=64,
    ),
}


def get_budget(name: str) -> Budget:

    if name not in BUDGETS:
        raise ConfigError(None, f"unknown budget {name!r}", f"use one of {', '.join(BUDGETS)}")
    return BUDGETS[name]
