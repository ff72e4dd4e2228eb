"""Accessory suggestions: what goes with a class in its market."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from wildcat.core.locales.packset import PackSet
from wildcat.core.locales.schema import ClassRef


def suggest_accessories(packs: PackSet, ref: ClassRef | str, locale: str | None = None) -> list[ClassRef]:
    """Accessory classes for a query of class `ref`, as sold in `locale` (default: the class's own market).

    A query classified as a Western class but asked from another market gets
    that market's accessories for the look-alike class there (a tunic asked
    from en-IN gets what goes with a kurti), since that is what its shoppers buy.
    """
    ref = ClassRef.parse(ref, "") if isinstance(ref, str) else ClassRef(*ref)
    market = locale or ref.locale
    if ref.locale == market or market not in packs.packs:
        return packs.accessories(ref)
    local = sorted(r for r in packs.look_alikes(ref) if r.locale == market)
    return packs.accessories(local[0]) if local else packs.accessories(ref)


def accessory_table(packs: PackSet, locale: str) -> Mapping[str, Sequence[str]]:
    """class name -> accessory refs (as strings) for every class of `locale` that has some."""
    return {r.name: [str(a) for a in packs.accessories(r)] for r in packs.refs(locale) if packs.get(r).accessories}
