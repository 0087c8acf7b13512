"""Load test (loopback only, bounded): N concurrent clients for D seconds, half against
`POST /api/ask` and half through the Gradio queue (`gradio_client`, the `/chat` endpoint), with
questions drawn from the golden set; then one client flooding, to show the per-client limit.

Run: `make loadtest` (or `.venv/bin/python benchmarks/load_test.py --clients 20 --seconds 60`).
Each HTTP client connects from its own loopback address (127.0.0.x), so per-client rate limits
apply per client as they would behind a proxy. Prints JSON and replaces the "Load" section of
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from app_bench import REPO, free_port, pct, wait_ready  # noqa: E402


def questions(golden: Path) -> list[dict]:
    items = yaml.safe_load(golden.read_text("utf-8"))
    return [{"question": it["question"], "audience": it.get("audience", "startup")}
            for it in items if not it.get("history")]


def api_client(url: str, n: int, stop: float, asks: list[dict], out: list) -> None:
    rng = random.Random(n)
    transport = httpx.HTTPTransport(local_address=f"127.0.0.{10 + n}")
    with httpx.Client(base_url=url, timeout=120, transport=transport) as client:
        while time.monotonic() < stop:
            body = rng.choice(asks)
            start = time.perf_counter()
            try:
                status = client.post("/api/ask", json=body).status_code
            except httpx.HTTPError:
                status = -1
            out.append(("api", status, (time.perf_counter() - start) * 1000))


def gradio_user(url: str, n: int, stop: float, asks: list[dict], out: list) -> None:
    from gradio_client import Client

    rng = random.Random(1000 + n)
    client = Client(url + "/", verbose=False)
    while time.monotonic() < stop:
        body = rng.choice(asks)
        start = time.perf_counter()
        try:
            reply = client.predict(body["question"], body["audience"], api_name="/chat")
            status = 200 if isinstance(reply, dict) and "answer" in reply else 500
        except Exception:  # the client raises on any server-side error
            status = -1
        out.append(("gradio", status, (time.perf_counter() - start) * 1000))


def summary(rows: list, seconds: float) -> dict:
    ok = [ms for _, status, ms in rows if status == 200]
    return {"requests": len(rows), "errors": sum(1 for _, s, _ in rows if s != 200),
            "throughput_per_s": round(len(ok) / seconds, 2),
            "p50_ms": round(statistics.median(ok), 1) if ok else None,
            "p95_ms": round(pct(ok, 0.95), 1) if ok else None,
            "p99_ms": round(pct(ok, 0.99), 1) if ok else None}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--golden", type=Path, default=REPO / "corpus/eval/golden.yaml")
    ap.add_argument("--out", type=Path, default=REPO / "docs/benchmarks.md")
    a = ap.parse_args()
    port = free_port()
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"}
    process = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port",
                                str(port)], cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    asks = questions(a.golden)
    try:
        wait_ready(url, process)
        with httpx.Client(base_url=url, timeout=120) as warm:
            warm.post("/api/ask", json=asks[0])
            single = []
            stop = time.monotonic() + 15
            api_client(url, 200, stop, asks, single)
        rows: list = []
        stop = time.monotonic() + a.seconds
        threads = [threading.Thread(target=api_client if i % 2 == 0 else gradio_user,
                                    args=(url, i, stop, asks, rows))
                   for i in range(a.clients)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(a.seconds + 180)
        elapsed = time.monotonic() - started
        transport = httpx.HTTPTransport(local_address="127.0.0.250")
        with httpx.Client(base_url=url, timeout=60, transport=transport) as flood:
            codes = [flood.post("/api/ask", json={"question": "?"}).status_code
                     for _ in range(60)]
    finally:
        process.terminate()
        process.wait(30)
    result = {"clients": a.clients, "seconds": a.seconds,
              "single_client": summary(single, 15),
              "all": summary(rows, elapsed),
              "api": summary([r for r in rows if r[0] == "api"], elapsed),
              "gradio": summary([r for r in rows if r[0] == "gradio"], elapsed),
              "flood_429": codes.count(429), "flood_requests": len(codes)}
    write(a.out, result)
    print(json.dumps(result))


def write(out: Path, r: dict) -> None:
    rows = [(name, r[key]) for name, key in (("one client alone, 15 s", "single_client"),
                                               ("all clients", "all"), ("REST clients", "api"),
                                               ("Gradio queue clients", "gradio"))]
    table = "\n".join(
        f"| {name} | {s['requests']} | {s['errors']} | {s['throughput_per_s']} | "
        f"{s['p50_ms']} | {s['p95_ms']} | {s['p99_ms']} |" for name, s in rows)
    text = out.read_text("utf-8") if out.exists() else "# Benchmarks\n"
    text = re.sub(r"\n## Load \(issue 9\).*?(?=\n## |\Z)", "", text, flags=re.S)
    section = f"""## Load (issue 9) ({time.strftime('%Y-%m-%d')}, `make loadtest`)

{r['clients']} concurrent clients for {r['seconds']:g} s on loopback (half `POST /api/ask`, each
from its own 127.0.0.x address; half through the Gradio queue with `gradio_client`), questions
drawn from the golden set. One `assistant serve` process, 2 shared cores.

| clients | requests | errors | answers/s | p50 ms | p95 ms | p99 ms |
|---|---|---|---|---|---|---|
{table}

Then one client flooding: {r['flood_429']} of {r['flood_requests']} requests got 429 (rate
limit per client: `ASSISTANT_RATE_PER_MINUTE`, `ASSISTANT_RATE_BURST`). Answers are computed in
a pool of `ASSISTANT_ANSWER_WORKERS` (4) with `ASSISTANT_ANSWER_QUEUE` (32) waiting; Gradio's
queue has the same concurrency limit and a bounded size.
"""
    out.write_text(text.rstrip() + "\n\n" + section, "utf-8")


if __name__ == "__main__":
    main()
