"""Calibration vs test tables, and the Markdown report + PNG chart (matplotlib) of `eval --report`.

The report puts the calibration part (thresholds are tuned on it) next to the held-out test part
for every metric, by language and by audience, compares the retrieval modes, and lists the test
items that fail so a reader sees where the assistant falls short.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.evaluation import SPLITS, cited_lines, trace_summary

METRICS = ("hit_at_1", "hit_at_5", "mrr", "citation_hit", "answer_match", "first_line",
           "refusal_precision", "refusal_recall", "citation_precision", "cited_lines",
           "uncovered", "latency_p50_ms", "latency_p95_ms")
CHART_METRICS = ("answer_match", "first_line", "refusal_precision", "refusal_recall",
                 "hit_at_5", "citation_precision")
MODE_METRICS = ("hit_at_1", "hit_at_5", "mrr", "citation_hit", "answer_match", "first_line",
                "refusal_precision", "refusal_recall", "citation_precision", "latency_p50_ms",
                "latency_p95_ms")
GROUP_METRICS = ("hit_at_5", "answer_match", "first_line", "refusal_precision",
                 "refusal_recall", "citation_precision", "cited_lines")


def fmt(value: Any) -> str:
    """A metric for a table: rates with 3 decimals, counts and milliseconds as they are."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}" if value <= 1.0 else f"{round(value, 2)}"
    return f"{value}"


def gap(calibration: Any, test: Any) -> str:
    """test − calibration, signed, or "–" when either side is missing."""
    if calibration is None or test is None:
        return "–"
    diff = test - calibration
    if isinstance(diff, float):
        return f"{diff:+.3f}" if abs(diff) <= 1.0 else f"{round(diff, 2):+}"
    return f"{diff:+}"


def side_by_side(summary: dict[str, Any], metrics=METRICS) -> list[tuple[str, str, str, str]]:
    """(metric, calibration, test, gap) rows from a `summary_by` result."""
    cal, test = (summary.get(f"split={s}") or {} for s in SPLITS)
    return [(m, fmt(cal.get(m)), fmt(test.get(m)), gap(cal.get(m), test.get(m)))
            for m in metrics]


