"""Statute delegation: a paragraph that leaves its detail to a presidential decree ("대통령령으로
정하는 … 기준") is followed by the decree sentence that defines it, when that sentence is among
the candidates. Decrees name the paragraph they define ("법 제23조제2항에서 "…"이란 다음 각 호의
… 말한다"), so the link is read from the text; no table of articles is kept. Plain `re`.
"""

from __future__ import annotations

import re

from assistant.compose.sentences import Sentence

_DELEGATES = re.compile(r"대통령령으로\s?정하는")
_PARAGRAPH = re.compile(r"^\W*([①-⑳])")
# How a decree defines: "…이란 … 말한다", "…은 다음 각 호와 같다"
_DEFINES = re.compile(r"말한다\.?$|다음\s?각\s?호와\s?같다|다음과\s?같다")


def delegated(paragraph: Sentence, sentences: list[Sentence]) -> Sentence | None:
    """The decree sentence that defines what `paragraph` (a statute sentence) delegates, or
    None: it must name the paragraph's article (and its paragraph number, when the decree gives
    one) as "법 제N조[제M항]" — the act that delegates, seen from its decree."""
    if not paragraph.article or not _DELEGATES.search(paragraph.text):
        return None
    number = _PARAGRAPH.match(paragraph.text)
    label = re.escape(paragraph.article).replace("조", r"\s?조")
    cites = re.compile(rf"(?<![가-힣])법\s?{label}(?!의)(제\s?(\d+)\s?항)?")
    best: tuple[int, Sentence] | None = None
    for s in sentences:
        found = cites.search(s.text)
        defines = _DEFINES.search(s.text) or _DELEGATES.search(s.text)
        if s is paragraph or not found or not defines:
            continue  # only a sentence that defines what the paragraph delegates
        if number and found.group(2) and int(found.group(2)) != ord(number.group(1)) - 0x245F:
            continue  # another paragraph of the article
        rank = bool(found.group(2)) + bool(_DELEGATES.search(s.text))  # names it, quotes it
        if best is None or rank > best[0]:
            best = (rank, s)
    return best[1] if best else None
