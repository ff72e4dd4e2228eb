"""Ellipsoid proxy (fruit, vegetables): a rounded blob whose outline is the cutout's outline.

Around the object's centroid, the outline is a radius per angle R(phi); the
surface is x,y = centre + sin(beta) R(phi) (cos phi, sin phi), z = D cos(beta)
for beta from the front pole (0) to the back pole (pi). A round cutout with D
equal to its radius gives a sphere. The cutout is projected onto the front
and, mirrored, onto the back: produce looks much the same all round. Near
the outline an exact projection stretches a few texels over much surface, so
the texture is partly spread evenly along the surface instead (`wrap`).
"""

from __future__ import annotations

import numpy as np

from wildcat.synth.render.proxies.parts import RIM_TEXTURE, Part, assemble, place, wrapped
from wildcat.synth.render.proxies.silhouette import Silhouette, radial_extent
from wildcat.synth.render.proxies.texture import Atlas


def build_ellipsoid(sil: Silhouette, rows: int, segments: int, depth_ratio: float, wrap: float):
    """Mesh of a blob proxy; `depth_ratio` = depth semi-axis / smaller semi-axis of the cutout's box; `wrap` see
    `wrapped`."""
    h, w = sil.size
    mask = sil.mask
    yy, xx = np.nonzero(mask)
    cx, cy = xx.mean() + 0.5, yy.mean() + 0.5
    phi = np.linspace(0.0, 2 * np.pi, segments + 1)
    radius = radial_extent(mask, (cx, cy), phi[:-1])
    radius = np.append(radius, radius[0])
    beta = np.linspace(0.0, np.pi, 2 * rows + 1)[:, None]
    x = cx + np.sin(beta) * radius * np.cos(phi)
    y = cy + np.sin(beta) * radius * np.sin(phi)
    z = depth_ratio * min(h, w) / 2 * np.cos(beta) * np.ones_like(phi)
    atlas = Atlas(sil.rgb, w, h)  # no back strip: the back shows the cutout too
    rho = wrapped(np.minimum(beta, np.pi - beta), wrap) * RIM_TEXTURE  # radial texture position, 0..1 of R
    uv = atlas.front_uv((cx + rho * radius * np.cos(phi)).ravel(), (cy + rho * radius * np.sin(phi)).ravel())
    part = Part(place(x, y, z, sil.size), uv, len(beta), len(phi), 0)
    centre = place(np.array([cx]), np.array([cy]), np.array([0.0]), sil.size)[0]
    return assemble([part], centre=centre, texture=atlas.image)
