"""The corpus as documents: what is indexed (the served generation's manifest and chunk
records, as the index reader holds them, so a replica on a Chroma server lists them too), the file
behind a doc_id (only under the corpus and export folders), uploads and deletions.

Uploads are checked (type, size, emptiness) before anything is saved, and their names are
sanitised, so a name can neither leave the upload folder nor forge lines in a report.
"""

from __future__ import annotations

import html
import os
import re
import tempfile
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from assistant.i18n import UserInputError
from ingest.errors import IndexMissingError
from ingest.loaders import SUPPORTED_SUFFIXES

MEDIA_TYPES = {
    ".pdf": "application/pdf", ".md": "text/markdown; charset=utf-8",
    ".markdown": "text/markdown; charset=utf-8", ".txt": "text/plain; charset=utf-8",
    ".html": "text/html; charset=utf-8", ".htm": "text/html; charset=utf-8",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".hwp": "application/x-hwp", ".hwpx": "application/hwp+zip",
}
_UNSAFE = re.compile(r"[^\w.\-가-힣]+")


@dataclass
class DocumentInfo:
    """One indexed document as the documents tab and `GET /api/documents` show it."""

    doc_id: str
    title: str
    source: str  # path under the corpus folder
    format: str
    chunks: int
    size: int
    indexed_at: float  # when the generation holding it was written (epoch seconds)
    url: str = ""
    category: str = ""
    language: str = ""

    def to_json(self) -> dict[str, Any]:
        """As plain JSON."""
        return asdict(self)


def safe_filename(name: str, max_chars: int = 120) -> str:
    """A file name that stays in its folder: no path parts, control characters or odd
    symbols (Hangul, letters, digits, `.`, `-`, `_` are kept); the suffix is kept lower-case."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1])
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = _UNSAFE.sub("-", stem).strip("-.") or "document"
    suffix = _UNSAFE.sub("", suffix).lower()
    stem = stem[: max(1, max_chars - len(suffix) - 1)]
    return f"{stem}.{suffix}" if suffix else stem


class Catalogue:
    """Documents of the served generation, and the corpus files behind them."""

    def __init__(self, corpus_dir: Path, reader, upload_dir: Path,
                 max_file_mb: float) -> None:
        self.corpus_dir = corpus_dir
        self.reader = reader  # assistant.index.IndexReader: follows the served generation
        self.upload_dir = upload_dir
        self.max_file_mb = max_file_mb

    def documents(self) -> list[DocumentInfo]:
        """Every indexed document, by source path."""
        try:
            self.reader.refresh()
            manifest, chunks = self.reader.manifest, self.reader.chunks()
        except IndexMissingError:
            return []
        created = float(manifest.get("created") or 0.0)
        first: dict[str, Any] = {}
        for chunk in chunks:
            first.setdefault(chunk.source, chunk)
        docs = []
        for source, entry in sorted(manifest.get("files", {}).items()):
            chunk = first.get(source)
            meta = chunk.metadata if chunk else {}
            docs.append(DocumentInfo(
                doc_id=entry.get("doc_id") or source, source=source,
                title=chunk.title if chunk else source, format=Path(source).suffix.lstrip("."),
                chunks=int(entry.get("chunks") or 0), size=int(entry.get("size") or 0),
                indexed_at=created, url=str(meta.get("url") or ""),
                category=str(meta.get("category") or ""),
                language=str(meta.get("language") or "")))
        return docs

    def document(self, doc_id: str) -> DocumentInfo:
        """The document with this id, or a 404 UserInputError."""
        for doc in self.documents():
            if doc.doc_id == doc_id:
                return doc
        raise UserInputError("document_unknown", status=404, doc_id=doc_id[:200])

    def path(self, doc: DocumentInfo) -> Path:
        """The corpus file of `doc`; never a path outside the corpus folder."""
        root = self.corpus_dir.resolve()
        path = (root.parent / doc.source).resolve()  # sources are named from the corpus's parent
        if not path.is_relative_to(root) or not path.is_file():
            raise UserInputError("document_unknown", status=404, doc_id=doc.doc_id[:200])
        return path

    def html(self, doc: DocumentInfo, highlight: str = "") -> str:
        """A text document as a standalone HTML page (Markdown rendered, front matter left
        out), with `highlight` marked where it occurs."""
        from markdown_it import MarkdownIt

        text = self.path(doc).read_text(encoding="utf-8", errors="replace")
        if doc.format in ("md", "markdown"):
            text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
            body = MarkdownIt("commonmark", {"html": False}).enable("table").render(text)
        else:
            body = f"<pre>{html.escape(text)}</pre>"
        return self._page(doc, body, highlight)

    def text_html(self, doc: DocumentInfo, text: str, highlight: str = "") -> str:
        """A document of another format (HTML, DOCX, HWP, HWPX) as the text that was indexed,
        headings rendered, never its raw markup."""
        from markdown_it import MarkdownIt

        body = MarkdownIt("commonmark", {"html": False}).enable("table").render(text)
        return self._page(doc, body, highlight)

    def _page(self, doc: DocumentInfo, body: str, highlight: str) -> str:
        if highlight:
            needle = html.escape(highlight.strip())
            if needle and needle in body:
                body = body.replace(needle, f'<mark id="cited">{needle}</mark>', 1)
        title = html.escape(doc.title)
        source = (f'<p class="src">원문 출처 / source: <a href="{html.escape(doc.url)}">'
                  f"{html.escape(doc.url)}</a></p>") if doc.url else ""
        return (f'<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>{title}'
                "</title><style>body{font-family:'Noto Sans CJK KR',sans-serif;max-width:52em;"
                "margin:2em auto;padding:0 1em;line-height:1.6}mark{background:#ffe58a}"
                "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em}"
                f"</style></head><body><p><small>{html.escape(doc.source)}</small></p>"
                f"{source}{body}</body></html>")

    def check_upload(self, name: str, size: int) -> str:
        """The sanitised name of an upload, or a UserInputError (type, size, empty)."""
        clean = safe_filename(name)
        suffix = Path(clean).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            raise UserInputError("upload_type", status=415, name=clean,
                                 allowed=" ".join(sorted(SUPPORTED_SUFFIXES)))
        if size == 0:
            raise UserInputError("upload_empty", name=clean)
        if size > self.max_file_mb * 1024 * 1024:
            raise UserInputError("upload_size", status=413, name=clean,
                                 size_mb=size / 1024 / 1024, limit_mb=self.max_file_mb)
        return clean

    def save_upload(self, name: str, data: bytes) -> str:
        """Save an upload under the upload folder (atomically); return its corpus path."""
        clean = self.check_upload(name, len(data))
        self.upload_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.upload_dir, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, self.upload_dir / clean)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return (self.upload_dir / clean).resolve().relative_to(
            self.corpus_dir.resolve().parent).as_posix()

    def delete(self, doc_id: str) -> DocumentInfo:
        """Remove the document's file (and its sidecar) from the corpus; re-index to drop its
        chunks."""
        doc = self.document(doc_id)
        path = self.path(doc)
        path.unlink()
        path.with_name(path.stem + ".meta.yaml").unlink(missing_ok=True)
        return doc
