"""What one procedural garment looks like: every choice the drawing makes,
sampled once from an rng (profiles.py) and then drawn deterministically."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class GarmentSpec:
    """Normalised units: the canvas is 1 x 1, x to the right, y down; tops hang
    from shoulders near y = 0.1, bottoms from a waist near y = 0.1."""

    shape: str  # built-in shape drawn (kurti, tunic, saree, ...)
    body: RGB  # main fabric colour
    body_name: str  # its name, for product titles
    accent: RGB  # collar, placket, waistband, blouse, trims
    border_color: RGB  # contrast border (sarees, dhotis, lehengas); unused when border == 0
    print_color: RGB  # colour of the print motif
    print_kind: str  # solid, block, paisley, checks, stripes, floral, dots, embroidery, batik
    print_scale: float = 0.08  # motif repeat (normalised units)
    print_phase: tuple[float, float] = (0.0, 0.0)  # offset of the repeat (fraction of a repeat)
    length: float = 0.5  # hem height (normalised y)
    width: float = 0.16  # half width at chest or waist (normalised)
    flare: float = 1.1  # hem half width / chest or waist half width
    sleeve: str = "none"  # none, short, three_quarter, long
    neckline: str = "round"  # round, v, boat, mandarin, keyhole, round_placket, lapel
    slit: float = 0.0  # side-slit height from the hem (normalised); 0 = none
    border: float = 0.0  # contrast border width (normalised); 0 = none
    sheer: float = 0.0  # 0 opaque .. 1 see-through (mixed toward what is behind)
    variant: int = 0  # small shape variant (number of bangles, tiers, ...)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def title(self) -> str:
        print_word = {
            "solid": "",
            "block": "block-print",
            "checks": "checked",
            "stripes": "striped",
            "floral": "floral",
            "dots": "buti",
            "paisley": "paisley",
            "embroidery": "embroidered",
            "batik": "batik",
        }.get(self.print_kind, self.print_kind)
        return " ".join(w for w in (self.body_name, print_word, self.shape.replace("_", " ")) if w).capitalize()
