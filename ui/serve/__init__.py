"""The Streamlit entry script (workbench.py), alone in this folder; see its docstring."""
