"""DOCX loader: python-docx paragraphs, `Heading N` styles as `#` lines, tables as rows."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from ingest.errors import LoadError
from ingest.loaders._common import normalise_text, text_document
from ingest.loaders.markdown import first_h1
from ingest.models import Document

_HEADING = re.compile(r"^Heading (\d)$")


def _paragraph_line(paragraph: Paragraph) -> str:
    text = paragraph.text.strip()
    style = paragraph.style.name if paragraph.style is not None else ""
    if not text:
        return ""
    if style == "Title":
        return f"# {text}"
    match = _HEADING.match(style or "")
    return f"{'#' * min(int(match.group(1)), 6)} {text}" if match else text


def _table_lines(table: Table) -> list[str]:
    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:  # a merged cell appears once per grid column: keep it once
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            lines.append(" | ".join(cells))
    return lines


def load_docx(path: Path, source: str) -> Document:
    """Load a Word .docx file as one Markdown-like block; core title into metadata."""
    if path.stat().st_size == 0:
        raise LoadError("the file is empty: add content or remove it from the corpus")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise LoadError(
            f"not a valid .docx file ({type(exc).__name__}): it may be corrupt or an old .doc; "
            "open it in Word or LibreOffice and save it as .docx"
        ) from None
    parts: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            line = _paragraph_line(item)
            if line:
                parts.append(line)
        else:
            parts.append("\n".join(_table_lines(item)))
    text = normalise_text("\n\n".join(p for p in parts if p))
    if not text.strip():
        raise LoadError("the document has no text: check the file or remove it")
    title = (document.core_properties.title or "").strip() or first_h1(text)
    metadata = {"title": title} if title else {}
    return text_document(source, "docx", text, metadata)
