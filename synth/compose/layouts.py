"""The five ways a product is shown, each a function of the Composer:

- hero:  one product standing on a surface at the background's scale, other products around;
- pile:  a bin or heap filled with the product (produce), maybe beside another product's pile;
- shelf: rows of facings on shelf edges, the product among other products (packages);
- hand:  the product held up to the camera in front of a defocused store scene;
- bag:   a few pieces of produce in a thin plastic bag.

Each returns the layout actually used (a shelf layout without shelves becomes a hero).
"""

from __future__ import annotations

import cv2
import numpy as np

from wildcat.synth.backgrounds.entry import BackgroundEntry
from wildcat.synth.backgrounds.geometry import AREA, LINE, STANDING
from wildcat.synth.compose import fills, smooth
from wildcat.synth.compose.composer import Composer
from wildcat.synth.compose.framing import clamp, window_around
from wildcat.synth.compose.hands import FINGER_M, hand_layers, sample_pose
from wildcat.synth.compose.occluders import bag as bag_sprite
from wildcat.synth.compose.occluders import bar
from wildcat.synth.compose.paste import top_left_for
from wildcat.synth.compose.patch import alpha_box
from wildcat.synth.compose.warp import rotate_into

#: Surfaces a small product (fruit, a carton) is put on rather than the floor.
RAISED = ("table", "bin", "shelf")
#: Largest size (metres) of a product that counts as small.
SMALL_M = 0.3

#: Backgrounds each layout prefers (any background is used when none matches, or by chance for variety).
PREFERS = {
    "hero": lambda e: True,
    "hero_small": lambda e: bool(e.region_kinds & set(RAISED)) or e.geometry is None,
    "pile": lambda e: e.kind == "store" and e.view == "bins",
    "shelf": lambda e: "shelf" in e.region_kinds,
    "hand": lambda e: e.kind == "store",
    "bag": lambda e: e.kind == "store",
}


def prefers(layout: str, entry: BackgroundEntry, small: bool = False) -> bool:
    return PREFERS["hero_small" if layout == "hero" and small else layout](entry)


def hero(c: Composer) -> str:
    cfg = c.cfg.placement
    size_m = c.size_m(c.hero)
    tight = c.rng.random() < cfg.tight_prob
    frac = float(c.rng.uniform(*(cfg.tight_fraction if tight else cfg.loose_fraction)))
    region, p = _standing_point(c, size_m, frac, RAISED if c.job.profile(c.hero).size_m[1] < SMALL_M else STANDING)
    ppm = region.ppm_at(*p)
    obj_bank = size_m * ppm if ppm else frac * min(c.image_wh)
    rel = (float(c.rng.uniform(0.3, 0.7)), float(c.rng.uniform(0.6, 0.92)))
    c.set_view(window_around(p, obj_bank, frac * c.out, c.out, c.image_wh, cfg.zoom_max, rel))
    base = c.to_out(p)
    size = obj_bank * c.zoom
    if size < cfg.min_hero_fraction * c.out:  # the background could not frame it closer: close-up wins over scale
        size = cfg.min_hero_fraction * c.out * float(c.rng.uniform(1.0, 1.3))
        c.notes["scale"] = "frame"
    if c.rng.random() < cfg.truncation_prob:  # slide along the surface until part of it leaves the frame
        side = 1 if c.rng.random() < 0.5 else -1
        shift = (0.5 - c.rng.uniform(0, cfg.truncation_max)) * size * 0.7
        base = np.array([c.out / 2 + side * (c.out / 2 - shift), base[1]])
    jobs = [(float(base[1]), lambda: c.stand(c.hero, base, size, "hero", poisson=True))]
    for _ in range(int(c.rng.integers(cfg.distractors[0], cfg.distractors[1] + 1))):
        other = c.distractor(c.hero)
        found = _point_in_view(c)
        if found is None:
            continue
        r, q = found
        ppm_o = r.ppm_at(*c.to_bank(q))
        s = c.size_m(other) * ppm_o * c.zoom if ppm_o else size * c.rng.uniform(0.6, 1.1)
        jobs.append((float(q[1]), lambda other=other, q=q, s=s: c.stand(other, q, s, "distractor")))
    for _, paste in sorted(jobs, key=lambda j: j[0]):  # far (higher in the image) first
        paste()
    return "hero"


