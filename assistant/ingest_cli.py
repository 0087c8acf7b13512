"""`assistant ingest`: builds the embedder and options from Settings, shows progress, reports."""

from __future__ import annotations

import errno
import json
import sys
from pathlib import Path

import typer

from assistant.settings import Settings
from ingest.embedders import make_embedder
from ingest.errors import AssistantError
from ingest.limits import shown
from ingest.pipeline import IngestOptions, Ingestor, IngestReport
from ingest.store import Generations


def ingest_options(settings: Settings) -> IngestOptions:
    """The write path's options, from the one Settings object."""
    return IngestOptions(
        data_dir=settings.data_dir, corpus_dir=settings.corpus_dir, chroma=settings.chroma,
        collection=settings.collection, chunk_size=settings.chunk_size,
        chunk_overlap=settings.chunk_overlap, pdf_timeout_s=settings.pdf_timeout_s,
        pdf_memory_mb=settings.pdf_memory_mb, max_file_mb=settings.max_file_mb,
        lock_timeout_s=settings.lock_timeout_s,
    )


def make_ingestor(settings: Settings, embedder, publish_every_s: float = 0.0) -> Ingestor:
    """The write path with the read path's step: sentence vectors for answers
    (assistant.compose.prepare), embedded after each new chunk is published."""
    from assistant.compose.prepare import sentence_vectors
    from ingest.cache import CACHE_FILE, CachedEmbedder

    options = ingest_options(settings)
    options.publish_every_s = publish_every_s
    derive = sentence_vectors(CachedEmbedder(embedder, settings.data_dir / CACHE_FILE))
    return Ingestor(options, embedder, derive=derive if settings.prepare_sentences else None)


def run_ingest(
    settings: Settings, paths: list[Path], *, rebuild: bool, json_out: bool, if_missing: bool
) -> int:
    """Run one ingest; return the exit code (0 all files ingested, 1 some failed)."""
    if if_missing and Generations(settings.index_dir, settings.chroma,
                                  settings.collection).current():
        if not json_out:
            typer.echo(f"index present in {settings.data_dir}: skipping ingest")
        return 0
    ingestor = make_ingestor(settings, make_embedder(settings.embedder, settings.openai_api_key))
    try:
        if json_out or not sys.stderr.isatty():
            report = ingestor.run(paths or None, rebuild=rebuild)
        else:
            report = _with_progress(ingestor, paths, rebuild)
    except AssistantError:
        raise
    except Exception as exc:  # disk full, read-only folder, Chroma refusing a write
        raise AssistantError(write_failure(settings.data_dir, exc)) from None
    if json_out:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        _print_report(report)
    return 1 if report.failed else 0


def write_failure(data_dir: Path, exc: Exception) -> str:
    """The message for an index that could not be written: why, and that nothing was lost."""
    reason = " ".join(str(exc).split())[:300] or type(exc).__name__
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC or "full" in reason.lower():
        hint = "the disk is full (no space left): free some space"
    elif isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        hint = "the data folder cannot be written: check its permissions"
    else:
        hint = "check the data folder (space, permissions)"
    return (f"could not write the index in {data_dir} ({type(exc).__name__}: {reason}); "
            f"{hint}, then run `assistant ingest` again. Nothing was lost: the previous index "
            "is still served and computed vectors are kept in the cache")


def _with_progress(ingestor: Ingestor, paths: list[Path], rebuild: bool) -> IngestReport:
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            label = {"load": "Reading files", "embed": "Embedding chunks",
                     "sentences": "Embedding sentences for answers"}.get(stage, stage)
            if stage not in tasks:
                tasks[stage] = bar.add_task(label, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        return ingestor.run(paths or None, rebuild=rebuild, progress=progress)


def _print_report(r: IngestReport) -> None:
    typer.echo(
        f"added {r.added}, updated {r.updated}, unchanged {r.unchanged}, removed {r.removed} "
        f"files; {r.chunks} chunks in the index ({r.embedded} embedded now, and {r.derived} "
        f"sentences for answers) in {r.seconds:.1f} s"
    )
    for w in r.warnings:  # names are escaped (a newline in one cannot forge a line)
        typer.echo(f"warning: {shown(w)}", err=True)
    for f in r.failed:
        typer.echo(f"FAILED {shown(f.path)}: {shown(f.error)}", err=True)
