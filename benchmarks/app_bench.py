"""App benchmark: `assistant serve` start to /readyz, `POST /api/ask` latency over the golden
questions, and time to the first streamed piece (`?stream=true`).

Run: `.venv/bin/python benchmarks/app_bench.py` (uses the index in ASSISTANT_DATA_DIR, default
.data; build it with `assistant ingest`). Replaces the "App" section of docs/benchmarks.md and
prints the figures as JSON. Loopback only; medians and percentiles from one run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import yaml

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def wait_ready(url: str, process: subprocess.Popen, limit_s: float = 300) -> tuple[float, float]:
    """Seconds from start to /healthz OK and to /readyz OK."""
    start, healthy = time.perf_counter(), None
    while time.perf_counter() - start < limit_s:
        if process.poll() is not None:
            raise SystemExit(f"serve exited with {process.returncode}")
        try:
            if healthy is None and httpx.get(url + "/healthz", timeout=2).status_code == 200:
                healthy = time.perf_counter() - start
            if httpx.get(url + "/readyz", timeout=10).status_code == 200:
                return healthy or 0.0, time.perf_counter() - start
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise SystemExit("serve not ready in time")


def bodies(golden: Path) -> list[dict]:
    items = yaml.safe_load(golden.read_text("utf-8"))
    return [{"question": it["question"], "audience": it.get("audience", "startup"),
             "history": [{"question": h.get("question", ""), "answer": h.get("answer", "")}
                         for h in it.get("history") or []]} for it in items]


def first_piece(client: httpx.Client, body: dict) -> tuple[float, float]:
    start = time.perf_counter()
    first = None
    with client.stream("POST", "/api/ask?stream=true", json=body) as response:
        for line in response.iter_lines():
            if first is None and line.startswith("event: delta"):
                first = time.perf_counter() - start
    return first or 0.0, time.perf_counter() - start


def write_section(out: Path, section: str) -> None:
    text = out.read_text("utf-8") if out.exists() else "# Benchmarks\n"
    text = re.sub(r"\n## App \(issue 8\).*?(?=\n## |\Z)", "", text, flags=re.S)
    out.write_text(text.rstrip() + "\n\n" + section, "utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--golden", type=Path, default=REPO / "corpus/eval/golden.yaml")
    ap.add_argument("--stream", type=int, default=40, help="questions asked with ?stream=true")
    ap.add_argument("--out", type=Path, default=REPO / "docs/benchmarks.md")
    a = ap.parse_args()
    port = free_port()
    # one client asking 325 questions in a row: measure latency, not the per-client limit
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "ASSISTANT_RATE_PER_MINUTE": "0"}
    process = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port",
                                str(port)], cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        healthy_s, ready_s = wait_ready(url, process)
        asks = bodies(a.golden)
        latencies, errors = [], 0
        with httpx.Client(base_url=url, timeout=120) as client:
            client.post("/api/ask", json=asks[0])  # warm-up
            for body in asks:
                start = time.perf_counter()
                if client.post("/api/ask", json=body).status_code != 200:
                    errors += 1
                latencies.append((time.perf_counter() - start) * 1000)
            streamed = [first_piece(client, body) for body in asks[: a.stream]]
    finally:
        process.terminate()
        process.wait(30)
    ttft = [f * 1000 for f, _ in streamed]
    total = [t * 1000 for _, t in streamed]
    result = {
        "serve_healthz_s": round(healthy_s, 2), "serve_ready_s": round(ready_s, 2),
        "ask_n": len(latencies), "ask_errors": errors,
        "ask_p50_ms": round(statistics.median(latencies), 1),
        "ask_p95_ms": round(pct(latencies, 0.95), 1),
        "stream_n": len(ttft), "first_piece_p50_ms": round(statistics.median(ttft), 1),
        "first_piece_p95_ms": round(pct(ttft, 0.95), 1),
        "stream_total_p50_ms": round(statistics.median(total), 1),
    }
    day = time.strftime("%Y-%m-%d")
    r = result
    rows = [
        ("`assistant serve` start → `/healthz` OK", f"{r['serve_healthz_s']} s"),
        ("`assistant serve` start → `/readyz` OK (model, Kiwi and index loaded)",
         f"{r['serve_ready_s']} s"),
        (f"`POST /api/ask`, {r['ask_n']} golden questions, p50 / p95",
         f"{r['ask_p50_ms']} ms / {r['ask_p95_ms']} ms ({errors} errors)"),
        (f"`?stream=true`, first piece, p50 / p95 ({r['stream_n']} questions)",
         f"{r['first_piece_p50_ms']} ms / {r['first_piece_p95_ms']} ms"),
        ("`?stream=true`, whole answer, p50", f"{r['stream_total_p50_ms']} ms"),
    ]
    table = "\n".join(f"| {name} | {value} |" for name, value in rows)
    write_section(a.out, f"""## App (issue 8) ({day}, `benchmarks/app_bench.py`, 2 shared cores)

One `assistant serve` process over the corpus index, one client on loopback.

| figure | value |
|---|---|
{table}

The extractive answer is checked whole before its first piece is sent, so the first piece
comes when the answer is ready; pieces then follow at once.
""")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
