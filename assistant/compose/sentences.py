"""Chunk text -> quotable sentences, with Kiwi (kiwipiepy) splitting sentences inside paragraphs.

Markdown structure is read line by line first: headings set the context (and the statute article),
list items, statute paragraphs (①) and table rows are sentences of their own, and plain lines
are joined into paragraphs before they are split (ingest.text.split_sentences_many: Kiwi for
Korean, the ". Capital" gap rule for English). PDF text has no heading marks, so there a line
that reads as a heading (ingest.text.pdf_heading) and starts a unit is taken as a
heading (it would otherwise be glued to the next sentence). A line equal to the document title,
the section or its heading is never a sentence. Quoted text keeps its words: only emphasis
markers, heading hashes and leading bullets are removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.models import Hit
from ingest.text import (
    ARTICLE_KO,
    EN_SENTENCE_GAP,
    article_label,
    document_years,
    edits_a_law,
    ends_sentence,
    pdf_heading,
    split_english,
    split_sentences_many,
)

_EN_SENTENCE_GAP = EN_SENTENCE_GAP  # re-exported for callers; article_label too

MAX_QUOTE_CHARS = 300
MIN_SENTENCE_CHARS = 8  # letters and digits of a quotable sentence, at least
MIN_ITEM_CHARS = 2  # ... of a list item: "4. 데이터 품질진단" is an item its list quotes

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*)$")
_TABLE_RULE = re.compile(r"^\s*\|?[\s:|-]+\|?\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+•·]\s+|\d{1,2}\\?[.)]\s+|[가-하]\\?[.)]\s+|(?:\*\*)?[①-⑳])")
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
    heading_en: str = ""  # the English title of its heading, when the document gives one


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
        if not paragraph and pdf_heading(line):  # a bare heading (PDF, merged subsection)
            heading = clean(line)
            continue
        if ARTICLE_KO.match(line.strip()):
            flush()
            article = article_label(line)
        paragraph.append(line.strip())
        if ends_sentence(line):
            flush()
    flush()
    return units


@lru_cache(maxsize=4096)
def _sentences_of(prose: tuple[str, ...]) -> tuple[list[str], ...]:
    """Kiwi's sentences of a chunk's prose paragraphs, remembered: the same chunks are
    retrieved for question after question (read only: callers must not change the lists)."""
    return tuple(split_sentences_many(prose))


def split_hit(hit: Hit, hit_index: int) -> list[Sentence]:
    """The quotable sentences of one hit, in reading order."""
    base_article = article_label(hit.section)
    units = _units(hit.text, pdf=hit.source.lower().endswith(".pdf"))
    prose = [clean(u[0]) for u in units if u[3] != "row"]
    split = iter(_sentences_of(tuple(prose)))
    titles = {_key(hit.title), _key(hit.section)} | {_key(p) for p in hit.section.split(" > ")}
    section = hit.section.split(" > ")[-1].strip()  # the heading a chunk's first lines sit under
    english = str(hit.metadata.get("section_en") or "")  # that heading's English title
    out: list[Sentence] = []
    for text, heading, article, kind in units:
        heading = heading or section
        pieces = split_english(text) if kind == "row" else next(split)
        for piece in pieces:
            quote = clean(piece)
            if len(re.sub(r"\W", "", quote)) < (
                    MIN_ITEM_CHARS if kind and kind != "row" else MIN_SENTENCE_CHARS):
                continue
            if _key(quote) in titles or _key(quote) == _key(heading):
                continue
            # a line that opens with an article ("제2조(경과조치) …") is that article's; one
            # that cites another ("① 법 제20조제4항에 따라 …") is its own heading's
            opens = article_label(quote[:12]) if re.match(r"제\s?\d", quote) else ""
            label = article or opens or base_article
            out.append(Sentence(quote, hit_index, heading, label, len(out), kind,
                                heading_en=english if heading == section else ""))
    return out


def quotable(sentence: Sentence) -> bool:
    """Whether a sentence can be a line of its own: a short list item ("데이터 품질진단") is
    quoted only with the sentence that introduces its list (`assistant.compose.lists`). An
    amendment instruction of a statute's addenda states no rule (`ingest.text.edits_a_law`):
    "…기본법 일부를 다음과 같이 개정한다" answered which article of that Act a rule is in."""
    return len(re.sub(r"\W", "", sentence.text)) >= MIN_SENTENCE_CHARS \
        and not edits_a_law(sentence.text)


def split_hits(hits: list[Hit]) -> list[Sentence]:
    """Sentences of all `hits`, best hit first, exact repeats dropped."""
    seen: set[str] = set()
    out: list[Sentence] = []
    for i, hit in enumerate(hits):
        years = document_years(hit.metadata)
        for sentence in split_hit(hit, i):
            key = re.sub(r"\W", "", sentence.text)
            if key not in seen:
                seen.add(key)
                sentence.hit_score, sentence.years = hit.score, years
                out.append(sentence)
    return out

