"""Incremental, atomic ingest: sync the index with the files under the given paths.

Unchanged files (same sha256, same chunking settings) keep their chunks and vectors; changed files
are re-loaded and re-chunked; vanished files are dropped; vectors come from the SQLite embedding
cache when the same text was embedded before. The result is published as a new index generation
(see ingest.store), under a lock (filelock) so two ingests never write at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock, Timeout

from ingest.cache import EmbeddingCache, text_key
from ingest.chunking import chunk_document
from ingest.discover import Failure, SourceFile, discover, source_key
from ingest.embedders import Embedder
from ingest.errors import IndexBusyError, LoadError
from ingest.limits import fit_chunks, fit_document, shown, shown_message
from ingest.loaders import SUPPORTED_SUFFIXES, load_file
from ingest.models import Chunk
from ingest.store import (
    Generations,
    check_embedder,
    read_chunks,
    read_manifest,
    verify_current,
    write_generation,
)

Progress = Callable[[str, int, int], None]  # (stage, done, total)


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
    batch_size: int = 32


@dataclass
class IngestReport:
    """What an ingest did: counts of files, total chunks afterwards, failures, time."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    chunks: int = 0
    embedded: int = 0  # chunks whose vectors had to be computed (not in the cache)
    failed: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    generation: str = ""

    def to_json(self) -> dict[str, Any]:
        """The `--json` object of `assistant ingest`."""
        data = asdict(self)
        data["failed"] = [asdict(f) for f in self.failed]
        data["seconds"] = round(self.seconds, 3)
        return data


def _in_scope(source: str, scope: list[str]) -> bool:
    return any(source == s or source.startswith(s.rstrip("/") + "/") for s in scope)


