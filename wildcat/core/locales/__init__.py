"""Locale packs: a market's product classes, their look-alikes elsewhere,
accessories and backgrounds; and locale-aware search on top of any index.

    packs = load_packset("workspace")          # installed + shipped packs
    packs.look_alikes(ClassRef("en-IN", "kurti"))   # {en-US:tunic}
    ids, scores = restrict_to_market(ids, scores, query_locales, product_locales, k=10)

Format and workflow: docs/locales.md.
"""

from wildcat.core.locales.accessories import accessory_table, suggest_accessories
from wildcat.core.locales.market import GLOBAL, in_market, rerank_by_market, restrict_to_market
from wildcat.core.locales.packset import PackSet, locales_of
from wildcat.core.locales.registry import (
    AddResult,
    add_pack,
    installed_packs,
    load_packset,
    read_index,
    shipped_pack_paths,
    shipped_packs,
)
from wildcat.core.locales.schema import ClassRef, LocaleClass, LocalePack, LookAlike
from wildcat.core.locales.taxonomy import BACKGROUND_KINDS, PARENT_CATEGORIES
from wildcat.core.locales.validate import PROBLEM_KINDS, LocalePackError, PackProblem, check_pack, load_pack, read_pack

__all__ = [
    "AddResult",
    "BACKGROUND_KINDS",
    "ClassRef",
    "GLOBAL",
    "LocaleClass",
    "LocalePack",
    "LocalePackError",
    "LookAlike",
    "PARENT_CATEGORIES",
    "PROBLEM_KINDS",
    "PackProblem",
    "PackSet",
    "accessory_table",
    "add_pack",
    "check_pack",
    "in_market",
    "installed_packs",
    "load_pack",
    "load_packset",
    "locales_of",
    "read_index",
    "read_pack",
    "rerank_by_market",
    "restrict_to_market",
    "shipped_pack_paths",
    "shipped_packs",
    "suggest_accessories",
]
