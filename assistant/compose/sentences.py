"""Chunk text -> quotable sentences, with Kiwi (kiwipiepy) splitting sentences inside paragraphs.

Markdown structure is read line by line first: headings set the context (and the statute article),
list items, statute paragraphs (①) and table rows are sentences of their own, and plain lines
are joined into paragraphs before Kiwi splits them. Quoted text keeps its words: only emphasis
markers, heading hashes and leading bullets are removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.models import Hit
from ingest.keyword import kiwi

MAX_QUOTE_CHARS = 300
MIN_SENTENCE_CHARS = 8

_ARTICLE_KO = re.compile(r"제\s?(\d+)\s?조(?:\s?의\s?(\d+))?")
_ARTICLE_EN = re.compile(r"\b(?:Article|Art\.)\s*(\d+)(?:-(\d+))?", re.I)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*)$")
_TABLE_RULE = re.compile(r"^\s*\|?[\s:|-]+\|?\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+•·]\s+|\d{1,2}[.)]\s+|[가-하][.)]\s+|(?:\*\*)?[①-⑳])")
_LINE_END = re.compile(r"[.!?。」\"”)다요]\s*$")
_EN_SENTENCE_GAP = re.compile(r"(?<=[a-z0-9)][.!?])\s+(?=[A-Z\"“(])")
_BULLET = re.compile(r"^\s*(?:[-*+•·]|\d{1,2}[.)]|[가-하][.)])\s+")


@dataclass
class Sentence:
    """One quotable sentence of a hit, with where it sits (heading, statute article)."""

    text: str
    hit_index: int  # index of its hit in the composer's hit list (0 = best)
    heading: str = ""
    article: str = ""  # normalised statute label such as "제28조의2", or ""
    position: int = 0  # order within its hit


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


def _units(text: str) -> list[tuple[str, str, str, bool]]:
    """(text, heading, article, is_table_row) units of a chunk, in order."""
    units: list[tuple[str, str, str, bool]] = []
    heading, article, paragraph = "", "", []

    def flush() -> None:
        if paragraph:
            units.append((" ".join(paragraph), heading, article, False))
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
            units.append((line, heading, article, line.lstrip().startswith("|")))
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
    units = _units(hit.text)
    prose = [clean(u[0]) for u in units if not u[3]]
    split = iter(list(kiwi().split_into_sents(prose)) if prose else [])
    out: list[Sentence] = []
    for text, heading, article, is_row in units:
        pieces = [text] if is_row else [s.text for s in next(split)]
        pieces = [p for piece in pieces for p in _EN_SENTENCE_GAP.split(piece)]
        for piece in pieces:
            quote = clean(piece)
            if len(re.sub(r"\W", "", quote)) < MIN_SENTENCE_CHARS:
                continue
            label = article or article_label(quote[:12]) or base_article
            out.append(Sentence(quote, hit_index, heading, label, len(out)))
    return out


def split_hits(hits: list[Hit]) -> list[Sentence]:
    """Sentences of all `hits`, best hit first, exact repeats dropped."""
    seen: set[str] = set()
    out: list[Sentence] = []
    for i, hit in enumerate(hits):
        for sentence in split_hit(hit, i):
            key = re.sub(r"\W", "", sentence.text)
            if key not in seen:
                seen.add(key)
                out.append(sentence)
    return out
