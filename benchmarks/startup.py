"""Where `assistant serve`'s start-up goes: its phases, one after another, in a fresh process.

`assistant.server.build_app` does the same steps in the same order (the warm-up, then gradio);
here each is timed alone, wall and CPU seconds, so the sum shows which part bounds `/readyz`.
The child reads the served app's environment (`bench_serve.serve_env`). Alone:
`.venv/bin/python benchmarks/startup.py` over the configured data folder prints JSON.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

PHASES = ("python and our imports", "settings and workspace", "Kiwi (constructor)",
          "Kiwi (first analysis)", "model (first query)", "index (open and load)",
          "extractive warm-up", "import gradio", "UI built and mounted")


def phases() -> dict[str, dict[str, float]]:
    """Child side: each phase's wall and CPU seconds (the process's CPU: all threads)."""
    marks: dict[str, dict[str, float]] = {}
    last = [0.0, 0.0]  # the interpreter's own start is not counted

    def mark(name: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        marks[name] = {"wall_s": round(wall - last[0], 3), "cpu_s": round(cpu - last[1], 3)}
        last[:] = [wall, cpu]

    last[:] = [time.perf_counter(), time.process_time()]
    from assistant import server
    from assistant.settings import Settings
    from ingest.text import kiwi
    mark(PHASES[0])
    settings = Settings()
    workspace = server.build_workspace(settings)
    mark(PHASES[1])
    analyser = kiwi()
    mark(PHASES[2])
    analyser.analyze("센터를 소개합니다.")
    mark(PHASES[3])
    assistant = workspace.assistant
    assistant.embedder.embed_query("warm up")
    mark(PHASES[4])
    _ = assistant.reader.generation
    mark(PHASES[5])
    assistant.extractive.warm_up()
    mark(PHASES[6])
    from assistant.ui.gradio_import import import_gradio

    import_gradio()  # as build_app imports it
    mark(PHASES[7])
    server.build_app(settings, workspace, warm_up=False)
    mark(PHASES[8])
    return marks


def measure(env: dict[str, str], runs: int = 3) -> dict[str, Any]:
    """Median wall and CPU seconds of each phase over `runs` fresh processes."""
    results = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, __file__], env=env, capture_output=True,
                              text=True, check=True, timeout=300, cwd=Path(__file__).parents[1])
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    out = {name: {key: round(statistics.median(r[name][key] for r in results), 3)
                  for key in ("wall_s", "cpu_s")} for name in PHASES}
    out["(sum)"] = {key: round(sum(out[name][key] for name in PHASES), 3)
                    for key in ("wall_s", "cpu_s")}
    return {"runs": runs, "phases": out}


if __name__ == "__main__":
    print(json.dumps(phases()))
