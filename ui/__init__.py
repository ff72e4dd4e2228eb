"""wildcat stage: ui. The Streamlit workbench (`wildcat ui [WORKSPACE]`).

Pages (ui/views/, thin Streamlit files): Workspace (what is there, what to run
next), Samples (browse generated data with lineage, regenerate one from its
seed), Runs (before vs after: curves, per-category deltas, paired test, domain
gap, look-alike leak rate, changed queries), Query (a photo against the
catalog under two models) and Embedding map (catalog, synthetic and wild
embeddings in 2-D).

Everything the pages compute lives in plain modules here that do not import
Streamlit (tested without it); `ui.cached` wraps the heavy ones in Streamlit
caches. The UI reads the workspace from disk only, through the core package
(`wildcat`), `train.load_embedder` and `eval`.
"""
