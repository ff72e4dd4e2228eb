"""The workbench pages, run by Streamlit as scripts (ui/serve/workbench.py lists them)."""
