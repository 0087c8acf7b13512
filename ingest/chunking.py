"""Chunking: Document -> Chunks that each fit the embedder, cut along the document's structure.

langchain-text-splitters does the splitting: MarkdownHeaderTextSplitter gives the heading path
(Markdown, HTML and DOCX arrive as Markdown), and RecursiveCharacterTextSplitter, measuring in
the embedder's tokens, cuts what is still too long. Korean statutes are cut at every article
(제N조, 제N조의M, matched by ingest.text.ARTICLE_KO); PDF text is cut per page, so a chunk never
spans two pages, and a short PDF line that reads as a heading (ingest.text.pdf_heading) starts
a section.

A document may give English headings for its Korean ones (front matter `headings_en`: Korean
heading -> English title, as the statutes in corpus/policies do). A chunk's innermost English
heading goes into its metadata (`section_en`: "Article 23 (Support for training data brokers)",
`ingest.headings`), which English answers show beside the Korean one in their references.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from langchain_text_splitters import MarkdownHeaderTextSplitter, RecursiveCharacterTextSplitter

from ingest.headings import (
    english_headings,
    english_section,
    fixed_section,
    heading_fixes,
    heading_label,
)
from ingest.models import Chunk, Document, context_header
from ingest.text import ARTICLE_KO, pdf_heading

_HEADERS = [("#" * level, f"h{level}") for level in range(1, 7)]
_ARTICLE_HEADING = re.compile(rf"^{ARTICLE_KO.pattern}(?=[\s(（]|$)")
_ARTICLE_LINE = re.compile(  # "제28조의2(가명정보의 처리 등) ..." at the start of a line
    rf"^\s*{ARTICLE_KO.pattern}\s*(?:\([^()\n]{{0,80}}\)|（[^（）\n]{{0,80}}）)"
)
_DIVISION_LINE = re.compile(r"^\s*제\s*\d+\s*(편|장|절|관)(?:\s*의\s*\d+)?\s+\S.{0,60}$")
_DIVISION_LEVEL = {"편": 0, "장": 1, "절": 2, "관": 3}
_SEPARATORS = ["\n\n", "\n", ". ", "? ", "! ", "。", "; ", ", ", " ", ""]


@dataclass
class _Piece:
    """A structural unit before sizing: one section, article or page part."""

    text: str
    section: str
    page: int | None
    unit: str  # pieces merge only within one unit: "" (ordinary text) or one statute article
    lead: str = ""  # heading line to keep in the text when this piece is merged after another


@dataclass
class _State:
    """What the line scanner carries from line to line (and from page to page)."""

    divisions: dict[int, str]
    heading: list[str]  # heading path that precedes the divisions and articles
    article: str = ""
    unit: str = ""
    articles_seen: int = 0


def chunk_document(
    doc: Document, *, max_tokens: int, overlap: int, count_tokens: Callable[[str], int]
) -> list[Chunk]:
    """Cut `doc` into chunks whose context_text (title | section + text) fits max_tokens."""
    fixes = heading_fixes(doc.metadata.get("headings_fixed"))
    english = {fixes.get(k, k): v for k, v in
               english_headings(doc.metadata.get("headings_en")).items()}
    sizer = _Sizer(doc.title, max_tokens, overlap, count_tokens)
    pieces = _pdf_pieces(doc) if doc.format == "pdf" else _text_pieces(doc)
    sized = [
        (section, piece.page, text)
        for piece in _merge(pieces, sizer)
        for section, text in sizer.split(piece.section, piece.text)
    ]
    metadata = _chunk_metadata(doc)
    chunks = []
    for position, (section, page, text) in enumerate(sized):
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        section = fixed_section(section, fixes)
        section_en = english_section(section, english)
        extra = {"section_en": section_en} if section_en else {}
        chunks.append(
            Chunk(
                chunk_id=f"{doc.doc_id}:{position}:{digest[:12]}",
                doc_id=doc.doc_id,
                text=text,
                position=position,
                source=doc.source,
                title=doc.title,
                page=page,
                section=section,
                content_hash=digest,
                metadata={**metadata, **extra},
            )
        )
    return chunks


def _chunk_metadata(doc: Document) -> dict[str, object]:
    kept: dict[str, object] = {}
    for key, value in doc.metadata.items():
        if isinstance(value, str | int | float | bool):
            kept[key] = value
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            kept[key] = list(value)
    kept["format"] = doc.format
    return kept


def _text_pieces(doc: Document) -> list[_Piece]:
    """Markdown-like formats: heading path first, then statute articles inside each section."""
    pieces: list[_Piece] = []
    for block in doc.blocks:
        if doc.format == "text":
            sections = [([], block.text)]
        else:
            sections = _markdown_sections(block.text, doc.title)
        state = _State(divisions={}, heading=[])
        for path, body in sections:
            state.heading, state.divisions = path, {}
            state.article = ""
            if path and _ARTICLE_HEADING.match(path[-1]):
                state.articles_seen += 1
                state.unit = f"article-{state.articles_seen}"
            else:  # outside statutes, merge only within one top-level section
                state.unit = f"section:{path[0]}" if path else ""
            lead = path[-1] if path else ""
            pieces.extend(_scan_lines(body, block.page, state, lead=lead, pdf=False))
    return pieces


def _markdown_sections(text: str, title: str) -> list[tuple[list[str], str]]:
    """(heading path, body) per section; a lone `#` heading equal to the title is left out."""
    splitter = MarkdownHeaderTextSplitter(headers_to_split_on=_HEADERS, strip_headers=True)
    h1s = re.findall(r"^# +(.+?)\s*$", text, flags=re.MULTILINE)
    drop_h1 = len(h1s) == 1 and heading_label(h1s[0]) == heading_label(title)
    sections = []
    for part in splitter.split_text(text):
        levels = range(2 if drop_h1 else 1, 7)
        path = [heading_label(part.metadata[f"h{n}"]) for n in levels if part.metadata.get(f"h{n}")]
        # the splitter joins paragraphs with "  \n": restore the blank line between them
        sections.append((path, part.page_content.replace("  \n", "\n\n")))
    return sections


def _pdf_pieces(doc: Document) -> list[_Piece]:
    """PDF: each page on its own; headings are short lines without a final period."""
    state = _State(divisions={}, heading=[])
    pieces: list[_Piece] = []
    for block in doc.blocks:
        state.heading = []
        pieces.extend(_scan_lines(block.text, block.page, state, lead="", pdf=True))
    return pieces


def _section(state: _State) -> str:
    divisions = [state.divisions[level] for level in sorted(state.divisions)]
    return " > ".join([*state.heading, *divisions, *([state.article] if state.article else [])])


def _scan_lines(
    text: str, page: int | None, state: _State, *, lead: str, pdf: bool
) -> list[_Piece]:
    """Cut text at statute divisions (제N장...) and articles (제N조(...)), and PDF headings."""
    pieces: list[_Piece] = []
    lines: list[str] = []

    def flush(next_lead: str) -> None:
        nonlocal lines, lead
        body = "\n".join(lines).strip()
        if body:
            pieces.append(_Piece(body, _section(state), page, state.unit, lead))
        lines, lead = [], next_lead

    for line in text.split("\n"):
        article = _ARTICLE_LINE.match(line)
        division = _DIVISION_LINE.match(line)
        if article:
            flush("")
            state.article = " ".join(article.group(0).split())
            state.articles_seen += 1
            state.unit = f"article-{state.articles_seen}"
        elif division:
            flush("")
            level = _DIVISION_LEVEL[division.group(1)]
            state.divisions = {k: v for k, v in state.divisions.items() if k < level}
            state.divisions[level] = heading_label(line)
            state.article, state.unit = "", ""
            continue  # the division is in the section path; its line adds nothing
        elif pdf and not state.article and pdf_heading(line):
            flush("")
            state.heading = [heading_label(line)]
        lines.append(line)
    flush("")
    return pieces


def _merge(pieces: list[_Piece], sizer: _Sizer) -> list[_Piece]:
    """Join tiny neighbours of one page and one unit (article or top section) when they fit."""
    merged: list[_Piece] = []
    for piece in pieces:
        last = merged[-1] if merged else None
        if last is None or last.page != piece.page or last.unit != piece.unit:
            merged.append(piece)
            continue
        tiny = min(sizer.tokens(last.section, last.text), sizer.tokens(piece.section, piece.text))
        section = _common_section(last.section, piece.section)
        text = f"{_with_lead(last, section)}\n\n{_with_lead(piece, section)}"
        if tiny < sizer.small and sizer.fits(section, text):
            merged[-1] = _Piece(text, section, last.page, last.unit)
        else:
            merged.append(piece)
    return merged


def _common_section(first: str, second: str) -> str:
    common = []
    for a, b in zip(first.split(" > "), second.split(" > "), strict=False):
        if a != b:
            break
        common.append(a)
    return " > ".join(common) or first


def _with_lead(piece: _Piece, section: str) -> str:
    """The piece's text, with its own heading put back when the merged section omits it."""
    return f"{piece.lead}\n{piece.text}" if piece.lead and piece.section != section else piece.text


