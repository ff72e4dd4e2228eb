import numpy as np
import pytest

from wildcat.core.lru import LruCache


def test_lru_keeps_the_most_recently_used_within_the_count():
    cache, made = LruCache(items=2), []
    get = lambda k: cache.get((k,), lambda: made.append(k) or k)  # noqa: E731
    get("a"), get("b"), get("a"), get("c")  # "b" is the least recently used when "c" arrives
    assert ("a",) in cache and ("c",) in cache and ("b",) not in cache and made == ["a", "b", "c"]
    assert get("a") == "a" and made == ["a", "b", "c"]  # a hit makes nothing


def test_lru_bounds_the_bytes_its_arrays_hold_but_always_keeps_the_newest():
    cache = LruCache(items=100, nbytes=3000)
    for k in range(5):
        cache.get((k,), lambda: np.zeros(1000, np.uint8))
    assert len(cache) == 3 and cache.used == 3000 and (4,) in cache and (1,) not in cache
    huge = cache.get(("huge",), lambda: np.zeros(10_000, np.uint8))  # over the budget alone: kept, the rest go
    assert len(cache) == 1 and cache.used == huge.nbytes
    cache.pop(("huge",))
    assert len(cache) == 0 and cache.used == 0


def test_lru_make_that_fails_stores_nothing():
    cache = LruCache(items=4)

    def broken():
        raise ValueError("unreadable")

    with pytest.raises(ValueError):
        cache.get(("x",), broken)
    assert ("x",) not in cache and cache.used == 0
