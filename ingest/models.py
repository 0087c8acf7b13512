"""Data that crosses the write path's stages: Document -> Chunk."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ingest.discover import Failure


@dataclass
class Block:
    """A run of text with its place in the source: a PDF page, or a whole text file."""

    text: str
    page: int | None = None  # 1-based PDF page number; None for non-paged formats


@dataclass
class Document:
    """One loaded file: its text blocks and its metadata (front matter, PDF info, sidecar)."""

    doc_id: str
    source: str  # path relative to the corpus root (or as given), POSIX style
    format: str  # "markdown" | "text" | "html" | "docx" | "pdf"
    blocks: list[Block]
    metadata: dict[str, Any] = field(default_factory=dict)  # title, category, audience, ...
    warnings: list[str] = field(default_factory=list)  # e.g. "page 3: scanned page, no text"

    @property
    def title(self) -> str:
        """Title from metadata, else the file name."""
        return str(self.metadata.get("title") or self.source.rsplit("/", 1)[-1])


@dataclass
class Chunk:
    """A piece of a document small enough to embed, with exact provenance."""

    chunk_id: str  # f"{doc_id}:{position}:{content_hash[:12]}"
    doc_id: str
    text: str
    position: int  # order of the chunk within its document, from 0
    source: str
    title: str
    page: int | None = None
    section: str = ""  # heading path ("제2장 > 제11조 (데이터안심구역 지정)") or article label
    content_hash: str = ""  # sha256 of text
    metadata: dict[str, Any] = field(default_factory=dict)  # category, audience, language, ...

    @property
    def context_text(self) -> str:
        """Header (title, section) + text: what is embedded and keyword-indexed."""
        return context_header(self.title, self.section) + "\n" + self.text


def context_header(title: str, section: str) -> str:
    """The line put before a chunk's text when it is embedded and keyword-indexed."""
    return f"{title} | {section}" if section else title


@dataclass
class IngestReport:
    """What an ingest did: counts of files, total chunks afterwards, failures, time."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    chunks: int = 0
    embedded: int = 0  # chunks whose vectors had to be computed (not in the cache)
    derived: int = 0  # items `derive` computed for the new chunks (sentence vectors)
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
