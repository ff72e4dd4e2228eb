"""A pinhole camera in pyrender's convention (y up, looking down -z) and the
projections the background geometry needs: points to pixels, pixel rays, and
the pixels-per-metre of a plane.

Pixel coordinates are continuous: pixel (row i, column j) covers
[j, j+1) x [i, i+1), so its centre is (j + 0.5, i + 0.5).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

UP = np.array([0.0, 1.0, 0.0])


def orbit_eye(target, distance: float, pitch_deg: float, yaw_deg: float) -> np.ndarray:
    """The eye `distance` metres from `target`, looking down by `pitch_deg`, turned by `yaw_deg` about y (0 = from
    +z)."""
    p, y = np.radians(pitch_deg), np.radians(yaw_deg)
    offset = np.array([np.sin(y) * np.cos(p), np.sin(p), np.cos(y) * np.cos(p)])
    return np.asarray(target, float) + distance * offset


@dataclass
class Camera:
    yfov: float  # vertical field of view (radians)
    width: int  # image width (pixels)
    height: int  # image height (pixels)
    pose: np.ndarray  # world-from-camera 4x4

    @property
    def focal(self) -> float:
        """Focal length in pixels (square pixels)."""
        return self.height / 2 / np.tan(self.yfov / 2)

    @property
    def centre(self) -> tuple[float, float]:
        return self.width / 2, self.height / 2

    def to_camera(self, points: np.ndarray) -> np.ndarray:
        rot, eye = self.pose[:3, :3], self.pose[:3, 3]
        return (np.asarray(points, float) - eye) @ rot

    def project(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pixels (N, 2) and depths (N,) of world points; depth <= 0 means behind the camera."""
        pc = self.to_camera(np.atleast_2d(points))
        depth = -pc[:, 2]
        safe = np.where(np.abs(depth) < 1e-9, 1e-9, depth)
        cx, cy = self.centre
        uv = np.stack([cx + self.focal * pc[:, 0] / safe, cy - self.focal * pc[:, 1] / safe], axis=1)
        return uv, depth

    def pixel_rays(self) -> np.ndarray:
        """World directions (H, W, 3) through pixel centres, scaled so that o + t*d lies at depth t."""
        cx, cy = self.centre
        jj, ii = np.meshgrid(np.arange(self.width) + 0.5, np.arange(self.height) + 0.5)
        d_cam = np.stack([(jj - cx) / self.focal, -(ii - cy) / self.focal, -np.ones_like(jj)], axis=-1)
        return d_cam @ self.pose[:3, :3].T

    def plane_ppm(self, point, normal) -> tuple[float, float, float]:
        """(a, b, c) with pixels-per-metre = a*x + b*y + c at image point (x, y) on the plane.

        On a plane, 1/depth is linear in image coordinates, so this is exact:
        an object standing there at depth t is focal/t pixels per metre tall.
        """
        rot = self.pose[:3, :3]
        n_c = rot.T @ np.asarray(normal, float)
        k_c = float(n_c @ self.to_camera(np.asarray(point, float)[None])[0])
        if abs(k_c) < 1e-9:
            raise ValueError("the camera lies on the plane")
        cx, cy = self.centre
        a, b = n_c[0] / k_c, -n_c[1] / k_c
        c = (-n_c[0] * cx + n_c[1] * cy - n_c[2] * self.focal) / k_c
        return float(a), float(b), float(c)
