"""What an earlier turn said: its answer's cited lines and names, the item of its list that an
ordinal of a later turn points at ("그 중에 마지막 거", "the second one"; general ordinal words
of both languages), and whether a later turn's "the program" / "그 사업" means what its
question asked about."""

from __future__ import annotations

import re

from assistant.citations import MARKER, strip_markers
from assistant.question import analyse
from ingest.keyword import tokenize
from ingest.text import kiwi, language_of_text
from ingest.words import is_stop


def previous_said(answer: str, limit: int = 300) -> str:
    """What an earlier answer said: its cited lines without markers (no greeting, notices or
    references), else its text; cut at `limit` characters."""
    cited = [ln.strip().lstrip("-• ").strip() for ln in answer.splitlines() if MARKER.search(ln)]
    return strip_markers("\n".join(cited) if cited else answer).strip()[:limit]


# A question asking what or which thing it is ("기업 키워주는 건 뭐예요?", "which service …?"):
# its answer names a thing a later "그거" / "it" points at. General question words.
_ASKS_THING = re.compile(r"뭐|무엇|무슨|뭔|어떤\s?(?:거|것|게|건)|어느\s?(?:거|것|게|건)|"
                         r"\bwhat(?:'s| is| are| was| were)\b|\bwhich\b", re.I)
_THING_TAGS = ("NNG", "NNP", "SL", "SH", "SN", "XPN", "XSN")
_EN_LINKS = frozenset("is are was were has have had".split())


def answered_thing(question: str, answer: str) -> str:
    """The thing an earlier answer named when its question asked what or which it is (no
    amount, date or other kind of fact): the noun phrase its first cited line opens with
    ("빅데이터 전문기업 육성 서비스로, …" -> "빅데이터 전문기업 육성 서비스", "The Data Store
    (데이터스토어) is …" -> "Data Store (데이터스토어)"), which a later "그거 누가 운영해요?"
    points at; "" otherwise."""
    if not _ASKS_THING.search(question) or analyse(question).kind != "what":
        return ""
    first = previous_said(answer).split("\n")[0].strip()
    if language_of_text(first) == "en":
        words = first.split()
        link = next((i for i, w in enumerate(words[:9]) if w.lower() in _EN_LINKS), 0)
        start = int(bool(words) and words[0].lower() in ("the", "a", "an"))
        return " ".join(words[start:link]) if link > start else ""
    nouns = []
    for tok in kiwi().tokenize(first):
        if tok.tag not in _THING_TAGS:
            break
        nouns.append(tok)
    return first[nouns[0].start:nouns[-1].start + nouns[-1].len] if nouns else ""


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


def answer_names(answer: str) -> list[str]:
    """Names in the first line of an earlier answer ("that agency" may point at them)."""
    first = next((ln for ln in strip_markers(answer).splitlines() if ln.strip()), "")[:200]
    names = re.findall(r"\b[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+\b|\b[A-Z]{2,}\b", first)  # K-DATA
    names += re.findall(r"(?:[A-Z][a-z]+ ){1,5}[A-Z][a-z]+", first)  # Korea Data Industry …
    names += [t.form for t in kiwi().tokenize(first) if t.tag == "NNP"]
    return list(dict.fromkeys(names))[:2]


_DEFINITE = re.compile(r"\b(?:the|that|this|these|those)\s+([a-z]{3,})\b|"
                       r"(?<![가-힣])(?:그|이|저)\s([가-힣]{2,})", re.I)


def names_asked(question: str, earlier: str) -> bool:
    """Whether `question` points back with a noun ("the program", "그 사업") that the earlier
    question uses: it means what that question asked about."""
    words = set(tokenize(earlier, bigrams=False))
    for found in _DEFINITE.finditer(question):
        head = found.group(1) or found.group(2)
        if not is_stop(head) and set(tokenize(head, bigrams=False)) & words:
            return True
    return False