class _Sizer:
    """Measures context_text in tokens and splits text until every chunk fits."""

    def __init__(
        self, title: str, max_tokens: int, overlap: int, count: Callable[[str], int]
    ) -> None:
        self.title, self.max_tokens, self.overlap, self.count = title, max_tokens, overlap, count
        self.base = count("")  # tokens every input gets (special tokens, prefixes)
        self.small = max(1, max_tokens // 4)

    def tokens(self, section: str, text: str) -> int:
        """Tokens of the chunk's context_text."""
        return self.count(context_header(self.title, section) + "\n" + text)

    def fits(self, section: str, text: str) -> bool:
        """Whether the chunk's context_text fits max_tokens."""
        return self.tokens(section, text) <= self.max_tokens

    def _net(self, text: str) -> int:
        # a lone character can cost 0 on its own (it merges with the prefix): count it as 1
        return max(1 if text.strip() else 0, self.count(text) - self.base)

    def _budget(self, section: str) -> int:
        return self.max_tokens - self.base - self._net(context_header(self.title, section) + "\n")

    def _short_section(self, section: str) -> str:
        """The section, shortened to its last label or dropped when it leaves too little room."""
        options = [section, section.rsplit(" > ", 1)[-1], ""]
        for option in options:
            if self._budget(option) >= self.small:
                return option
        best = max(options, key=self._budget)
        if self._budget(best) < 1:
            raise ValueError(
                f"max_tokens={self.max_tokens} leaves no room for text after the title "
                f"{self.title!r}: raise max_tokens"
            )
        return best

    def split(self, section: str, text: str) -> list[tuple[str, str]]:
        """(section, text) pairs, each fitting max_tokens; overlap between consecutive splits."""
        if self.fits(section, text):
            return [(section, text)]
        section = self._short_section(section)
        parts = self._split(text, section, self._budget(section))
        return [(section, part) for part in parts]

    def _split(self, text: str, section: str, budget: int) -> list[str]:
        splitter = RecursiveCharacterTextSplitter(
            separators=_SEPARATORS,
            keep_separator="end",
            chunk_size=budget,
            chunk_overlap=min(self.overlap, budget // 2),
            length_function=self._net,
        )
        parts: list[str] = []
        for part in splitter.split_text(text):
            if not part.strip():
                continue
            if self.fits(section, part):
                parts.append(part)
            elif budget > 1 and len(part) > 1:  # token counts are not additive: try smaller
                parts.extend(self._split(part, section, max(1, budget * 3 // 4)))
            else:
                raise ValueError(
                    f"max_tokens={self.max_tokens} is too small for a single character "
                    f"of {self.title!r}: raise max_tokens"
                )
        return parts
