"""What an earlier answer said: its cited lines, and the item of its list that an ordinal of a
later turn points at ("그 중에 마지막 거", "the second one"; general ordinal words of both
languages)."""

from __future__ import annotations

import re

from assistant.citations import MARKER, strip_markers


def previous_said(answer: str, limit: int = 300) -> str:
    """What an earlier answer said: its cited lines without markers (no greeting, notices or
    references), else its text; cut at `limit` characters."""
    cited = [ln.strip().lstrip("-• ").strip() for ln in answer.splitlines() if MARKER.search(ln)]
    return strip_markers("\n".join(cited) if cited else answer).strip()[:limit]


# "그 중에 첫 번째 건", "마지막 거", "the second one": an item of the list the previous answer
# gave (general ordinal words of both languages).
_ORDINAL = re.compile(
    r"(?P<ko>첫|두|세|네|다섯)\s?번째|(?P<kx>첫|둘|셋|넷)째|(?P<last>마지막)\s?(?:거|것|건|꺼|게)|"
    r"\b(?:the|that|this)\s+(?P<en>first|second|third|fourth|fifth|last)\s+(?:one|item|option|"
    r"of (?:them|those|these))\b", re.I)
_ORDER = {"첫": 0, "두": 1, "둘": 1, "세": 2, "셋": 2, "네": 3, "넷": 3, "다섯": 4,
          "first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4}
_LIST_SEP = re.compile(r",\s*|\s+(?:and|or|및|그리고)\s+")
_LIST_HEAD = re.compile(r".*(?:[은는이가]\s|:\s*|\b(?:are|is|were|was|include|includes)\s+)")
_LIST_TAIL = re.compile(r"(?:[을를은는이가]\s.*|(?:입니다|이었습니다|였습니다|이다)\b.*|[.。]\s*)$")


def listed(answer: str) -> list[str]:
    """The items of the first list ("A, B, C입니다", "A, B and C.") an earlier answer gives."""
    for sentence in re.split(r"(?<=[.!?])\s+|\n", previous_said(answer, 4000)):
        items = [p.strip() for p in _LIST_SEP.split(sentence) if p.strip()]
        if "," in sentence and len(items) >= 2:
            items[0], items[-1] = _LIST_HEAD.sub("", items[0]), _LIST_TAIL.sub("", items[-1])
            return [item for item in items if item]
    return []


def points_at_item(question: str) -> bool:
    """Whether `question` names an item of an earlier list by its place ("the third one",
    "마지막 거"): it points back as a pronoun does."""
    return bool(_ORDINAL.search(question))


def ordinal_item(question: str, answer: str) -> str:
    """The item of the earlier answer's list that an ordinal of `question` points at ("그 중에
    마지막 거는 …?" after "… 데이터 분석실, 강의실, 보육공간입니다" -> "보육공간"), or ""."""
    found = _ORDINAL.search(question)
    items = listed(answer) if found else []
    if not items:
        return ""
    if found.group("last") or (found.group("en") or "").lower() == "last":
        return items[-1]
    at = _ORDER[(found.group("ko") or found.group("kx") or found.group("en")).lower()]
    return items[at] if at < len(items) else ""
