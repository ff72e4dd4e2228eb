"""Streamlit pieces every page uses: the workspace and market in effect, the
"here is what to run" box."""

from __future__ import annotations

import streamlit as st

from wildcat.core.workspace import Workspace
from wildcat.ui import cached, hints
from wildcat.ui.catalog_info import ALL_MARKETS, market_products
from wildcat.ui.context import current_workspace

MARKET_KEY = "market"  # session key of the sidebar's locale filter (ui/serve/workbench.py)


def workspace() -> Workspace:
    return current_workspace()


def market() -> str | None:
    """The locale chosen in the sidebar, None for all markets."""
    value = st.session_state.get(MARKET_KEY, ALL_MARKETS)
    return None if value in (None, ALL_MARKETS) else value


def market_ids(ws: Workspace) -> set[str] | None:
    """Catalog products sold in the chosen market (None: no filter)."""
    return market_products(cached.catalog(ws)[0], market())


def hint(message: str, command: str) -> None:
    """A page that has nothing to show says why and the exact command that fixes it."""
    st.info(message)
    st.code(command, language="bash")


def require_workspace(ws: Workspace) -> bool:

    if not ws.root.is_dir():
        st.error(f"The workspace folder {ws.root} does not exist.")
        st.code(hints.no_workspace(ws), language="bash")
        return False
    return True


def searchable_catalog(ws: Workspace, page: str):
    """The workspace's catalog for a page that searches it; None, with what to run, when there is none."""
    catalog = cached.catalog(ws)[0] if require_workspace(ws) else None
    if ws.root.is_dir() and catalog is None:
        hint(f"The {page} page searches the catalog, and this workspace has none yet.", hints.no_catalog(ws))
    return catalog


def market_note(what: str) -> None:
    m = market()
    if m:
        st.caption(f"Market filter: **{m}** — {what} of products sold in {m} (or globally). Change it in the sidebar.")


def box_inputs(image, key: str, start: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """A box typed as four numbers (left, top, right, bottom) in pixels of `image`, starting at `start`; the
    widgets' keys are KEY.left, KEY.top, KEY.right, KEY.bottom."""
    h, w = image.shape[:2]
    c = st.columns(4)
    return (
        c[0].number_input("left", 0, w - 1, start[0], key=f"{key}.left"),
        c[1].number_input("top", 0, h - 1, start[1], key=f"{key}.top"),
        c[2].number_input("right", 1, w, start[2], key=f"{key}.right"),
        c[3].number_input("bottom", 1, h, start[3], key=f"{key}.bottom"),
    )
