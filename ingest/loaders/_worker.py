"""Runs inside the sandbox child process (see sandbox.py): every format's loader, under an
address-space limit. A request is (path, source, memory_mb); the answer is plain data.

This is the only place where the per-format `load_*` functions are meant to be called.
"""

from __future__ import annotations

import dataclasses
import gc
import resource
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ingest.errors import LoadError
from ingest.loaders.archive import out_of_memory
from ingest.models import Document

MAX_TEXT_CHARS = 16_000_000  # about 8,000 pages; more is a text bomb or should be split
TEXT_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")
MAX_TEXT_FILE_BYTES = 32 * 1024 * 1024  # Markdown, text and HTML files


def serve(conn: Connection) -> None:
    """Answer (path, source, memory_mb) requests with loaded documents until the pipe closes."""
    import logging

    # every parser is imported before the limit is set, once per worker
    import bs4  # noqa: F401
    import docx  # noqa: F401
    import olefile  # noqa: F401
    import pypdf  # noqa: F401

    from ingest.loaders import docx as _docx  # noqa: F401
    from ingest.loaders import html, hwp, hwpx, markdown, pdf, text  # noqa: F401

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings would flood stderr
    conn.send({"status": "ready"})
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        path, source, memory_mb = request
        result = answer(Path(path), source, memory_mb)
        gc.collect()  # parse trees (bs4, lxml proxies) hold cycles: free them before the next
        try:
            conn.send(result)
        except OSError:  # the parent gave up on this request (time limit) and left
            return


def answer(path: Path, source: str, memory_mb: int) -> dict[str, Any]:
    """Load `path` with RLIMIT_AS lowered to memory_mb; every failure becomes plain data."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = memory_mb * 1024 * 1024
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        document = load_local(path, source)
        return {"status": "ok", "document": dataclasses.asdict(document)}
    except MemoryError:
        return {"status": "memory"}
    except LoadError as exc:
        return {"status": "error", "message": str(exc)}
    except Exception as exc:  # a parser bug or an unexpected library error: this file's error
        if out_of_memory(exc):
            return {"status": "memory"}
        return {"status": "error", "message": unreadable(path, exc)}
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def unreadable(path: Path, exc: BaseException) -> str:
    """The LoadError text for an exception no loader turned into a clear message."""
    reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
    return (
        f"could not be parsed ({reason}): the file may be corrupt or hostile; "
        "re-export it or remove it from the corpus"
    )


def load_local(path: Path, source: str) -> Document:
    """Load `path` in this process by its suffix; only the sandbox child should call this."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES and path.stat().st_size > MAX_TEXT_FILE_BYTES:
        raise LoadError(
            f"is {path.stat().st_size // (1024 * 1024)} MB, over the "
            f"{MAX_TEXT_FILE_BYTES // (1024 * 1024)} MB limit for text files: split it"
        )
    document = _load_by_suffix(path, source, suffix)
    chars = sum(len(block.text) for block in document.blocks)
    if chars > MAX_TEXT_CHARS:
        raise LoadError(
            f"holds {chars:,} characters of text, over the limit of {MAX_TEXT_CHARS:,} "
            "(a text bomb?): split the document into smaller files"
        )
    return document


def _load_by_suffix(path: Path, source: str, suffix: str) -> Document:
    if suffix in (".md", ".markdown"):
        from ingest.loaders.html import strip_hidden_html
        from ingest.loaders.markdown import load_markdown

        document = load_markdown(path, source)
        for block in document.blocks:
            block.text = strip_hidden_html(block.text)
        if not any(block.text.strip() for block in document.blocks):
            raise LoadError(
                "the file has no visible text (only comments or hidden HTML): add text or remove it"
            )
        return document
    if suffix == ".txt":
        from ingest.loaders.text import load_text

        return load_text(path, source)
    if suffix in (".html", ".htm"):
        from ingest.loaders.html import load_html

        return load_html(path, source)
    if suffix == ".docx":
        from ingest.loaders.docx import load_docx

        return load_docx(path, source)
    if suffix == ".pdf":
        from ingest.loaders.pdf import load_pdf

        return load_pdf(path, source)
    if suffix == ".hwpx":
        from ingest.loaders.hwpx import load_hwpx

        return load_hwpx(path, source)
    if suffix == ".hwp":
        from ingest.loaders.hwp import load_hwp

        return load_hwp(path, source)
    raise LoadError(f"unsupported file type {suffix or '(none)'!r}")
