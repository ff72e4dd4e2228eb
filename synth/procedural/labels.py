"""Packaging artwork: wrap-around labels (cans, bottles, mugs) and carton panels.

A wrap label's front is its horizontal centre (u = 0.5 faces +Z on a lathed
shape); fine print and the barcode sit at the back, where the label's two
ends meet.
"""

from __future__ import annotations

import numpy as np

from wildcat.synth.procedural import prints
from wildcat.synth.procedural.colors import NEUTRALS, VIVID, pick, shade
from wildcat.synth.procedural.noise import spectral_noise, to_uint8, unit

LABEL_STYLES = ("bands", "wave", "diagonal", "dots", "split", "chevron")


def sample_palette(rng: np.random.Generator) -> dict[str, tuple[str, tuple[int, int, int]]]:
    """Background, accent and ink colours (name, rgb) for one product's artwork."""
    (bg,), (accent,) = pick(rng, VIVID + ("white", "cream", "black")), pick(rng, VIVID)
    light = sum(bg[1]) > 420
    ink = ("black", (25, 25, 28)) if light else ("white", (245, 245, 240))
    return {"background": bg, "accent": accent, "ink": ink}


def wrap_label(
    rng: np.random.Generator, size: tuple[int, int], palette: dict, brand: str, style: str, logo: str
) -> np.ndarray:
    """A (h, w) label: background pattern, logo and brand at the front, fine print and barcode at the back."""
    h, w = size
    bg, accent, ink = palette["background"][1], palette["accent"][1], palette["ink"][1]
    img = pattern(rng, (h, w), style, bg, accent)
    im, draw = prints.canvas(img)
    # the front panel gets a plate in the background colour so the brand reads on any pattern
    cx, panel_w = w / 2, w * 0.3
    draw.rounded_rectangle(
        (cx - panel_w / 2, h * 0.14, cx + panel_w / 2, h * 0.86), radius=int(h * 0.06), fill=tuple(bg)
    )
    prints.logo(draw, (cx, h * 0.34), min(h * 0.15, panel_w * 0.3), logo, accent, shade(accent, 0.6))
    prints.text_centered(draw, (cx, h * 0.6), brand, h * 0.16, ink, max_width=panel_w * 0.92)
    prints.text_centered(
        draw, (cx, h * 0.76), prints.tagline(rng), h * 0.07, shade(accent, 0.7), max_width=panel_w * 0.8
    )
    back = w * 0.02, h * 0.2, w * 0.17, h * 0.8
    draw.rectangle(back, fill=tuple(shade(bg, 1.5)))
    prints.fine_print(
        draw,
        (back[0] + 3, back[1] + 3, back[2] - 3, back[3] - 3),
        shade(ink, 0.5) if sum(ink) > 400 else ink,
        rng,
        line=max(3.0, h / 40),
    )
    prints.barcode(draw, (w * 0.84, h * 0.55, w * 0.96, h * 0.8), rng)
    return np.asarray(im)


def pattern(rng: np.random.Generator, size: tuple[int, int], style: str, bg, accent) -> np.ndarray:
    """A tileable-in-x background in two colours."""
    h, w = size
    yy, xx = np.mgrid[:h, :w].astype(np.float32)
    x, y = xx / w, yy / h
    n = int(rng.integers(2, 6))
    if style == "bands":
        t = (np.sin(2 * np.pi * (y * n + rng.random())) > rng.uniform(0.2, 0.7)).astype(np.float32)
    elif style == "wave":
        t = (y < 0.72 + 0.08 * np.sin(2 * np.pi * n * x + rng.random() * 6)).astype(np.float32)
    elif style == "diagonal":
        t = (np.sin(2 * np.pi * (x * 2 * n + y * h / w * 2 * n)) > 0.5).astype(np.float32)
    elif style == "dots":
        k = 3 * n + 6
        cell_x, cell_y = (x * k) % 1 - 0.5, (y * k * h / w * 1.0) % 1 - 0.5
        t = (cell_x**2 + cell_y**2 < 0.08).astype(np.float32)
    elif style == "split":
        t = (y > rng.uniform(0.55, 0.75)).astype(np.float32)
    else:  # chevron
        t = (((y * n * 2 + np.abs(((x * 4 * n) % 1) - 0.5)) % 1) < 0.3).astype(np.float32)
    img = (1 - t)[..., None] * np.asarray(bg, np.float32) + t[..., None] * np.asarray(accent, np.float32)
    # printing is never perfectly flat: a faint ink-density variation
    return to_uint8(img * (0.97 + 0.03 * unit(spectral_noise(rng, (h, w), beta=2.0, cutoff=30)))[..., None])


def carton_panels(
    rng: np.random.Generator, sizes: dict[str, tuple[float, float]], palette: dict, brand: str, style: str, logo: str
) -> dict[str, np.ndarray]:
    """Six printed panels for a carton, each proportioned like its face (sizes in metres, as `boxes.face_size`)."""
    bg, accent, ink = palette["background"][1], palette["accent"][1], palette["ink"][1]
    panels = {}
    for face, (fw, fh) in sizes.items():
        scale = 256 / max(fw, fh)
        h, w = max(16, int(fh * scale)), max(16, int(fw * scale))
        img = pattern(rng, (h, w), style, bg, accent) if face in ("front", "back") else np.full((h, w, 3), bg, np.uint8)
        im, draw = prints.canvas(img)
        if face == "front":
            draw.rectangle((w * 0.08, h * 0.1, w * 0.92, h * 0.42), fill=tuple(bg))
            prints.text_centered(draw, (w / 2, h * 0.2), brand, min(h * 0.12, w * 0.22), ink, max_width=w * 0.8)
            prints.text_centered(
                draw,
                (w / 2, h * 0.34),
                prints.tagline(rng),
                min(h * 0.06, w * 0.1),
                shade(accent, 0.7),
                max_width=w * 0.7,
            )
            prints.logo(draw, (w / 2, h * 0.64), min(w, h) * 0.2, logo, accent, shade(accent, 0.55))
        elif face in ("left", "right"):
            draw.rectangle((w * 0.1, h * 0.12, w * 0.9, h * 0.6), fill=(250, 250, 248), outline=tuple(ink))
            prints.fine_print(draw, (w * 0.14, h * 0.15, w * 0.86, h * 0.57), (40, 40, 40), rng, line=max(3.0, h / 45))
            prints.text_centered(draw, (w / 2, h * 0.75), brand, min(h * 0.06, w * 0.14), ink, max_width=w * 0.8)
        elif face == "back":
            draw.rectangle((w * 0.1, h * 0.15, w * 0.9, h * 0.65), fill=tuple(bg))
            prints.fine_print(draw, (w * 0.14, h * 0.18, w * 0.86, h * 0.62), ink, rng, line=max(3.0, h / 45))
            prints.barcode(draw, (w * 0.55, h * 0.72, w * 0.88, h * 0.9), rng)
        panels[face] = np.asarray(im)
    return panels


def neutral_or_vivid(rng: np.random.Generator, p_neutral: float) -> tuple[str, tuple[int, int, int]]:
    """One named colour, neutral with probability `p_neutral`."""
    return pick(rng, NEUTRALS if rng.random() < p_neutral else VIVID)[0]
