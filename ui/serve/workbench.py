"""The Streamlit entry point (`wildcat ui` runs it): page set-up, the sidebar
market filter every page obeys, and the navigation. The workspace comes from
$WILDCAT_WORKSPACE only; nothing here reads the URL.

It sits alone in ui/serve/ because `streamlit run` puts the script's folder
first on sys.path: next to ui's modules, ui/models.py would shadow any
top-level module named "models"."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from wildcat.ui import cached
from wildcat.ui.catalog_info import ALL_MARKETS, market_options
from wildcat.ui.widgets import MARKET_KEY, workspace

VIEWS = Path(__file__).resolve().parent.parent / "views"

st.set_page_config(page_title="wildcat workbench", page_icon=":material/photo_library:", layout="wide")
ws = workspace()
catalog = cached.catalog(ws)[0] if ws.root.is_dir() else None
packs = cached.packs(ws) if ws.root.is_dir() else None
options = market_options(catalog, packs.locales if packs else ())
if st.session_state.get(MARKET_KEY, ALL_MARKETS) not in options:
    st.session_state[MARKET_KEY] = ALL_MARKETS  # the workspace changed under a stale choice
st.sidebar.selectbox(
    "Market (locale)",
    options,
    key=MARKET_KEY,
    help="Show only what concerns products sold in this market (a product sold globally is in every market).",
)
st.sidebar.caption(f"Workspace: `{ws.root}`")

page = st.navigation(
    [
        st.Page(VIEWS / "overview.py", title="Workspace", icon=":material/folder_open:", default=True),
        st.Page(VIEWS / "samples.py", title="Samples", icon=":material/grid_view:"),
        st.Page(VIEWS / "runs.py", title="Runs", icon=":material/compare_arrows:"),
        st.Page(VIEWS / "query.py", title="Query", icon=":material/image_search:"),
        st.Page(VIEWS / "scenes.py", title="Scenes", icon=":material/view_quilt:"),
        st.Page(VIEWS / "audit.py", title="Audit", icon=":material/fact_check:"),
        st.Page(VIEWS / "embedding_map.py", title="Embedding map", icon=":material/scatter_plot:"),
    ]
)
page.run()