def split_groups(summary: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(group, split, metrics) for every language and audience group of each split."""
    out = []
    for key in ("language", "audience"):
        values = sorted({g.split("/", 1)[1] for g in summary
                         if g.startswith("split=") and f"/{key}=" in g})
        for value in values:
            for split in SPLITS:
                metrics = summary.get(f"split={split}/{value}")
                if metrics:
                    out.append((value, split, metrics))
    return out


def failing(rows: list[dict[str, Any]], k: int = 5) -> dict[str, list[str]]:
    """Item id -> the checks it fails (refusal, answer, first line, retrieval, citations)."""
    out: dict[str, list[str]] = {}
    for r in rows:
        why = []
        if r["refused"] != r["expect_refusal"]:
            why.append("refused" if r["refused"] else "not refused")
        if r["answer_match"] is False and not r["refused"]:
            why.append("answer_match")
        if r["first_line"] is False and not r["refused"]:
            why.append("first_line")
        if r["citation_hit"] is not None and not r["expect_refusal"] and not (
                r["rank"] and r["rank"] <= k):
            why.append(f"hit@{k}")
        if r["citations_supported"] < r["citations_checked"]:
            why.append("unsupported citation")
        if why:
            out[r["id"]] = why
    return out


def expectation(row: dict[str, Any]) -> str:
    """What a golden item expected, in words."""
    if row["expect_refusal"]:
        return "a refusal"
    parts = []
    if row.get("expect_any"):
        parts.append("one of " + ", ".join(f"“{x}”" for x in row["expect_any"]))
    if row.get("expect_all"):
        parts.append("all of " + ", ".join(f"“{x}”" for x in row["expect_all"]))
    if row.get("expect_sources"):
        parts.append("a source " + ", ".join(f"`{x}`" for x in row["expect_sources"]))
    return "; ".join(parts) or "an answer"


def write_chart(results: dict[str, dict], path: Path) -> None:
    """Left: calibration vs test bars (hybrid); right: the retrieval modes on all items."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    hybrid = (results.get("hybrid") or next(iter(results.values())))["summary"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.8), width_ratios=(1, 1.3))
    _bars(left, {s: hybrid.get(f"split={s}") or {} for s in SPLITS},
          "Hybrid: calibration vs test")
    _bars(right, {m: r["summary"]["overall"] for m, r in results.items()},
          "All items: retrieval modes")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _bars(ax, series: dict[str, dict[str, Any]], title: str) -> None:
    width = 0.8 / max(len(series), 1)
    for i, (name, metrics) in enumerate(series.items()):
        xs = [x + i * width for x in range(len(CHART_METRICS))]
        ax.bar(xs, [metrics.get(m) or 0.0 for m in CHART_METRICS], width,
               label=f"{name} ({metrics.get('items', 0)})")
    ax.set_xticks([x + width * (len(series) - 1) / 2 for x in range(len(CHART_METRICS))])
    ax.set_xticklabels(CHART_METRICS, rotation=20, ha="right")
    ax.set_ylim(0, 1.2)
    ax.set_title(title)
    ax.legend(loc="upper center", ncol=len(series), fontsize=8)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return (["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
            + ["| " + " | ".join(r) + " |" for r in rows])


def write_report(results: dict[str, dict], folder: Path, k: int = 5) -> Path:
    """Write `quality.md` and `quality.png` into `folder`; return the Markdown path."""
    folder.mkdir(parents=True, exist_ok=True)
    write_chart(results, folder / "quality.png")
    hybrid = results.get("hybrid") or next(iter(results.values()))
    summary = hybrid["summary"]
    sizes = {s: (summary.get(f"split={s}") or {}).get("items", 0) for s in SPLITS}
    lines = ["# Answer quality on the golden set", "",
             "Generated by `assistant eval --report DIR` (all modes in one run). Thresholds are "
             "tuned on the calibration part; the quality gates (`tests/test_quality.py`) read the "
             "test part. gap = test − calibration.", "", "![chart](quality.png)", "",
             f"## Calibration ({sizes['calibration']} items) vs test ({sizes['test']} items), "
             "hybrid", ""]
    lines += _table(["metric", "calibration", "test", "gap"],
                    [list(r) for r in side_by_side(summary)])
    lines += ["", "## By language and audience", ""]
    lines += _table(["group", "part", "items", *GROUP_METRICS],
                    [[g, s, str(m["items"]), *(fmt(m.get(x)) for x in GROUP_METRICS)]
                     for g, s, m in split_groups(summary)])
    lines += ["", "## Retrieval modes (all items)", ""]
    lines += _table(["mode", *MODE_METRICS],
                    [[mode, *(fmt(r["summary"]["overall"].get(m)) for m in MODE_METRICS)]
                     for mode, r in results.items()])
    tags = [g for g in summary if g.startswith("tag=")]
    if tags:
        lines += ["", "## Hybrid by tag (all items)", ""]
        lines += _table(["group", "items", *GROUP_METRICS],
                        [[g, str(summary[g]["items"]), *(fmt(summary[g].get(m))
                                                         for m in GROUP_METRICS)] for g in tags])
    lines += _failures(hybrid["items"], k)
    path = folder / "quality.md"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _failures(rows: list[dict[str, Any]], k: int) -> list[str]:
    test = [r for r in rows if r.get("split") == "test"]
    fails = failing(test, k)
    lines = ["", f"## Failing test items ({len(fails)} of {len(test)})", ""]
    for r in test:
        if r["id"] not in fails:
            continue
        lines_said = cited_lines(r["answer"]) or r["answer"].strip().splitlines() or [""]
        got = "refused" if r["refused"] else lines_said[0].strip()
        lines += [f"- `{r['id']}` ({r['language']}, {r['audience']}) — fails "
                  f"{', '.join(fails[r['id']])}: {r['question']}",
                  f"  - expected {expectation(r)}",
                  f"  - got (first cited line): {got[:160]}",
                  f"  - {trace_summary(r.get('trace') or {})}"]
    if not test:
        lines.append("No item of the golden file is in the test part (`split: test`).")
    return lines