def _standing_point(c: Composer, size_m: float, frac: float, kinds: tuple[str, ...]):
    """A support point (of `kinds` where the background has them) where the product can be framed at
    `frac` of the frame, trying a few and keeping the best."""
    geo = c.bg.geometry
    candidates = (
        [r for r in geo.regions if r.kind in kinds] or [r for r in geo.regions if r.kind in STANDING] or geo.regions
    )
    best, best_gap = None, np.inf
    for _ in range(8):
        r = candidates[int(c.rng.integers(len(candidates)))]
        p = geo.sample_point(r, c.rng)
        if p is None:
            continue
        ppm = r.ppm_at(*p)
        if not ppm:
            return r, p
        need = frac * c.out / (size_m * ppm)  # magnification needed
        lo, hi = c.out / min(c.image_wh), c.out * c.cfg.placement.zoom_max / min(c.image_wh)
        gap = 0.0 if lo <= need <= hi else abs(np.log(need / clamp(need, lo, hi)))
        if gap < best_gap:
            best, best_gap = (r, p), gap
        if gap == 0.0:
            break
    if best is None:
        r = geo.regions[0]
        return r, np.array([c.image_wh[0] / 2, c.image_wh[1] * 0.8])
    return best


def _point_in_view(c: Composer):
    """A support point inside the current view, in output pixels."""
    geo = c.bg.geometry
    regions = [r for r in geo.regions if r.kind in STANDING]
    if not regions:
        return None
    r = regions[int(c.rng.integers(len(regions)))]
    p = geo.sample_point(r, c.rng, c.window)
    return None if p is None else (r, c.to_out(p))


def pile(c: Composer, backdrop: bool = False, product: str | None = None) -> str:
    """A heap of the product: filling the whole frame (a close-up into the pile) or its bin, with other bins around."""
    cfg = c.cfg.placement
    product = product or c.hero
    region = c.pick_area(("bin", "table", "floor", "pavement", "frame"))
    size_m = c.size_m(product)
    across = pile_across(cfg, size_m, c.rng)
    p = c.bg.geometry.sample_point(region, c.rng)
    ppm = region.ppm_at(*p) if p is not None and region.ppm else None
    if ppm:
        rel = (float(c.rng.uniform(0.35, 0.65)), float(c.rng.uniform(0.35, 0.65)))
        c.set_view(window_around(p, size_m * ppm, c.out / across, c.out, c.image_wh, cfg.zoom_max, rel))
    else:
        c.set_view()
    fallback = c.out / across
    role = "backdrop" if backdrop else "pile"
    gain = float(c.rng.uniform(0.35, 0.65))
    if region.kind != "frame" and c.rng.random() >= cfg.pile_fill_frame_prob:
        fills.darken_area(c, region, gain)
        for other_bin in _other_bins(c, region):
            if c.rng.random() < cfg.other_bins_prob:
                other = c.distractor(product, same=True)
                fills.darken_area(c, other_bin, gain)
                fills.fill_area(c, other, other_bin, c.size_m(other), "neighbour", fallback, share=0.5)
        if fills.fill_area(c, product, region, size_m, role, fallback):
            return "pile"
    # close-up: the heap's own shadows everywhere (image * gain, truncated, as one table)
    c.canvas.image[:] = cv2.LUT(c.canvas.image, (np.arange(256) * gain).astype(np.uint8))
    keep, divider = _split(c, product, region, fallback) if c.rng.random() < cfg.neighbour_prob else (None, None)
    fills.fill_area(c, product, region, size_m, role, fallback, keep, whole=True)
    if divider is not None:
        c.canvas.cover(*divider)
        c.occluders.append({"type": "divider"})
    return "pile"


