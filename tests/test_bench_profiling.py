"""benchmarks/profiling.py: the pyinstrument and py-spy summaries behind docs/benchmarks.md
(what the tables hold, never how fast anything ran)."""

import subprocess
import sys
import time
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from profiling import profile_top, spy, summarise_collapsed  # noqa: E402


def test_a_collapsed_profile_counts_each_function_once_a_stack():
    raw = "\n".join([
        "thread (0x1);main (app.py:1);ask (svc/service.py:10);embed (ing/embedders.py:5) 50",
        "thread (0x1);main (app.py:1);ask (svc/service.py:10);rank (svc/rank.py:3) 30",
        # a recursive function: once in the stack's share, its leaf is its own
        "thread (0x2);main (app.py:1);walk (svc/tree.py:7);walk (svc/tree.py:7) 20",
        "<frozen importlib._bootstrap> nonsense line without a count",
    ])
    out = summarise_collapsed(raw, seconds=1.0, rate=100)
    assert out["samples"] == 100
    assert out["busy_per_tick"] == 1.0
    rows = {r["function"]: r for r in out["top"]}
    # main holds every sample, so it is left out as an outermost frame
    assert "app.py:1 main" not in " ".join(rows)
    assert rows["svc/service.py:10 ask"]["share"] == 0.8
    assert rows["ing/embedders.py:5 embed"] == {
        "function": "ing/embedders.py:5 embed", "share": 0.5, "own_share": 0.5}
    assert rows["svc/tree.py:7 walk"] == {
        "function": "svc/tree.py:7 walk", "share": 0.2, "own_share": 0.2}
    assert [r["function"] for r in out["top"]][:2] == [
        "svc/service.py:10 ask", "ing/embedders.py:5 embed"]


def _slow() -> None:
    time.sleep(0.12)


def _quick() -> None:
    time.sleep(0.03)


def _both() -> None:
    _slow()
    _quick()


def _wrapper() -> None:
    _both()


def test_pyinstrument_ranks_the_function_that_waits_longest_first():
    rows = profile_top(lambda: (_wrapper(), _slow()))
    names = [r["function"].rsplit(" ", 1)[-1] for r in rows]
    assert names[-1] == "(total)"
    assert names.index("_slow") < names.index("_both") < names.index("_quick")
    slow = rows[names.index("_slow")]
    assert slow["cumulative_s"] >= 0.2  # two waits of 0.12 s: wall time, not CPU time
    assert rows[-1]["cumulative_s"] >= slow["cumulative_s"]
    # a wrapper that hands all its time to one callee is shown by that callee
    assert "_wrapper" not in names


def test_py_spy_attached_to_a_running_process_finds_its_busy_function(tmp_path):
    script = tmp_path / "busy.py"
    script.write_text(
        "import time\n"
        "def spin_a():\n"
        "    return sum(range(20000))\n"
        "def spin_b():\n"
        "    return sum(range(20000))\n"
        "def loop():\n"
        "    end = time.time() + 20\n"
        "    while time.time() < end:\n"
        "        spin_a()\n"
        "        spin_b()\n"
        "print('ready', flush=True)\n"
        "loop()\n")
    child = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        raw = tmp_path / "raw.txt"
        out = spy(child.pid, 1, out=raw)
    finally:
        child.kill()
        child.wait()
    assert raw.read_text().strip()  # the raw profile is kept where asked
    assert out["samples"] > 0 and out["gil_only"] is False
    assert out["busy_per_tick"] > 0.5  # one thread, always running
    # loop holds every sample (left out as outermost); the two spins share them
    shares = {r["function"].rsplit(" ", 1)[-1]: r["share"] for r in out["top"]}
    assert "loop" not in shares
    assert 0.2 < shares["spin_a"] < 0.8 and 0.2 < shares["spin_b"] < 0.8
