"""DOCX loader: python-docx paragraphs, `Heading N` styles as `#` lines, tables as rows.

Runs in the sandbox child (see sandbox.py); the zip is checked first (archive.py) so a zip
bomb is refused before python-docx inflates anything.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from ingest.errors import LoadError
from ingest.loaders._common import normalise_text, text_document
from ingest.loaders.archive import Rejected, bomb_message, check_archive, out_of_memory
from ingest.loaders.markdown import first_h1
from ingest.models import Document

_HEADING = re.compile(r"^Heading (\d)$")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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


def _reason(exc: Exception) -> str:
    return " ".join(f"{type(exc).__name__}: {exc}".split())[:160]


def load_docx(path: Path, source: str) -> Document:
    """Load a Word .docx file (in the sandbox child) as one block; core title as metadata."""
    if path.stat().st_size == 0:
        raise LoadError("the file is empty: add content or remove it from the corpus")
    try:
        with zipfile.ZipFile(path) as archive:
            check_archive(archive)
        document = docx.Document(str(path))
    except Rejected as exc:
        if exc.kind == "encrypted":
            raise LoadError(f"{exc.reason}: save it without a password from Word") from None
        raise LoadError(bomb_message(exc.reason, "DOCX", "Word")) from None
    except zipfile.BadZipFile as exc:
        with open(path, "rb") as file:
            if file.read(8) == OLE_MAGIC:
                raise LoadError(
                    "an old .doc or a password-protected .docx (an OLE file, not a zip): "
                    "open it in Word or LibreOffice and save it as .docx without a password"
                ) from None
        raise LoadError(
            f"not a valid .docx file (not a zip: {exc}): it may be corrupt or truncated; "
            "open it in Word or LibreOffice and save it as .docx"
        ) from None
    except (PackageNotFoundError, KeyError, ValueError, OSError, etree.LxmlError) as exc:
        if out_of_memory(exc):
            raise MemoryError from None
        if "resource limit exceeded" in str(exc).lower():
            raise LoadError(
                f"exceeds the XML parser's safety limits ({_reason(exc)}); the DOCX file may "
                "be hostile: re-save it from Word, or split it"
            ) from None
        raise LoadError(
            f"not a valid .docx file ({_reason(exc)}): it may be corrupt or an old .doc; "
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
