"""The markdown summary of a before/after comparison."""

from __future__ import annotations

from typing import Any

from wildcat.eval.markdown import ci, num, pvalue, table


def compare_markdown(report: dict[str, Any], figures: list[str]) -> str:
    a, b = report["names"]
    lines = [
        f"# {a} vs {b}",
        "",
        f"{report['n_common']} queries answerable in both runs (of {report['n_queries'][0]} and "
        f"{report['n_queries'][1]})."
        " Intervals: 95% bootstrap over queries; p-values two-sided, paired.",
        "",
        _metric_table(report["metrics"], a, b),
        "",
    ]
    for key, groups in report["deltas"].items():
        rows = [
            [
                value,
                d["n"],
                num(d["a"]),
                num(d["b"]),
                f"{num(d['delta'], 3)} [{num(d['lo'])}, {num(d['hi'])}]",
                pvalue(d["p"]),
            ]
            for value, d in groups.items()
        ]
        lines += [f"## recall@1 by {key}", "", table([key, "n", a, b, "delta [95% CI]", "p"], rows), ""]
    lines += _gap_lines(report["gap"], a, b)
    if any(f.startswith("queries_") for f in figures):
        lines += [
            f"Query galleries: the photo, then the top 5 of {a} (captions {a[:1]}1-{a[:1]}5) and of {b} "
            f"({b[:1]}1-{b[:1]}5);"
            " the right product is framed green.",
            "",
        ]
    lines += [f"![{f}]({f})" for f in figures]
    return "\n".join(lines) + "\n"


def _metric_table(metrics: dict[str, Any], a: str, b: str) -> str:
    rows = []
    for name, m in metrics.items():
        pb = m["paired_bootstrap"]
        mc = m.get("mcnemar")
        mc_text = f"{pvalue(mc['p'])} ({mc['only_a']} only {a}, {mc['only_b']} only {b})" if mc else "n/a"
        rows.append(
            [
                name,
                ci(m["a"]),
                ci(m["b"]),
                f"{num(pb['delta'])} [{num(pb['lo'])}, {num(pb['hi'])}]",
                pvalue(pb["p"]),
                mc_text,
            ]
        )
    return table(["metric", a, b, "delta [95% CI]", "p (bootstrap)", "p (McNemar)"], rows)


def _gap_lines(gaps: list[dict[str, Any]], a: str, b: str) -> list[str]:
    pairs = sorted(set(gaps[0].get("pairs", {})) | set(gaps[1].get("pairs", {})))
    if not pairs:
        return []
    rows = []
    for pair in pairs:
        va, vb = gaps[0].get("pairs", {}).get(pair, {}), gaps[1].get("pairs", {}).get(pair, {})
        rows.append(
            [
                pair.replace("|", " vs "),
                num(va.get("frechet")),
                num(vb.get("frechet")),
                num(va.get("kid"), 4),
                num(vb.get("kid"), 4),
            ]
        )
    note = (
        "Each run is measured on its own embeddings: compare the pairs within a run "
        "(is synthetic closer to wild than catalog is?)."
    )
    return [
        "## Domain gap",
        "",
        note,
        "",
        table(["domains", f"Fréchet {a}", f"Fréchet {b}", f"KID {a}", f"KID {b}"], rows),
        "",
    ]
