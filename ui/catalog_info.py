"""The catalog as the pages need it: loaded if present, which products each
market sells, and the markets to offer in the locale filter."""

from __future__ import annotations

from collections.abc import Iterable

from wildcat.core.catalog import Catalog, load_catalog
from wildcat.core.errors import WildcatError
from wildcat.core.locales import GLOBAL
from wildcat.core.workspace import Workspace

#: The locale filter's "no filter" choice.
ALL_MARKETS = "All markets"


def read_catalog(ws: Workspace) -> tuple[Catalog | None, str]:
    """(catalog, "") when WS/catalog.json is usable, else (None, why not)."""
    if not ws.catalog.is_file():
        return None, f"{ws.catalog} does not exist"
    try:
        return load_catalog(ws.catalog, "saved"), ""
    except WildcatError as exc:
        return None, str(exc)


def sold_in(locales: Iterable[str], market: str) -> bool:
    """A product is in a market when it lists it, or is sold globally (wildcat.core.locales.market's rule)."""
    locs = set(locales)
    return market in locs or GLOBAL in locs


def market_products(catalog: Catalog | None, market: str | None) -> set[str] | None:
    """Ids of the catalog products sold in `market`; None = no market filter."""
    if not market or market == ALL_MARKETS or catalog is None:
        return None
    return {p.id for p in catalog.products if sold_in(p.locales, market)}


def product_locales(catalog: Catalog | None) -> dict[str, list[str]]:
    return {p.id: list(p.locales) for p in catalog.products} if catalog else {}


def market_options(catalog: Catalog | None, pack_locales: Iterable[str] = ()) -> list[str]:
    """ "All markets", then every locale the catalog sells in or a pack describes ("global" is in every market)."""
    found = set(pack_locales)
    if catalog:
        found |= {loc for p in catalog.products for loc in p.locales}
    found.discard(GLOBAL)
    return [ALL_MARKETS, *sorted(found)]


def in_market(product_id: str, row_locale: str, market_ids: set[str] | None, market: str | None) -> bool:
    """Row-level market test: the catalog decides for its products; other rows go by their own locale."""
    if market_ids is None:
        return True
    return product_id in market_ids or row_locale in (market, GLOBAL)