def pile_across(cfg, size_m: float, rng: np.random.Generator) -> float:
    """Instances across the frame of a pile: drawn from `pile_across`, or, with `pile_frame_m`, the
    framed display width over the product's real size (clamped to `pile_across`), so the number of
    instances in view tells small produce from big."""
    if cfg.pile_frame_m is None:
        return float(rng.uniform(*cfg.pile_across))
    return float(clamp(rng.uniform(*cfg.pile_frame_m) / size_m, *cfg.pile_across))


def _other_bins(c: Composer, region) -> list:
    """Bins other than `region` that show in at least 15% of the view."""
    probe = c.to_bank(_probe(c.out))
    return [r for r in c.regions(AREA, ("bin",)) if r.label != region.label and fills.inside(c, r, probe).mean() > 0.15]


def _split(c: Composer, product: str, region, fallback: float):
    """Another product's heap across a crate divider; returns the test for the hero's side and the divider."""
    other = c.distractor(product, same=True)
    angle = float(c.rng.uniform(-25, 25) + (90 if c.rng.random() < 0.5 else 0))
    normal = np.array([np.cos(np.radians(angle)), np.sin(np.radians(angle))])
    cut = float(c.rng.uniform(0.2, 0.45)) * c.out
    centre = np.array([c.out / 2, c.out / 2])
    offset = lambda pts: (pts - centre) @ normal + c.out / 2  # noqa: E731
    fills.fill_area(
        c,
        other,
        region,
        c.size_m(other),
        "neighbour",
        fallback,
        keep=lambda pts: offset(pts) < cut,
        whole=True,
        share=0.5,
    )
    thickness = max(3, int(c.out * c.rng.uniform(0.03, 0.08)))
    divider = rotate_into(
        bar(int(1.5 * c.out), thickness, c.rng), -(angle + 90), tuple(centre + normal * (cut - c.out / 2)), c.out
    )
    return (lambda pts: offset(pts) >= cut), (divider, (0, 0))


def _probe(out: int) -> np.ndarray:
    g = (np.arange(8) + 0.5) * out / 8
    return np.stack(np.meshgrid(g, g), -1).reshape(-1, 2)


def shelf(c: Composer, backdrop: bool = False) -> str:
    cfg = c.cfg.placement
    lines = c.regions(LINE, ("shelf",))
    if not lines:
        return hero(c) if not backdrop else "none"
    size_m = c.size_m(c.hero)
    frac = float(c.rng.uniform(0.25, 0.6))
    line, p = _standing_point(c, size_m, frac, ("shelf",))
    rel = (float(c.rng.uniform(0.3, 0.7)), float(c.rng.uniform(0.55, 0.85)))
    c.set_view(window_around(p, size_m * line.ppm_at(*p), frac * c.out, c.out, c.image_wh, cfg.zoom_max, rel))
    role_of = lambda prod: "facing" if prod == c.hero else "distractor"  # noqa: E731
    others = lambda n: [(c.distractor(c.hero, same=True), int(c.rng.integers(1, 4))) for _ in range(n)]  # noqa: E731
    for r in sorted(lines, key=lambda r: r.ppm_at(*r.points.mean(axis=0))):  # far shelves first
        if r is not line and c.rng.random() > 0.7:
            continue
        at = float(c.rng.uniform(0.1, 0.6))
        if r is line and not backdrop:  # the hero's run, then neighbours to its right and to its left
            facings = int(c.rng.integers(cfg.facings[0], cfg.facings[1] + 1))
            fills.shelf_row(c, r, [(c.hero, facings)] + others(6), role_of, start=at)
            fills.shelf_row(c, r, others(6), role_of, start=at, step=-1)
        else:
            fills.shelf_row(c, r, others(8), role_of, start=-0.05)
        if c.rng.random() < 0.5:
            ppm = r.ppm_at(*r.points.mean(axis=0))
            fills.shelf_lip(c, r, 0.04 * ppm * c.zoom if ppm else 6)
    return "shelf"


