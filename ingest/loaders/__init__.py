"""Loaders: turn one file (Markdown, text, HTML, DOCX, PDF, HWP, HWPX) into a Document.

Each format lives in its own module and is imported on first use, so importing this package
stays cheap (the parser child process imports it too). PDF, HWP and HWPX files are parsed in
that child, under the same time and memory limits.
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
    """Load `path` by its suffix; raise LoadError with an actionable message on a bad file.

    The pdf_* limits apply to every file parsed in the child process: PDF, HWP and HWPX.
    """
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        from ingest.loaders.markdown import load_markdown

        return load_markdown(path, source)
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

        return load_pdf(path, source, timeout_s=pdf_timeout_s, memory_mb=pdf_memory_mb)
    if suffix == ".hwpx":
        from ingest.loaders.hwpx import load_hwpx

        return load_hwpx(path, source, timeout_s=pdf_timeout_s, memory_mb=pdf_memory_mb)
    if suffix == ".hwp":
        from ingest.loaders.hwp import load_hwp

        return load_hwp(path, source, timeout_s=pdf_timeout_s, memory_mb=pdf_memory_mb)
    raise LoadError(
        f"unsupported file type {suffix or '(none)'!r}: convert it to one of "
        + ", ".join(sorted(SUPPORTED_SUFFIXES))
    )
