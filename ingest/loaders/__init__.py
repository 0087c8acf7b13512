"""Loaders: turn one file (Markdown, text, HTML, DOCX, PDF, HWP, HWPX) into a Document.

`load_file` is the only entry point: it hands every file to the sandbox child process
(sandbox.py), which parses it under a time and a memory limit and sends the Document back as
plain data, so the main process never parses an untrusted file. Each format lives in its own
module, imported on first use (importing this package stays cheap); the per-format `load_*`
functions run inside that child (see _worker.py).
"""

from __future__ import annotations

from pathlib import Path

from ingest.errors import LoadError
from ingest.models import Document

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(
    {".md", ".markdown", ".txt", ".html", ".htm", ".docx", ".pdf", ".hwp", ".hwpx"}
)

__all__ = ["SUPPORTED_SUFFIXES", "load_file"]


def load_file(
    path: Path, source: str, *, pdf_timeout_s: float = 60.0, pdf_memory_mb: int = 1024
) -> Document:
    """Load `path` by its suffix in the sandbox; raise LoadError with an actionable message.

    The pdf_* limits (named for their first use) apply to every format: each file gets
    pdf_timeout_s seconds and pdf_memory_mb MB of address space in the parser child.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(
            f"unsupported file type {suffix or '(none)'!r}: convert it to one of "
            + ", ".join(sorted(SUPPORTED_SUFFIXES))
        )
    if not path.is_file():
        raise LoadError(f"{path} is not a readable file: check the path")
    from ingest.loaders.sandbox import load_in_child

    return load_in_child(path, source, pdf_timeout_s, pdf_memory_mb)