def _backdrop(c: Composer) -> None:
    """The scene behind a held product: a pile (bins) or stocked shelves, out of focus."""
    view = c.bg.entry.view
    if view == "bins":
        pile(c, backdrop=True, product=c.hero if c.rng.random() < 0.6 else c.distractor(c.hero))
    elif c.regions(LINE, ("shelf",)) and c.rng.random() < 0.8:
        shelf(c, backdrop=True)
    else:
        c.set_view()
    sigma = float(c.rng.uniform(*c.cfg.placement.backdrop_blur)) * c.out / 256
    if sigma > 0.3:
        c.canvas.image[:] = smooth.gaussian(c.canvas.image, sigma)
    c.refresh_reference()


def hand(c: Composer) -> str:
    cfg = c.cfg.placement
    _backdrop(c)
    size_m = c.size_m(c.hero)
    frac = float(clamp(size_m / c.rng.uniform(*cfg.hand_frame_m), *cfg.hand_fraction))
    size = frac * c.out
    xy = (float(c.rng.uniform(0.35, 0.65)) * c.out, float(c.rng.uniform(0.3, 0.55)) * c.out)
    angle = float(c.rng.uniform(-2, 2) * cfg.rotation_deg)
    persp = c.rng.uniform(-cfg.perspective, cfg.perspective, (4, 2))
    flip = c.loose(c.hero) and bool(c.rng.random() < 0.5)
    patch, src = c.object_patch(c.hero, size, angle, flip, persp)
    box = alpha_box(patch.alpha)
    x0, y0 = top_left_for(patch, xy)
    box = (
        (x0 + box[0], y0 + box[1], x0 + box[0] + box[2], y0 + box[1] + box[3])
        if box
        else (xy[0], xy[1], xy[0] + 1, xy[1] + 1)
    )
    occ = c.cfg.occlusion
    side = ["bottom", "left", "right"][int(c.rng.choice(3, p=[0.6, 0.2, 0.2] if c.loose(c.hero) else [0.2, 0.4, 0.4]))]
    loose = c.loose(c.hero)  # fruit rests on the fingers; cartons are gripped across the front
    cover = (occ.hand_cover[0] * 0.6, occ.hand_cover[1] * 0.6) if loose else occ.hand_cover
    pose = sample_pose(c.rng, side, cover, occ.skin_tones, fingers_front=0.3 if loose else 0.65)
    finger = FINGER_M * size / size_m
    back, front = hand_layers(c.out, box, finger, pose, c.rng)
    c.canvas.cover(back, (0, 0))
    c.place(patch, xy, c.hero, src, "held", size, angle, flip, poisson=True)
    c.canvas.cover(front, (0, 0))
    c.occluders.append(
        {
            "type": "hand",
            "side": side,
            "cover": round(pose.cover, 3),
            "fingers_front": pose.fingers_front,
            "skin": list(pose.skin),
        }
    )
    return "hand"


def bag(c: Composer) -> str:
    _backdrop(c)
    n = int(c.rng.integers(3, 9))
    size = float(c.rng.uniform(0.18, 0.32)) * c.out
    centre = np.array([c.rng.uniform(0.4, 0.6), c.rng.uniform(0.4, 0.6)]) * c.out
    pts = centre + c.rng.normal(0, 0.45 * size, (n, 2))
    for q in pts[np.argsort(pts[:, 1])]:
        s = size * float(c.rng.uniform(0.88, 1.12))
        patch, src, slot = c.variant_at(c.hero, size, s)
        c.place(patch, q, c.hero, src, "bagged", s, variant=slot)
    lo, hi = pts.min(axis=0) - size * 0.75, pts.max(axis=0) + size * 0.75
    sprite = bag_sprite(int(hi[0] - lo[0]), int(hi[1] - lo[1]), c.rng)
    c.canvas.cover(sprite, (float(lo[0]), float(lo[1])))
    c.occluders.append({"type": "bag"})
    return "bag"


LAYOUT_FUNCS = {"hero": hero, "pile": pile, "shelf": shelf, "hand": hand, "bag": bag}
