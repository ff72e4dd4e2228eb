"""Home furniture: chairs and lamps from rounded boxes, lathed legs and swept tubes."""

from __future__ import annotations

import numpy as np

from wildcat.synth.procedural import boxes, textures
from wildcat.synth.procedural.assembly import Material, Piece, Product3D
from wildcat.synth.procedural.colors import NEUTRALS, VIVID, pick, shade
from wildcat.synth.procedural.geometry import Surface, lathe, transformed, tube
from wildcat.synth.procedural.profiles import creased, smooth_profile

WOODS = {
    "oak": (190, 140, 85),
    "walnut": (105, 68, 40),
    "ash": (215, 190, 150),
    "black-stained": (45, 40, 38),
    "white-painted": (236, 234, 228),
}
CHAIR_BACKS = ("panel", "slats", "rails", "upholstered")
LAMP_KINDS = ("table lamp", "floor lamp", "desk lamp")


def _translate(surface: Surface, x: float, y: float, z: float, tilt_x_deg: float = 0.0) -> Surface:
    """The surface tilted about x (degrees, top goes back for positive) then moved."""
    a = np.radians(tilt_x_deg)
    m = np.eye(4)
    m[1:3, 1:3] = [[np.cos(a), np.sin(a)], [-np.sin(a), np.cos(a)]]
    m[:3, 3] = (x, y, z)
    return transformed(surface, m)


def _block(half: tuple[float, float, float], radius: float, cells: int = 6) -> Surface:
    return boxes.rounded_box(half, radius, cells=cells, round_cells=3)


def _same_on_all_faces(texture: np.ndarray) -> np.ndarray:
    return boxes.atlas({f: texture for f in boxes.FACES}, cell=texture.shape[0])


def chair(rng: np.random.Generator) -> Product3D:
    back_kind = str(rng.choice(CHAIR_BACKS))
    wood_name = str(rng.choice(list(WOODS)))
    ((cloth_name, cloth_rgb),) = pick(rng, VIVID + NEUTRALS)
    w, d, seat_h = rng.uniform(0.42, 0.5), rng.uniform(0.4, 0.48), rng.uniform(0.43, 0.47)
    back_h = rng.uniform(0.78, 0.95)
    cushion = back_kind == "upholstered" or rng.random() < 0.5
    seat_t = rng.uniform(0.05, 0.08) if cushion else rng.uniform(0.025, 0.035)
    wood = Material(
        "wood",
        _same_on_all_faces(textures.wood(rng, (128, 128), WOODS[wood_name], 0.3 if "painted" in wood_name else 0.6)),
        roughness=0.55,
    )
    cloth = Material("fabric", _same_on_all_faces(textures.fabric(rng, (128, 128), cloth_rgb)), roughness=0.9)
    seat = Piece(
        _translate(
            _block((w / 2, seat_t / 2, d / 2), 0.4 * seat_t if cushion else 0.006, 8), 0, seat_h - seat_t / 2, 0
        ),
        cloth if cushion else wood,
    )
    pieces = [seat]
    leg_r = rng.uniform(0.014, 0.022)
    taper = rng.uniform(0.55, 0.9)
    leg_h = seat_h - seat_t
    lr, ly = creased([(0, 0), (leg_r * taper, 0), (leg_r, leg_h), (0, leg_h)])
    inset_x, inset_z = w / 2 - leg_r * 1.3, d / 2 - leg_r * 1.3
    for sx in (-1, 1):
        for sz in (-1, 1):
            pieces.append(Piece(_translate(lathe(lr, ly, 16), sx * inset_x, 0, sz * inset_z), wood))
    # rear posts rise from the seat to the top of the back, leaning back a little
    lean = rng.uniform(4, 12)
    post_h = back_h - seat_h
    pr, py = creased([(0, 0), (leg_r * 0.9, 0), (leg_r * 0.8, post_h), (0, post_h)])
    if back_kind != "upholstered":
        for sx in (-1, 1):
            pieces.append(Piece(_translate(lathe(pr, py, 16), sx * inset_x, seat_h - 0.01, -inset_z, lean), wood))
    pieces += _chair_back(back_kind, w, inset_x, inset_z, seat_h, post_h, lean, leg_r, rng, wood, cloth)
    seat_word = f"{cloth_name} cushioned" if cushion else wood_name
    return Product3D(
        pieces,
        f"{wood_name} {back_kind}-back chair, {seat_word} seat",
        {"back": back_kind, "wood": wood_name, "fabric": cloth_name, "cushion": bool(cushion)},
    )


def _chair_back(kind, w, inset_x, inset_z, seat_h, post_h, lean, leg_r, rng, wood, cloth) -> list[Piece]:
    """The back between the rear posts (or, upholstered, one padded block)."""
    tan = np.tan(np.radians(lean))
    at = lambda frac: (seat_h + frac * post_h, -inset_z - frac * post_h * tan)  # noqa: E731 - point on the posts' plane
    span = inset_x - leg_r
    if kind == "upholstered":
        y, z = at(0.5)
        return [Piece(_translate(_block((w / 2, post_h / 2, 0.04), 0.03, 8), 0, y, z - 0.01, lean), cloth)]
    if kind == "panel":
        y, z = at(0.8)
        return [
            Piece(
                _translate(_block((span, post_h * 0.16, 0.012), 0.008, 6), 0, y, z, lean),
                cloth if rng.random() < 0.5 else wood,
            )
        ]
    if kind == "rails":
        n = int(rng.integers(2, 4))
        return [
            Piece(_translate(_block((span, 0.025, 0.01), 0.006, 4), 0, *at(f), lean), wood)
            for f in np.linspace(0.45, 0.92, n)
        ]
    n = int(rng.integers(3, 6))  # slats between a top rail and the seat
    y_top, z_top = at(0.92)
    pieces = [Piece(_translate(_block((span, 0.03, 0.012), 0.006, 4), 0, y_top, z_top, lean), wood)]
    y_mid, z_mid = at(0.47)
    for x in np.linspace(-span * 0.7, span * 0.7, n):
        pieces.append(Piece(_translate(_block((0.012, post_h * 0.42, 0.008), 0.004, 3), x, y_mid, z_mid, lean), wood))
    return pieces


