"""Find the files to ingest: walk the given paths, honour `.ingestignore`, check size and type."""

from __future__ import annotations

import fnmatch
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

IGNORE_FILE = ".ingestignore"


@dataclass
class SourceFile:
    """A file found on disk, with the key it is indexed under and its content hash."""

    path: Path
    source: str  # POSIX path relative to the corpus root's parent ("corpus/vouchers/x.md")
    sha256: str
    size: int


@dataclass
class Failure:
    """A file that could not be ingested, and why (a sentence a person can act on)."""

    path: str
    error: str


def source_key(path: Path, corpus_root: Path) -> str:
    """The stable name of a file in the index: relative to the corpus root's parent if inside."""
    path, root = path.resolve(), corpus_root.resolve()
    if path.is_relative_to(root):
        return path.relative_to(root.parent).as_posix()
    return path.as_posix()


def read_ignore(corpus_root: Path) -> list[str]:
    """Glob patterns from `<corpus>/.ingestignore` (one per line, `#` comments)."""
    file = corpus_root / IGNORE_FILE
    if not file.is_file():
        return []
    lines = (line.strip() for line in file.read_text("utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def is_ignored(rel: str, patterns: list[str]) -> bool:
    """Whether a corpus-relative POSIX path matches an ignore pattern (`**/` may match nothing)."""
    for pat in patterns:
        if fnmatch.fnmatch(rel, pat) or (pat.startswith("**/") and fnmatch.fnmatch(rel, pat[3:])):
            return True
    return False


def _walk(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    found = []
    for folder, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(folder) / f for f in sorted(files) if not f.startswith(".")]
    return found


def discover(
    paths: list[Path], corpus_root: Path, supported: frozenset[str], max_file_mb: float
) -> tuple[list[SourceFile], list[Failure]]:
    """Files under `paths` to ingest, and the ones refused before loading (type, size, missing)."""
    patterns = read_ignore(corpus_root)
    root = corpus_root.resolve()
    files: dict[str, SourceFile] = {}
    failures: list[Failure] = []
    for given in paths:
        if not given.exists():
            failures.append(Failure(str(given), "no such file or folder: check the path"))
            continue
        for path in _walk(given):
            resolved = path.resolve()
            if resolved.is_relative_to(root) and is_ignored(
                resolved.relative_to(root).as_posix(), patterns
            ):
                continue
            failure = _refuse(path, supported, max_file_mb)
            if failure:
                failures.append(failure)
                continue
            data = path.read_bytes()
            key = source_key(path, corpus_root)
            files[key] = SourceFile(path, key, hashlib.sha256(data).hexdigest(), len(data))
    return list(files.values()), failures


def _refuse(path: Path, supported: frozenset[str], max_file_mb: float) -> Failure | None:
    suffix = path.suffix.lower()
    if suffix not in supported:
        kinds = ", ".join(sorted(supported))
        return Failure(
            str(path),
            f"unsupported file type {suffix or '(no extension)'!r}: convert it to one of "
            f"{kinds}, or list it in {IGNORE_FILE}",
        )
    size_mb = path.stat().st_size / 1_048_576
    if size_mb > max_file_mb:
        return Failure(
            str(path),
            f"file is {size_mb:.1f} MB, over the {max_file_mb:g} MB limit: split it, or raise "
            "ASSISTANT_MAX_FILE_MB",
        )
    return None
