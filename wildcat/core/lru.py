"""A per-process cache bounded by entry count and by bytes (decoded images, backgrounds)."""

from __future__ import annotations

from collections import OrderedDict


class LruCache:
    """Values by key, made on a miss; the least recently used go once there are more than `items` of
    them or they weigh more than `nbytes` (None: no byte bound). The newest value always stays.

    `weigh(value)`: its bytes (default: an array's `nbytes`, 0 for anything else)."""

    def __init__(self, items: int, nbytes: int | None = None, weigh=None) -> None:
        self.items, self.nbytes = items, nbytes
        self.weigh = weigh or (lambda v: getattr(v, "nbytes", 0))
        self._values: OrderedDict[tuple, object] = OrderedDict()
        self.used = 0  # bytes of the arrays held

    def get(self, key: tuple, make):
        if key in self._values:
            self._values.move_to_end(key)
            return self._values[key]
        value = self._values[key] = make()
        self.used += self.weigh(value)
        while len(self._values) > 1 and (
            len(self._values) > self.items or (self.nbytes is not None and self.used > self.nbytes)
        ):
            self.pop(next(iter(self._values)))
        return value

    def pop(self, key: tuple, default=None):
        if key not in self._values:
            return default
        value = self._values.pop(key)
        self.used -= self.weigh(value)
        return value

    def clear(self) -> None:
        self._values.clear()
        self.used = 0

    def __contains__(self, key: tuple) -> bool:
        return key in self._values

    def __len__(self) -> int:
        return len(self._values)