def lamp(rng: np.random.Generator) -> Product3D:
    kind = str(rng.choice(LAMP_KINDS))
    ((shade_name, shade_rgb),) = (
        pick(rng, ("white", "cream", "beige") + VIVID) if rng.random() < 0.7 else pick(rng, VIVID)
    )
    ((base_name, base_rgb),) = pick(rng, VIVID + NEUTRALS)
    base_metal = rng.random() < 0.5
    base_tex = (
        textures.metal(rng, (64, 256), base_rgb)
        if base_metal
        else textures.glaze(rng, (128, 256), base_rgb, shade(base_rgb, 0.8))
    )
    base = Material("base", base_tex, roughness=0.3, metallic=0.8 if base_metal else 0.0)
    shade_tex = (
        textures.paper(rng, (128, 256), shade_rgb)
        if rng.random() < 0.5
        else textures.fabric(rng, (128, 256), shade_rgb, 3.0)
    )
    if rng.random() < 0.4:  # trim bands at the shade's edges
        band = max(2, shade_tex.shape[0] // 16)
        shade_tex[:band], shade_tex[-band:] = shade(shade_rgb, 0.5), shade(shade_rgb, 0.5)
    lampshade = Material("shade", shade_tex, roughness=0.9)
    if kind == "desk lamp":
        pieces = _desk_lamp(rng, base, lampshade)
    else:
        pieces = _standing_lamp(rng, kind, base, lampshade)
    return Product3D(
        pieces,
        f"{shade_name} {kind}, {base_name} {'metal' if base_metal else 'ceramic'} base",
        {"kind": kind, "shade": shade_name, "base": base_name, "metal": bool(base_metal)},
    )


def _shade_shell(r_bottom: float, r_top: float, height: float, wall: float = 0.004) -> Surface:
    """An open lampshade: a truncated cone with a thin wall (a closed loop of a profile)."""
    pts = [(r_bottom, 0), (r_top, height), (r_top - wall, height), (r_bottom - wall, 0), (r_bottom, 0)]
    return lathe(*creased(pts), 48)


def _standing_lamp(rng: np.random.Generator, kind: str, base: Material, lampshade: Material) -> list[Piece]:
    floor = kind == "floor lamp"
    height = rng.uniform(1.3, 1.6) if floor else rng.uniform(0.4, 0.6)
    if floor:
        br, bh = rng.uniform(0.13, 0.17), 0.025
        body = [(0, 0), (br, 0), (br, bh), (0.012, bh + 0.005), (0.011, height * 0.8), (0, height * 0.8)]
    else:
        br, bh = rng.uniform(0.06, 0.1), height * rng.uniform(0.35, 0.5)
        bulge = rng.uniform(0.9, 1.3)
        body = [
            (0, 0),
            (br * 0.7, 0),
            (br * bulge, bh * 0.45),
            (br * 0.4, bh * 0.9),
            (0.012, bh),
            (0.01, height * 0.8),
            (0, height * 0.8),
        ]
    r, y = smooth_profile(body, 40, smooth=1.0)
    shade_h = rng.uniform(0.18, 0.3) * (1.3 if floor else 1.0) if floor else height * rng.uniform(0.35, 0.45)
    rb = rng.uniform(0.13, 0.2) if floor else shade_h * rng.uniform(0.7, 1.0)
    rt = rb * rng.uniform(0.55, 1.0)
    shell = _translate(_shade_shell(rb, rt, shade_h), 0, height - shade_h * 0.9, 0)
    return [Piece(lathe(r, y, 48), base), Piece(shell, lampshade)]


def _desk_lamp(rng: np.random.Generator, base: Material, lampshade: Material) -> list[Piece]:
    br = rng.uniform(0.07, 0.09)
    r, y = smooth_profile([(0, 0), (br, 0), (br, 0.02), (0.02, 0.03), (0, 0.03)], 12, smooth=0.5)
    elbow = np.array([rng.uniform(-0.06, 0.0), rng.uniform(0.3, 0.4), 0.0])
    head = elbow + np.array([rng.uniform(0.18, 0.25), rng.uniform(0.0, 0.08), 0.0])
    path = np.concatenate([np.linspace([0, 0.02, 0], elbow, 10), np.linspace(elbow, head, 10)[1:]])
    arm = tube(path, 0.008, sides=10)
    dome_r = rng.uniform(0.06, 0.08)
    bell = [(1.0, 0.0), (0.75, 0.35), (0.45, 0.75), (0.2, 0.95), (0.0, 1.0)]
    outer = np.asarray(bell) * [dome_r, dome_r]
    inner = (outer * 0.94)[::-1]
    pr, py = np.concatenate([outer, inner, outer[:1]]).T
    dome = lathe(pr, py - dome_r, 48)
    tilt = np.radians(rng.uniform(20, 40))  # the head looks down and forward (+x)
    m = np.eye(4)
    m[:2, :2] = [[np.cos(tilt), -np.sin(tilt)], [np.sin(tilt), np.cos(tilt)]]
    m[:3, 3] = head + np.array([0.0, -0.01, 0.0])
    return [Piece(lathe(r, y, 48), base), Piece(arm, base), Piece(transformed(dome, m), lampshade)]
