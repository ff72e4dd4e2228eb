"""One sample in the making: its generator, background view, canvas, and the
helpers every layout uses to make and place objects.

All randomness comes from `sample_rng(seed, product, index, "compose")`, drawn
in a fixed order, so the same sample always comes out byte for byte the same.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from wildcat.core.errors import WildcatError
from wildcat.core.seeding import sample_rng
from wildcat.synth.backgrounds.bank import load_background
from wildcat.synth.backgrounds.entry import Background, BackgroundEntry
from wildcat.synth.backgrounds.geometry import AREA, LINE, Region
from wildcat.synth.compose import blend, harmonize
from wildcat.synth.compose.canvas import Canvas, Instance
from wildcat.synth.compose.foregrounds import WHOLE, foreground_stats, load_foreground
from wildcat.synth.compose.framing import Window, clamp, random_window, to_bank, to_out
from wildcat.synth.compose.job import Job
from wildcat.synth.compose.kernels import scale_rows
from wildcat.synth.compose.look import draw_look
from wildcat.synth.compose.patch import Patch
from wildcat.synth.compose.shadow import contact_shadow
from wildcat.synth.compose.warp import make_patch

STREAM = "compose"
SIZE_STEP = 1.12  # pile instances come in sizes this ratio apart
LOG_STEP = math.log(SIZE_STEP)
_RAMPS: dict[int, np.ndarray] = {}


class Composer:
    def __init__(self, job: Job, product_id: str, index: int) -> None:
        self.job, self.cfg = job, job.config
        self.out = self.cfg.size
        self.hero = product_id
        self.index = index
        self.rng = rng = sample_rng(job.seed, product_id, index, STREAM)
        self.sources: list[str] = []
        self.skipped: dict[str, str] = {}  # unreadable input file -> why (recorded, then passed over)
        self.notes: dict[str, str] = {}  # layout decisions worth recording (e.g. where the hero's scale came from)
        self.occluders: list[dict] = []
        self.hero_ids: list[int] = []  # canvas instance indices that show the hero product
        self._variants: dict[tuple, tuple[Patch, int, int, float]] = {}
        self._sized: dict[tuple, Patch] = {}  # (product, slot, size step) -> rescaled variant
        self._harmonised: dict[tuple[str, int], np.ndarray] = {}  # (file, level) -> RGBA with the scene's colour
        self._whole: dict[str, bool] = {}  # product -> shown whole in this sample
        self.look = draw_look(rng, self.cfg)  # the sample's look, drawn before anything else

    # --- background and view -------------------------------------------------
    def load_background(self, entry: BackgroundEntry) -> Background:
        self.bg = load_background(entry, self.cfg.bank.photo_side, self.cfg.bank.cache_size)
        return self.bg

    @property
    def image_wh(self) -> tuple[int, int]:
        return self.bg.image.shape[1], self.bg.image.shape[0]

    def set_view(self, window: Window | None = None) -> None:
        """Crop the background to `window` (random if None) into a fresh canvas.

        The window is snapped to whole pixels so a crop and one resize do the job
        (much cheaper than a warp); placement maths uses the snapped window.
        """
        x0, y0, side = window or random_window(self.rng, self.image_wh, self.cfg.placement.zoom_max)
        w, h = self.image_wh
        side = int(min(max(round(side), 2), w, h))
        x0, y0 = int(clamp(round(x0), 0, w - side)), int(clamp(round(y0), 0, h - side))
        self.window = (float(x0), float(y0), float(side))
        self.zoom = self.out / side
        interp = cv2.INTER_AREA if side > 2 * self.out else cv2.INTER_LINEAR
        self.canvas = Canvas(self.in_view(self.bg.image, interp))
        self.refresh_reference()

    def in_view(self, bank_image: np.ndarray, interp: int = cv2.INTER_NEAREST) -> np.ndarray:
        """A background-sized array cropped to the view and resized to the output."""
        x0, y0, side = (int(v) for v in self.window)
        return cv2.resize(bank_image[y0 : y0 + side, x0 : x0 + side], (self.out, self.out), interpolation=interp)

    def refresh_reference(self) -> None:
        """Colour statistics of the scene that harmonisation moves objects toward."""
        step = max(1, self.out // 48)
        self.reference = np.ascontiguousarray(self.canvas.image[step // 2 :: step, step // 2 :: step])
        self.ref_stats = harmonize.scene_stats(self.reference)
        self._ref_cdfs: np.ndarray | None = None  # histogram matching's, made when first needed
        self._harmonised = {}  # foregrounds harmonised to the previous reference no longer fit

    def to_out(self, p) -> np.ndarray:
        return to_out(p, self.window, self.out)

    def to_bank(self, q) -> np.ndarray:
        return to_bank(q, self.window, self.out)

    def regions(self, shape: str, kinds: tuple[str, ...] | None = None) -> list[Region]:
        return [r for r in self.bg.geometry.regions if r.shape == shape and (kinds is None or r.kind in kinds)]

    def pick_area(self, prefer: tuple[str, ...]) -> Region:
        """An area of the most preferred kind the background has (the whole frame if none)."""
        for kind in prefer:
            found = self.regions(AREA, (kind,))
            if found:
                return found[int(self.rng.integers(len(found)))]
        found = self.regions(AREA) or self.regions(LINE)
        return found[int(self.rng.integers(len(found)))]

    # --- products ------------------------------------------------------------
    def size_m(self, product: str) -> float:
        lo, hi = self.job.profile(product).size_m
        return float(self.rng.uniform(lo, hi))

    def distractor(self, like: str | None = None, same: bool = False) -> str:
        """Another catalog product; mostly (always with `same`) one shown the same way as `like` (cartons beside
        cartons)."""
        pool = self.job.product_ids()
        if like is not None and (same or self.rng.random() < 0.7):
            pool = self.job.similar(like)
        others = [p for p in pool if p != self.hero] or [p for p in self.job.product_ids() if p != self.hero]
        while others:  # a product whose files are all unreadable is passed over, not allowed to spoil the sample
            pick = others.pop(int(self.rng.integers(len(others))))
            if self.usable(pick):
                return pick
        return self.hero

    def source(self, product: str, size_px: float) -> tuple[int, np.ndarray]:
        """A random usable foreground file of the product, loaded at a resolution that suits `size_px`
        and harmonised to the scene (once per sample and file: every patch of it shares the colour change).

        Unreadable files are skipped (and listed in `self.skipped`); if none of the
        product's files can be read, the error of the last one is raised.
        """
        level = self.out  # the smallest cached resolution that is still at least the wanted size
        while level // 2 >= max(size_px, 16) and level > 32:
            level //= 2
        files = self.job.foregrounds[product]
        first = int(self.rng.integers(len(files)))
        suffix = WHOLE if self.whole(product) else ""
        for k in range(len(files)):
            file = files[(first + k) % len(files)]
            path = file + suffix
            try:
                rgba = load_foreground(path, level)
            except WildcatError as exc:
                self.skipped.setdefault(file, str(exc))  # the file itself: the rejects list names what to fix
                error = exc
                continue
            if path not in self.sources:
                self.sources.append(path)
            key = (path, level)
            if key not in self._harmonised:
                self._harmonised[key] = self._harmonise(key, rgba)
            return self.sources.index(path), self._harmonised[key]
        raise error

    def whole(self, product: str) -> bool:
        """Whether produce is shown whole in this sample (a coin per product, drawn when first asked;
        never drawn when the feature is off, so samples keep their bytes)."""
        p = self.cfg.placement.whole_prob
        if p <= 0 or not self.loose(product):
            return False
        if product not in self._whole:
            self._whole[product] = bool(self.rng.random() < p)
        return self._whole[product]

    def usable(self, product: str) -> bool:
        """Whether any foreground of the product can be read (cached per process)."""
        for path in self.job.foregrounds[product]:
            try:
                load_foreground(path, self.out // 2)
                return True
            except WildcatError as exc:
                self.skipped.setdefault(path, str(exc))
        return False

    def object_patch(
        self, product: str, size_px: float, angle: float = 0.0, flip: bool = False, persp=None, anchor: str = "center"
    ) -> tuple[Patch, int]:
        src, rgba = self.source(product, size_px)
        patch = make_patch(rgba, max(2, int(round(size_px))), angle, flip, persp, anchor)
        return self.finish_patch(patch, size_px), src

    def finish_patch(self, patch: Patch, size_px: float) -> Patch:
        """Blend the object's edge (the sample-wide choice)."""
        scale = min(max(size_px / 128, 0.35), 1.0) * self.out / 256
        bp = self.look.blend_params
        if self.look.blend in ("feather", "poisson"):
            return blend.soften(patch, bp["feather"] * scale)
        if self.look.blend == "gaussian":
            return blend.soften(patch, bp["gaussian"] * scale)
        if self.look.blend == "motion":
            return blend.motion_blur(patch, max(2, int(round(bp["motion"] * scale))), bp["angle"])
        return patch

    def _harmonise(self, key: tuple[str, int], rgba: np.ndarray) -> np.ndarray:
        """The foreground's colour moved toward the scene's (the sample-wide mode and strength).
        Its own statistics depend only on the file and level, so they are kept per process."""
        hp = self.look.harm_params
        if self.look.harmonize == "reinhard":
            own = foreground_stats(*key, harmonize.scene_stats)
            return harmonize.apply_lut(rgba, harmonize.reinhard_lut(own, self.ref_stats, hp["strength"], hp["color"]))
        if self.look.harmonize == "histogram":
            if self._ref_cdfs is None:
                self._ref_cdfs = harmonize.cdfs(self.reference)
            own = foreground_stats(*key, harmonize.cdfs)
            return harmonize.apply_lut(rgba, harmonize.histogram_lut(own, self._ref_cdfs, hp["strength"]))
        if self.look.harmonize == "fda":
            return harmonize.fda(rgba, self.reference, hp["beta"], hp["strength"])
        return rgba

    def loose(self, product: str) -> bool:
        """Produce can lie any way up and be mirrored; packages stand upright and their print must not mirror."""
        return self.job.profile(product).layouts.get("pile", 0) > 0

    def variant(self, product: str, ref_px: float) -> tuple[Patch, int, int, float]:
        """A shared rotated copy for pile instances, made once per (product, slot) at `ref_px` (first asked);
        returns it, its source, slot and the size it was made at: instances rescale it with `scaled`,
        which costs far less than making a new one."""
        slot = int(self.rng.integers(self.cfg.placement.variants))
        key = (product, slot)
        if key not in self._variants:
            free = self.loose(product)
            rot = self.cfg.placement.rotation_deg
            angle = float(self.rng.uniform(0, 360) if free else self.rng.uniform(-rot, rot))
            patch, src = self.object_patch(product, ref_px, angle, free and bool(self.rng.random() < 0.5))
            self._variants[key] = (_shade_bottom(self.tinted(patch, f"{product}/{slot}")), src, slot, ref_px)
        return self._variants[key]

    def tinted(self, patch: Patch, name: str) -> Patch:
        """The shared copy with its own colour, so the copies of a pile differ in shade (per-channel gains
        exp(N(0, s) + N(0, s)), s = placement.instance_tint; recorded in the notes). Off: no draw at all."""
        s = self.cfg.placement.instance_tint
        if s <= 0:
            return patch
        gains = np.exp(self.rng.normal(0.0, s, 3) + self.rng.normal(0.0, s))
        self.notes[f"tint {name}"] = ",".join(f"{g:.3f}" for g in gains)
        return Patch(cv2.transform(patch.rgb, np.diag(gains).astype(np.float32)), patch.alpha, patch.anchor, patch.mask)

    def variant_at(self, product: str, ref_px: float, size_px: float) -> tuple[Patch, int, int]:
        """A pile instance: a shared variant rescaled to `size_px`, sizes rounded to 12% steps so
        the rescaled copies (and their masks) are shared too."""
        patch, src, slot, made_at = self.variant(product, ref_px)
        step = round(math.log(size_px / made_at) / LOG_STEP)
        key = (product, slot, step)
        if key not in self._sized:
            self._sized[key] = scaled(patch, SIZE_STEP**step)
        return self._sized[key], src, slot

    # --- placing -------------------------------------------------------------
    def place(
        self,
        patch: Patch,
        xy,
        product: str,
        src: int,
        role: str,
        size_px: float,
        angle: float = 0.0,
        flip: bool = False,
        variant: int = -1,
        poisson: bool = False,
    ) -> Instance:
        inst = Instance(product, src, role, float(xy[0]), float(xy[1]), float(size_px), angle, flip, variant)
        self.canvas.paste(patch, (float(xy[0]), float(xy[1])), inst, poisson=poisson and self.look.blend == "poisson")
        if product == self.hero:
            self.hero_ids.append(len(self.canvas.instances) - 1)
        return inst

    def stand(self, product: str, base_xy, size_px: float, role: str, poisson: bool = False) -> Instance:
        """An upright object standing with its bottom centre on `base_xy`, with a contact shadow."""
        rot = self.cfg.placement.rotation_deg * 0.25
        angle, flip = float(self.rng.uniform(-rot, rot)), self.loose(product) and bool(self.rng.random() < 0.5)
        patch, src = self.object_patch(product, size_px, angle, flip, None, anchor="base")
        if self.look.shadows:
            width = float((patch.alpha.max(axis=0) > 0).sum())
            self.canvas.cover(contact_shadow(width, self.look.shadow_opacity), base_xy, hides=False)
        return self.place(patch, base_xy, product, src, role, size_px, angle, flip, poisson=poisson)


def scaled(patch: Patch, factor: float) -> Patch:
    """The patch resized by `factor` (kept as is within 2%)."""
    if abs(factor - 1) < 0.02:
        return patch
    h, w = patch.alpha.shape
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    # one resize of the interleaved RGBA: the same bytes as resizing colour and alpha apart, faster
    rgba = cv2.resize(patch.rgba(), size, interpolation=cv2.INTER_LINEAR)
    return Patch.from_rgba(rgba, (patch.anchor[0] * factor, patch.anchor[1] * factor))


def _shade_bottom(patch: Patch) -> Patch:
    """Darken the lower part of a pile instance: light comes from above and the pile shades itself."""
    h = patch.rgb.shape[0]
    if h not in _RAMPS:  # a gain per row
        _RAMPS[h] = np.linspace(1.04, 0.72, h, dtype=np.float32)
    return Patch(scale_rows(np.ascontiguousarray(patch.rgb), _RAMPS[h]), patch.alpha, patch.anchor, patch.mask)