class Ingestor:
    """Runs one ingest for a data directory with a given embedder."""

    def __init__(self, options: IngestOptions, embedder: Embedder) -> None:
        self.opt = options
        self.embedder = embedder
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
                "embedder": self.embedder.identity}

    def _previous(self, rebuild: bool) -> tuple[dict[str, Any], dict[str, list[Chunk]]]:
        current = self.generations.current()
        if rebuild or not current or not (self.generations.dir / current).is_dir():
            return {}, {}
        folder = self.generations.dir / current
        manifest = read_manifest(folder)
        check_embedder(manifest, self.embedder.identity, self.opt.data_dir)
        by_source: dict[str, list[Chunk]] = {}
        for chunk in read_chunks(folder):
            by_source.setdefault(chunk.source, []).append(chunk)
        return manifest, by_source

    def _run(self, paths: list[Path], rebuild: bool, progress: Progress) -> IngestReport:
        start = time.perf_counter()
        self.generations.dir.mkdir(parents=True, exist_ok=True)
        self.generations.collect(self.opt.chroma, self.opt.collection)  # unfinished leftovers
        report = IngestReport()
        damaged = verify_current(self.generations)
        report.warnings += [f"rebuilding the index: {problem}" for problem in damaged]
        manifest, old_chunks = self._previous(rebuild or bool(damaged))
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
                report.failed.append(Failure(shown(str(sf.path)), _reason(exc)))
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
        self._check_doc_ids(files, chunks, report, old_files, old_chunks, fresh)
        seen = {sf.source for sf in found}
        report.removed = sum(
            1 for s in old_files if _in_scope(s, scope) and s not in seen and s not in files
        )
        all_chunks = [c for source in sorted(chunks) for c in chunks[source]]
        report.chunks = len(all_chunks)
        changed = report.added or report.updated or report.removed or not same_config
        if changed or rebuild or damaged or not self.generations.current():
            vectors = self._vectors(all_chunks, report, progress)
            name = self.generations.next_name()
            write_generation(
                self.generations.dir / name, chunks=all_chunks, vectors=vectors,
                manifest={"files": files, "config": self._config(), "created": time.time()},
                chroma=self.opt.chroma, collection=self.opt.collection,
                embedder_identity=self.embedder.identity,
            )
            self.generations.publish(name)
            self.generations.collect(self.opt.chroma, self.opt.collection)
        report.generation = self.generations.current() or ""
        report.seconds = time.perf_counter() - start
        return report

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

    def _check_doc_ids(self, files: dict, chunks: dict, report: IngestReport,
                       old_files: dict, old_chunks: dict, fresh: dict[str, SourceFile]) -> None:
        """Refuse a file whose doc_id another file holds; report both files.

        The file that held the doc_id in the index before keeps it. Among newcomers the tie is
        broken by `official: true` in the metadata, then the oldest file (mtime), then the path.
        """
        claims: dict[str, list[str]] = {}
        for source in files:
            if doc_id := files[source].get("doc_id"):
                claims.setdefault(doc_id, []).append(source)
        for doc_id, sources in claims.items():
            if len(sources) < 2:
                continue
            ranked = sorted(sources, key=lambda src: _rank(src, doc_id, old_files, chunks, fresh))
            winner, why = ranked[0], _why(ranked[0], ranked[1], doc_id, old_files, chunks, fresh)
            for source in ranked[1:]:
                report.failed.append(Failure(shown(source), (
                    f"doc_id {shown(doc_id)!r} is already used by {shown(winner)}, which keeps it "
                    f"({why}): give this file its own doc_id in its front matter or sidecar")))
                report.warnings.append(
                    f"{shown(winner)}: doc_id {shown(doc_id)!r} is also claimed by "
                    f"{shown(source)}, which was not indexed ({why})")
                if source in old_files:  # keep its previous version: nothing indexed is lost
                    report.updated -= int(source in fresh)
                    files[source], chunks[source] = old_files[source], old_chunks.get(source, [])
                else:
                    report.added -= int(source in fresh)
                    del files[source], chunks[source]

    def _vectors(self, chunks: list[Chunk], report: IngestReport, progress: Progress):
        keys = [text_key(c.context_text) for c in chunks]
        cache = EmbeddingCache(self.opt.data_dir / "embeddings.sqlite")
        try:
            have = cache.get_many(self.embedder.identity, keys)
            todo = [i for i, k in enumerate(keys) if k not in have]
            for start in range(0, len(todo), self.opt.batch_size):
                progress("embed", start, len(todo))
                batch = todo[start : start + self.opt.batch_size]
                vecs = self.embedder.embed_passages([chunks[i].context_text for i in batch])
                new = {keys[i]: v for i, v in zip(batch, vecs, strict=True)}
                cache.put_many(self.embedder.identity, new)  # committed: a kill keeps it
                have.update(new)
            progress("embed", len(todo), len(todo))
            report.embedded = len(todo)
        finally:
            cache.close()
        if not chunks:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([have[k] for k in keys])


def _quiet(stage: str, done: int, total: int) -> None:
    return None


def _reason(exc: Exception) -> str:
    """The failure message for one file: the LoadError's own, else what went wrong."""
    if isinstance(exc, LoadError):
        return shown_message(str(exc))
    if isinstance(exc, OSError):
        return shown_message(f"cannot be read ({exc.strerror or exc}): check the file")
    return shown_message(
        f"could not be processed ({type(exc).__name__}: {exc}): the file may be malformed or "
        "hostile; check it, and report this error if the file is fine")


def _official(source: str, chunks: dict[str, list[Chunk]]) -> bool:
    flag = chunks[source][0].metadata.get("official") if chunks.get(source) else None
    return flag is True or str(flag).strip().lower() in ("true", "yes")


def _rank(source: str, doc_id: str, old_files: dict, chunks: dict, fresh: dict) -> tuple:
    """Sort key among files claiming `doc_id`: indexed holder, official, oldest, path."""
    held = old_files.get(source, {}).get("doc_id") == doc_id
    mtime = fresh[source].mtime if source in fresh else 0.0
    return (not held, not _official(source, chunks), mtime, source)


def _why(winner: str, runner_up: str, doc_id: str, old_files: dict, chunks: dict,
         fresh: dict) -> str:
    first = _rank(winner, doc_id, old_files, chunks, fresh)
    second = _rank(runner_up, doc_id, old_files, chunks, fresh)
    reasons = ["it was indexed with this doc_id before", "it is marked official: true",
               "it is the older file", "its path sorts first"]
    return next(r for r, a, b in zip(reasons, first, second, strict=True) if a != b)
