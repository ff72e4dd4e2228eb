"""Workspace page: what is there and the next command to run."""

import streamlit as st

from wildcat.core.locales import read_index
from wildcat.ui import cached
from wildcat.ui.widgets import require_workspace, workspace
from wildcat.ui.workspace_status import packs_in_use, workspace_parts

st.title("Workspace")
ws = workspace()
if require_workspace(ws):
    catalog, problem = cached.catalog(ws)
    packs = cached.packs(ws)
    in_use = packs_in_use(sorted(read_index(ws.root)), packs.locales if packs else [], catalog)
    parts = workspace_parts(ws, catalog, problem, in_use)
    st.caption(f"`{ws.root}`")
    for part in parts:
        ok = ":material/check_circle:" if part.count else ":material/radio_button_unchecked:"
        st.markdown(f"{ok} **{part.name}** ({part.count}) {part.detail}")
        if part.command:
            st.code(part.command, language="bash")
