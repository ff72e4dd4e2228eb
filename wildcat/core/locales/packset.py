"""A set of locale packs and the questions asked of it: which class is this
product, what does it look like elsewhere, what goes with it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from wildcat.core.catalog.schema import Product
from wildcat.core.locales.schema import ClassRef, LocaleClass, LocalePack


class PackSet:
    """Packs by locale id, with look-alikes made symmetric across packs."""

    def __init__(self, packs: Iterable[LocalePack]) -> None:
        self.packs: dict[str, LocalePack] = {p.locale: p for p in packs}
        self._look_alikes: dict[ClassRef, set[ClassRef]] = defaultdict(set)
        for pack in self.packs.values():
            for pair in pack.look_alikes:
                a, b = ClassRef.parse(pair.class_, pack.locale), ClassRef.parse(pair.looks_like, pack.locale)
                if a in self and b in self:  # a pair naming an uninstalled pack is ignored, not fatal
                    self._look_alikes[a].add(b)
                    self._look_alikes[b].add(a)

    def __contains__(self, ref: object) -> bool:
        return isinstance(ref, tuple) and ref[0] in self.packs and self.packs[ref[0]].get(ref[1]) is not None

    @property
    def locales(self) -> list[str]:
        return sorted(self.packs)

    def refs(self, locale: str | None = None) -> list[ClassRef]:
        packs = [self.packs[locale]] if locale else [self.packs[k] for k in self.locales]
        return [p.ref(c.name) for p in packs for c in p.classes]

    def get(self, ref: ClassRef) -> LocaleClass:
        if ref not in self:
            raise KeyError(f"no class {ref} in the installed locale packs ({', '.join(self.locales) or 'none'})")
        return self.packs[ref.locale].get(ref.name)  # type: ignore[return-value]

    def look_alikes(self, ref: ClassRef, other_locales_only: bool = False) -> set[ClassRef]:
        """Classes `ref` is confused with (declared in either pack)."""
        found = self._look_alikes.get(ClassRef(*ref), set())
        return {r for r in found if r.locale != ref[0]} if other_locales_only else set(found)

    def look_alike_map(self, other_locales_only: bool = True) -> dict[str, set[str]]:
        """{'en-IN:kurti': {'en-US:tunic'}, ...} as strings, for array-level metrics."""
        return {str(a): {str(b) for b in self.look_alikes(a, other_locales_only)} for a in self._look_alikes}

    def accessories(self, ref: ClassRef) -> list[ClassRef]:
        """The classes that go with `ref` in its market, in the pack's order."""
        return [ClassRef.parse(a, ref[0]) for a in self.get(ClassRef(*ref)).accessories]

    def resolve(self, category: str, locales: Sequence[str] = ()) -> ClassRef | None:
        """The class a product of `category` sold in `locales` belongs to.

        Tries the product's own markets first, then any pack; matches a class
        name or a synonym (case-insensitive). None when no pack knows it.
        """
        key = category.strip().lower()
        order = [loc for loc in locales if loc in self.packs] + [loc for loc in self.locales if loc not in locales]
        for loc in order:
            for c in self.packs[loc].classes:
                if key == c.name or key in (s.lower() for s in c.synonyms) or key == c.display.lower():
                    return ClassRef(loc, c.name)
        return None

    def product_classes(self, products: Iterable[Product]) -> dict[str, str]:
        """product id -> 'locale:class' for catalog products whose category a pack knows."""
        refs = {p.id: self.resolve(p.category, p.locales) for p in products}
        return {pid: str(ref) for pid, ref in refs.items() if ref is not None}


def locales_of(products: Iterable[Product]) -> Mapping[str, list[str]]:
    """product id -> the markets it is sold in."""
    return {p.id: list(p.locales) for p in products}
