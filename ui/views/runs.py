"""Runs page: two evaluations side by side: recall curves, the paired test, per-category
deltas, the domain gap, the look-alike leak rate and the queries that changed."""

import altair as alt
import streamlit as st

from wildcat.core.errors import WildcatError
from wildcat.ui import cached, hints, run_pair, run_tables
from wildcat.ui.changed_queries import changed_queries, strip
from wildcat.ui.leak import leak_frame
from wildcat.ui.widgets import hint, market, market_ids, market_note, require_workspace, workspace

TWO_EVALS = "two evaluations..."


def _choose_pair(ws) -> run_pair.RunPair | None:
    pairs = {p.label: p for p in run_pair.saved_pairs(ws)}
    evals = run_pair.evaluations_in_order(ws)
    options = list(pairs) + ([TWO_EVALS] if len(evals) >= 2 else [])
    if not options:
        hint(
            f"The Runs page compares two evaluations; this workspace has {len(evals)}. What to run:",
            hints.missing_steps(ws, "evaluations"),
        )
        return None
    choice = st.selectbox(
        "Compare", options, key="runs.pair", help="A saved comparison (compare/), or any two evaluations (eval/)."
    )
    if choice != TWO_EVALS:
        return pairs[choice]
    c1, c2 = st.columns(2)
    before = c1.selectbox("Before", evals, index=0, key="runs.before")
    after = c2.selectbox("After", evals, index=len(evals) - 1, key="runs.after")
    return run_pair.evaluation_pair(ws, before, after)


def _curves(report) -> None:
    frame = run_tables.curve_frame(report)
    colours = alt.Scale(domain=list(report["names"]), range=["#8c8c8c", "#e4572e"])  # before grey, after orange
    base = alt.Chart(frame).encode(
        x=alt.X("k:Q", scale=alt.Scale(type="log"), title="k (products returned)"),
        color=alt.Color("model:N", scale=colours, sort=list(report["names"])),
    )
    band = base.mark_area(opacity=0.15).encode(y="lo:Q", y2="hi:Q")
    line = base.mark_line(point=True).encode(
        y=alt.Y("recall:Q", title="recall@k", scale=alt.Scale(domain=[0, 1])),
        tooltip=[
            "model",
            "k",
            alt.Tooltip("recall:Q", format=".3f"),
            alt.Tooltip("lo:Q", format=".3f"),
            alt.Tooltip("hi:Q", format=".3f"),
        ],
    )
    st.altair_chart(band + line, width="stretch")


def _leak(ws, a, b, names) -> None:
    st.subheader("Look-alike leak rate")
    catalog = cached.catalog(ws)[0]
    k = st.segmented_control("Within the top", (1, 5, 10), default=10, key="runs.leak_k", format_func=lambda v: f"{v}")
    packs = cached.packs(ws)
    table = leak_frame(a, b, names, catalog, packs, int(k or 10)) if catalog and packs else None
    if table is None:
        hint(
            "No catalog product belongs to a class of a locale pack, so nothing can leak. Install the pack of your "
            "market:",
            hints.no_locale_pack(ws),
        )
        return
    st.caption(
        "Share of queries whose top k holds a look-alike class from another market (a tunic among the results for a "
        "kurti). Lower is better."
    )
    st.dataframe(
        table,
        hide_index=True,
        column_config={c: st.column_config.NumberColumn(format="%.3f") for c in table.columns[2:]},
    )


def _gallery(a, b, names) -> None:
    st.subheader("Queries that changed")
    n = st.slider("Queries per direction", 1, 24, 6, key="runs.n_changed")
    better, worse = changed_queries(a, b, n)
    for title, rows in (("Improved", better), ("Worsened", worse)):
        st.markdown(f"**{title}** ({len(rows)})")
        if not rows:
            st.caption("none")
        for row in rows:
            st.caption(f"`{row.product_id}` rank {row.rank_before + 1} → {row.rank_after + 1} · {row.query_id}")
            st.image(
                strip(row, names), caption=f"query | {names[0]} top 5 | {names[1]} top 5 (right product framed green)"
            )


st.title("Runs: before vs after")
ws = workspace()
pair = _choose_pair(ws) if require_workspace(ws) else None
if pair is not None:
    ids = market_ids(ws)
    try:
        report = cached.pair_report(pair, market(), ids)
        a, b = cached.evaluation(pair.before), cached.evaluation(pair.after)
    except (WildcatError, OSError, ValueError, KeyError) as exc:  # a damaged report.json or queries.parquet
        st.error(f"Cannot compare {pair.label}: {exc}. Re-run 'wildcat eval run' / 'wildcat eval compare' for it.")
        st.stop()
    names = tuple(report["names"])
    market_note("queries")
    st.caption(
        f"{report['n_common']} queries answered by both runs. Intervals: 95% bootstrap; paired tests match queries by "
        "id."
    )
    r1 = report["metrics"]["recall@1"]
    cols = st.columns(3)
    cols[0].metric(f"recall@1 {names[0]}", f"{r1['a']['value']:.3f}")
    cols[1].metric(f"recall@1 {names[1]}", f"{r1['b']['value']:.3f}", f"{r1['paired_bootstrap']['delta']:+.3f}")
    cols[2].metric("p (McNemar exact)", f"{r1['mcnemar']['p']:.3g}")
    st.subheader("Recall@k")
    _curves(report)
    st.subheader("Paired test")
    st.dataframe(run_tables.metric_frame(report), hide_index=True)
    st.subheader("Per category (recall@1)")
    st.dataframe(
        run_tables.category_frame(report),
        hide_index=True,
        column_config={
            c: st.column_config.NumberColumn(format="%.3f")
            for c in ("delta", "lo", "hi", "p", f"{names[0]} R@1", f"{names[1]} R@1")
        },
    )
    st.subheader("Domain gap")
    gap = run_tables.gap_frame(report)
    if gap.empty:
        st.caption("No domain gap was measured (the evaluations embedded a single domain).")
    else:
        st.caption(
            "On each model's own embeddings, all queries (not filtered by market). Images per domain: "
            f"{run_tables.gap_counts(report)}. "
            "Synthetic data helps when synthetic vs wild falls below catalog vs wild."
        )
        st.dataframe(gap, hide_index=True)
    if a is None or b is None:
        st.warning(
            f"The evaluation folders of {pair.label} are not in the workspace: no leak rate and no query gallery."
        )
    else:
        a, b = run_pair.market_subset(a, ids, market()), run_pair.market_subset(b, ids, market())
        _leak(ws, a, b, names)
        _gallery(a, b, names)
