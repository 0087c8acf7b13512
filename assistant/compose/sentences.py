"""Chunk text -> quotable sentences, with Kiwi (kiwipiepy) splitting sentences inside paragraphs.

Markdown structure is read line by line first: headings set the context (and the statute article),
list items, statute paragraphs (①) and table rows are sentences of their own, and plain lines
are joined into paragraphs before Kiwi splits them. PDF text has no heading marks, so there a
short line without a sentence ending that starts a unit is taken as a heading (it would otherwise
be glued to the next sentence). A line equal to the document title, the section or its heading
is never a sentence. Quoted text keeps its words: only emphasis markers, heading hashes and
leading bullets are removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.models import Hit
from ingest.keyword import kiwi

MAX_QUOTE_CHARS = 300
MIN_SENTENCE_CHARS = 8
PDF_HEADING_CHARS = 40  # a PDF line shorter than this without a sentence ending is a heading

_ARTICLE_KO = re.compile(r"제\s?(\d+)\s?조(?:\s?의\s?(\d+))?")
_ARTICLE_EN = re.compile(r"\b(?:Article|Art\.)\s*(\d+)(?:-(\d+))?", re.I)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*)$")
_TABLE_RULE = re.compile(r"^\s*\|?[\s:|-]+\|?\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+•·]\s+|\d{1,2}\\?[.)]\s+|[가-하]\\?[.)]\s+|(?:\*\*)?[①-⑳])")
_LINE_END = re.compile(r"[.!?。」\"”)다요]\s*$")
_EN_SENTENCE_GAP = re.compile(r"(?<=[a-z0-9)][.!?])\s+(?=[A-Z\"“(])")
_BULLET = re.compile(r"^\s*(?:[-*+•·]|\d{1,2}\\?[.)]|[가-하]\\?[.)])\s+")


@dataclass
class Sentence:
    """One quotable sentence of a hit, with where it sits (heading, statute article)."""

    text: str
    hit_index: int  # index of its hit in the composer's hit list (0 = best)
    heading: str = ""
    article: str = ""  # normalised statute label such as "제28조의2", or ""
    position: int = 0  # order within its hit
    item: str = ""  # list marker kind (bullet, number, letter) or row; "" for prose
    hit_score: float = 0.0  # fused retrieval score of its hit
    years: tuple[int, ...] = ()  # years its document is about (metadata), if any


def article_label(text: str) -> str:
    """The first statute article label in `text`, normalised ("Article 28-3" -> "제28조의3")."""
    match = _ARTICLE_KO.search(text) or _ARTICLE_EN.search(text)
    if not match:
        return ""
    number, sub = match.group(1), match.group(2)
    return f"제{number}조" + (f"의{sub}" if sub else "")


def clean(text: str) -> str:
    """Quote form of a line: no emphasis markers, heading hashes or bullets; cut at ~300 chars."""
    text = unmark(text)
    if len(text) > MAX_QUOTE_CHARS:
        text = text[:MAX_QUOTE_CHARS].rstrip() + "…"
    return text


def unmark(text: str) -> str:
    """`text` without Markdown emphasis, heading hashes, leading bullets or table pipes."""
    text = _HEADING.sub(r"\1", text)
    text = re.sub(r"\*\*|__|`", "", text)
    text = _BULLET.sub("", text)
    if text.strip().startswith("|"):
        cells = [c.strip() for c in text.strip().strip("|").split("|")]
        text = " | ".join(c for c in cells if c)
    return re.sub(r"\s+", " ", text).strip()


def _key(text: str) -> str:
    return re.sub(r"\W", "", unmark(text)).lower()


def _marker(line: str) -> str:
    """Kind of a list line: row, number, letter, bullet; "" for a statute paragraph (①)."""
    text = line.lstrip()
    if text.startswith("|"):
        return "row"
    if re.match(r"(?:\*\*)?[①-⑳]", text):
        return ""
    if re.match(r"\d", text):
        return "number"
    if re.match(r"[가-하]\\?[.)]", text):
        return "letter"
    return "bullet" if re.match(r"[-*+•·]", text) else ""


def _pdf_heading(line: str) -> bool:
    """A short PDF line with no sentence ending: a heading or a table cell, not prose."""
    text = line.strip()
    return len(text) < PDF_HEADING_CHARS and not _LINE_END.search(text)


def _units(text: str, pdf: bool = False) -> list[tuple[str, str, str, str]]:
    """(text, heading, article, kind) units of a chunk, in order; kind is "" (prose), "row" or
    the list marker kind."""
    units: list[tuple[str, str, str, str]] = []
    heading, article, paragraph = "", "", []

    def flush() -> None:
        if paragraph:
            units.append((" ".join(paragraph), heading, article, ""))
            paragraph.clear()

    for line in text.splitlines():
        if not line.strip() or _TABLE_RULE.match(line):
            flush()
            continue
        head = _HEADING.match(line)
        if head:
            flush()
            heading = clean(head.group(1))
            article = article_label(heading) or article
            continue
        if _ITEM.match(line) or line.lstrip().startswith("|"):
            flush()
            units.append((line, heading, article, _marker(line)))
            continue
        if pdf and not paragraph and _pdf_heading(line):
            heading = clean(line)
            continue
        if _ARTICLE_KO.match(line.strip()):
            flush()
            article = article_label(line)
        paragraph.append(line.strip())
        if _LINE_END.search(line):
            flush()
    flush()
    return units


def split_hit(hit: Hit, hit_index: int) -> list[Sentence]:
    """The quotable sentences of one hit, in reading order."""
    base_article = article_label(hit.section)
    units = _units(hit.text, pdf=hit.source.lower().endswith(".pdf"))
    prose = [clean(u[0]) for u in units if u[3] != "row"]
    split = iter(list(kiwi().split_into_sents(prose)) if prose else [])
    titles = {_key(hit.title), _key(hit.section)} | {_key(p) for p in hit.section.split(" > ")}
    out: list[Sentence] = []
    for text, heading, article, kind in units:
        pieces = [text] if kind == "row" else [s.text for s in next(split)]
        pieces = [p for piece in pieces for p in _EN_SENTENCE_GAP.split(piece)]
        for piece in pieces:
            quote = clean(piece)
            if len(re.sub(r"\W", "", quote)) < MIN_SENTENCE_CHARS:
                continue
            if _key(quote) in titles or _key(quote) == _key(heading):
                continue
            label = article or article_label(quote[:12]) or base_article
            out.append(Sentence(quote, hit_index, heading, label, len(out), kind))
    return out


def split_hits(hits: list[Hit]) -> list[Sentence]:
    """Sentences of all `hits`, best hit first, exact repeats dropped."""
    seen: set[str] = set()
    out: list[Sentence] = []
    for i, hit in enumerate(hits):
        years = document_years(hit)
        for sentence in split_hit(hit, i):
            key = re.sub(r"\W", "", sentence.text)
            if key not in seen:
                seen.add(key)
                sentence.hit_score, sentence.years = hit.score, years
                out.append(sentence)
    return out


def _year(value: object) -> int | None:
    match = re.match(r"\s*(\d{4})", str(value or ""))
    return int(match.group(1)) if match else None


def document_years(hit: Hit) -> tuple[int, ...]:
    """Years a document is about: metadata `year`, else its `valid_from`..`valid_to` span."""
    year = _year(hit.metadata.get("year"))
    if year:
        return (year,)
    start, end = _year(hit.metadata.get("valid_from")), _year(hit.metadata.get("valid_to"))
    if start and end and 0 <= end - start <= 3:
        return tuple(range(start, end + 1))
    return ()
