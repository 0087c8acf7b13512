"""Who keeps a `doc_id` two files claim: the file that held it in the index before, then a file
marked `official: true`, then the older file, then the path. The other file is refused and
both are reported; nothing indexed before is lost."""

from __future__ import annotations

from ingest.discover import Failure, SourceFile
from ingest.limits import shown
from ingest.models import Chunk


def check_doc_ids(files: dict, chunks: dict, report,
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
