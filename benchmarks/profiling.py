"""Profiles behind docs/benchmarks.md, summarised as tables: pyinstrument in this process
(`profile_top`) and py-spy attached to a running server (`spy`).

Both are sampling profilers, so they cost the profiled code little and count wall time: a
thread waiting for the embedder's worker shows the wait. Each summary lists the functions
with the most time, under them (cumulative) and in themselves (own), leaving out the
outermost frames that hold nearly all of it and the import machinery."""
from __future__ import annotations

import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

INTERVAL_S = 0.001  # pyinstrument's sampling interval
SPY_RATE = 100  # py-spy samples per second
PASS_ON = 0.97  # a frame whose one callee holds this share of its time is left to the callee


def _where(path: str, line: int | None, name: str) -> str:
    """"folder/file.py:line name", as the tables show a function."""
    if not path or path.startswith("<"):
        return name
    p = Path(path)
    return f"{p.parent.name}/{p.name}:{line} {name}"


def _skipped(path: str) -> bool:
    return "<frozen" in path or "importlib" in path


class Node:
    """One function in a call tree: its time (or samples) with everything it called, and
    its callees by name."""

    def __init__(self, key: str) -> None:
        self.key, self.total, self.children = key, 0.0, {}

    def child(self, key: str) -> Node:
        if key not in self.children:
            self.children[key] = Node(key)
        return self.children[key]

    @property
    def own(self) -> float:
        return self.total - sum(c.total for c in self.children.values())


def rank(root: Node, total: float, n: int) -> list[tuple[float, float, str]]:
    """The `n` functions with the most cumulative time as (cumulative, own, name), most
    first. A function counts once per stack (recursion); the outermost frames, holding 90% of
    `total` or more, are left out; so is a wrapper that hands nearly all its time to one
    callee that calls others: the callee shows it, so a chain of decorators and forward() calls
    takes one row, not fourteen (the last caller of a built-in keeps its row)."""
    cumulative: Counter[str] = Counter()
    own: Counter[str] = Counter()

    def walk(node: Node, above: frozenset[str]) -> None:
        own[node.key] += node.own
        passes = any(c.total >= PASS_ON * node.total and c.children
                     for c in node.children.values())
        if node.key not in above and not passes:
            cumulative[node.key] += node.total
        for c in node.children.values():
            walk(c, above | {node.key})

    for top in root.children.values():
        walk(top, frozenset())
    return sorted(((cum, own[key], key) for key, cum in cumulative.items()
                   if cum < 0.9 * total), reverse=True)[:n]


def profile_top(fn: Callable[[], Any], n: int = 14) -> list[dict[str, Any]]:
    """Run `fn` under pyinstrument (one sample per millisecond, the calling thread); the `n`
    functions with the most cumulative time (see `rank`), with their own time, then the
    total. Build what the profile should not include, such as Kiwi, before: built under
    pyinstrument's hook, Kiwi crashed the process."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=INTERVAL_S)
    start = time.perf_counter()
    profiler.start()
    try:
        fn()
    finally:
        session = profiler.stop()
    total = time.perf_counter() - start
    root = Node("")

    def add(frame: Any, into: Node) -> None:  # pyinstrument's tree, without its synthetic
        if frame.is_synthetic or _skipped(frame.file_path or ""):  # [self] and import frames
            for c in frame.children:
                add(c, into)
            return
        node = into.child(_where(frame.file_path or "", frame.line_no, frame.function))
        node.total += frame.time
        for c in frame.children:
            add(c, node)

    if (top := session.root_frame()) is not None:
        add(top, root)
    return [{"function": key, "cumulative_s": round(cum, 2), "own_s": round(mine, 2)}
            for cum, mine, key in rank(root, total, n)] + [
        {"function": "(total)", "cumulative_s": round(total, 2), "own_s": 0}]


# py-spy --format raw: one line per distinct stack, "frame;frame;... count", root first; a
# frame is "function (path:line)", the thread "thread (0x…)" first with --threads.
_FRAME = re.compile(r"^(?P<name>.*?) \((?P<path>[^()]*?)(?::(?P<line>\d+))?\)$")


def summarise_collapsed(text: str, seconds: float, rate: int = SPY_RATE,
                        n: int = 14) -> dict[str, Any]:
    """The functions in most samples of a py-spy raw profile (see `rank`; inclusive and own
    share of all samples), and samples per tick: the Python threads caught running at once,
    on average (with `--gil`, the share of the time one of them held the GIL)."""
    root, samples = Node(""), 0
    for line in text.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        k = int(count)
        samples += k
        node = root
        for frame in stack.split(";"):
            m = _FRAME.match(frame)
            if m is None or m["name"] in ("thread", "process") or _skipped(m["path"]):
                continue
            node = node.child(_where(m["path"], int(m["line"]) if m["line"] else None,
                                     m["name"]))
            node.total += k
    ticks = seconds * rate
    return {"samples": samples, "seconds": round(seconds, 2), "rate": rate,
            "busy_per_tick": round(samples / ticks, 3) if ticks else None,
            "top": [{"function": key, "share": round(c / samples, 3),
                     "own_share": round(mine / samples, 3)}
                    for c, mine, key in rank(root, samples, n)]}


def spy(pid: int, seconds: float, gil: bool = False, out: Path | None = None) -> dict[str, Any]:
    """py-spy attached to process `pid` for `seconds` (no pauses: `--nonblocking`), samples
    of its Python threads that run (`--gil`: that hold the GIL), summarised; the raw profile
    is kept in `out` when given."""
    spy_bin = Path(sys.executable).with_name("py-spy")
    raw = out or Path(f"/tmp/py-spy-{pid}-{time.time_ns()}.txt")
    args = [str(spy_bin), "record", "--pid", str(pid), "--duration", str(round(seconds)),
            "--rate", str(SPY_RATE), "--nonblocking", "--function", "--format", "raw",
            "--output", str(raw)] + (["--gil"] if gil else [])
    done = subprocess.run(args, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode != 0 or not raw.exists():
        raise RuntimeError(f"py-spy failed ({done.returncode}): {done.stderr.strip()[-300:]}")
    text = raw.read_text("utf-8", errors="replace")
    if out is None:
        raw.unlink()
    return summarise_collapsed(text, round(seconds)) | {"gil_only": gil}
