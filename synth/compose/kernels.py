"""Compiled (numba) inner loops of the compositor: pasting a patch into the
frame and its instance-id map in one pass, every instance's visible pixel
count and box from the id map in one pass, per-channel lookup tables and
per-row gains.

They compute exactly what the OpenCV/numpy steps they replace computed (same
bytes): `MUL` is `cv2.multiply(a, b, scale=1/255)` on 8-bit values, which is
round(a * b / 255) (never a tie), so a paste is
frame = min(MUL[frame, 255 - a] + MUL[colour, a], 255), the saturating add of
`paste.over`. The gain is fewer passes over memory and no Python per call
beyond the dispatch: a close-up pile pastes dozens of instances. Compiled on
first use and cached beside this file (`cache=True`), so later processes load
them in a fraction of a second; integer maths (and one float32 multiply in
`scale_rows`) give the same bytes on every machine.
"""

from __future__ import annotations

import numba
import numpy as np

#: MUL[a, b] = round(a * b / 255) for 8-bit a, b.
MUL = np.round(np.arange(256.0)[:, None] * np.arange(256.0)[None, :] / 255).astype(np.uint8)
NO_IDS = -1  # `label` of a paste that leaves the id map alone


@numba.njit(cache=True, nogil=True)
def paste_into(frame, ids, colour, alpha, step, pw, mask, fy, fx, py, px, h, w, label, solid, mul):  # pragma: no cover
    """Blend a patch `pw` pixels wide, rows py.. and columns px.. of it, over frame[fy:fy+h, fx:fx+w] in
    place; where the object is (`mask` if given, else alpha >= `solid`) set ids to `label` (unless NO_IDS).
    Returns how many object pixels the region holds.

    The patch comes as flat buffers: `colour` holds R, G, B at every `step[0]` bytes (an RGB array: 3,
    an RGBA one: 4) and `alpha` its alpha at every `step[1]` bytes. `mask` is flat uint8, one per
    pixel, or empty. The frame
    (RGB) and ids are C-contiguous and indexed flat with unsigned offsets (about 1.6x faster than 2-D)."""
    use_mask = mask.size != 0
    threshold = 1 if use_mask else solid  # object pixels: mask >= 1 or alpha >= solid
    f, i = frame.reshape(-1), ids.reshape(-1)
    m = mask if use_mask else alpha
    mstep = np.uint64(1) if use_mask else np.uint64(step[1])
    cs, as_ = np.uint64(step[0]), np.uint64(step[1])
    fw, three = np.uint64(frame.shape[1]), np.uint64(3)
    count = 0
    for y in range(h):
        fo = np.uint64(fy + y) * fw + np.uint64(fx)  # flat pixel offsets of the row's first pixel
        po = np.uint64(py + y) * np.uint64(pw) + np.uint64(px)
        for x in range(np.uint64(w)):
            k = alpha[(po + x) * as_]
            f3, c3 = (fo + x) * three, (po + x) * cs
            if k == 255:  # MUL[f, 0] + MUL[c, 255] = c
                for ch in range(three):
                    f[f3 + ch] = colour[c3 + ch]
            elif k != 0:  # (k = 0 leaves the frame as it is)
                inv = 255 - k
                for ch in range(three):
                    v = np.int32(mul[f[f3 + ch], inv]) + np.int32(mul[colour[c3 + ch], k])
                    f[f3 + ch] = 255 if v > 255 else v
            if m[(po + x) * mstep] >= threshold:
                count += 1
                if label != NO_IDS:
                    i[fo + x] = label
    return count


@numba.njit(cache=True, nogil=True)
def id_boxes(ids, n):  # pragma: no cover - compiled
    """(counts, boxes) of labels 0..n in `ids`: pixels per label and each label's (x0, y0, x1, y1)
    extent, x1/y1 exclusive (meaningless where the count is 0). One pass, a run of equal labels at a time."""
    counts = np.zeros(n + 1, np.int64)
    x0, y0 = np.full(n + 1, ids.shape[1], np.int64), np.full(n + 1, ids.shape[0], np.int64)
    x1, y1 = np.zeros(n + 1, np.int64), np.zeros(n + 1, np.int64)
    height, width = ids.shape
    for y in range(height):
        prev, start = ids[y, 0], 0
        for x in range(1, width + 1):
            k = ids[y, x] if x < width else -1
            if k != prev:
                counts[prev] += x - start
                x0[prev], x1[prev] = min(x0[prev], start), max(x1[prev], x)
                y0[prev], y1[prev] = min(y0[prev], y), y + 1
                prev, start = k, x
    return counts, np.stack((x0, y0, x1, y1), 1)


@numba.njit(cache=True, nogil=True)
def lut_channels(img, table):  # pragma: no cover - compiled
    """What `cv2.LUT(img, table.T[:, None, :])` gives for 3- or 4-channel `img` (C-contiguous) and one
    256-entry table per channel (`table`: (channels, 256) uint8), about twice as fast."""
    out = np.empty_like(img)
    f, o = img.reshape(-1), out.reshape(-1)
    t0, t1, t2 = table[0], table[1], table[2]
    one, two, three = np.uint64(1), np.uint64(2), np.uint64(3)
    if table.shape[0] == 3:
        for p in range(np.uint64(f.size) // three):
            i = p * three
            o[i] = t0[np.uint64(f[i])]
            o[i + one] = t1[np.uint64(f[i + one])]
            o[i + two] = t2[np.uint64(f[i + two])]
        return out
    t3, four = table[3], np.uint64(4)
    for p in range(np.uint64(f.size) // four):
        i = p * four
        o[i] = t0[np.uint64(f[i])]
        o[i + one] = t1[np.uint64(f[i + one])]
        o[i + two] = t2[np.uint64(f[i + two])]
        o[i + three] = t3[np.uint64(f[i + three])]
    return out


@numba.njit(cache=True, nogil=True)
def scale_rows(img, gains):  # pragma: no cover - compiled
    """Every row of 8-bit `img` (C-contiguous) times its float32 gain, rounded half to even and saturated:
    what `cv2.multiply(img, gain image, dtype=cv2.CV_8U)` gives (it multiplies in float32)."""
    out = np.empty_like(img)
    f, o = img.reshape(-1), out.reshape(-1)
    row = np.uint64(f.size // img.shape[0])
    for y in range(img.shape[0]):
        g = gains[y]
        start = np.uint64(y) * row
        for i in range(start, start + row):
            v = np.rint(np.float32(f[i]) * g)
            o[i] = 255 if v > 255 else (0 if v < 0 else np.uint8(v))
    return out
