"""The questions a turn asks one after another ("한도가 얼마였고, 뭘 내야 하나요?",
"When does it open, and how much is it?"): where one ends and the next begins.

Used by `assistant.question.analyse` (a multi-part turn's `questions`); the kinds of fact each
piece asks come from `assistant.kinds`.
"""

from __future__ import annotations

import re

from assistant.kinds import kinds_in
from ingest.keyword import tokenize
from ingest.text import HANGUL
from ingest.words import is_stop

# Where one question ends and the next begins: a question mark, "그리고"/"또", a Korean clause
# that ends in a connective (얼마였고, 언제며), or an English ", and" / ", also" before a
# question word. A piece counts as a question only when it holds a question word. A quotative
# "라고"/"다고" ("뭐라고 돼 있고") joins no clauses, nor does a quoted question "냐고"/"냐며"
# ("이게 뭐냐고 물어보셔서": what someone asked, told as the asker's situation).
_KO_JOIN = re.compile(r"(?<=[가-힣])(?<![라다냐])(?:고|며|구)\s*,?\s+|"
                      r"\s*(?:그리고|또한?|그리고요)\s+")
_EN_JOIN = re.compile(r",?\s+(?:and|also|plus)\s+(?=(?:[a-z]{2,}ly\s+)?"  # "and roughly how …"
                      r"(?:(?:since|until|till|from|for|by|in|at|"
                      r"to|on|with) (?=what|how|when|where|who|which))?(?:what|how|when|where|"
                      r"who|which|whether|is|are|can|could|do|does|did|will|should)\b)", re.I)


def sub_questions(text: str) -> list[str]:
    """The questions `text` asks one after another, in order ("한도가 얼마였고, 뭘 내야 하나요"
    -> two); a single question gives one piece."""
    pieces = _by_question_mark(text)
    out: list[str] = []
    for piece in pieces:
        join = _KO_JOIN if HANGUL.search(piece) else _EN_JOIN
        cut = [p.strip() for p in join.split(piece) if p and p.strip()]
        asked = [p for p in cut if _asks(p)]
        whole = cut[0] if len(cut) == 1 else piece  # "그리고 몇 시까지 해요?" without 그리고
        out += asked if len(asked) > 1 and len(asked) == len(cut) else [whole]
    return [p for p in out if _asks(p)] or [text.strip()]


def marked_questions(text: str) -> list[str]:
    """The sentences of `text` that end in a question mark, in order, whether or not they hold
    a question word: "혁신센터에 주차할 데 있어요? 주차비는 얼마예요?" -> two, although the first
    (a yes/no question) is no piece of `sub_questions`."""
    return [p for p in _by_question_mark(text) if p.endswith("?")]


def _by_question_mark(text: str) -> list[str]:
    """`text` cut after each question mark (the last piece may have none)."""
    return [p.strip() for p in re.split(r"(?<=\?)\s+", text.strip()) if p.strip()]


def with_topic(pieces: list[str]) -> list[str]:
    """`pieces` of one turn, each of one content word or none preceded by the content words of
    the one before ("… the childcare space …? What are the rules?": the rules of that space),
    which are not words of a kind of fact ("금액" would make it ask an amount too)."""
    return [piece if k == 0 or len(_content(piece)) > 1 else " ".join(
        [w for w in _content(pieces[k - 1]) if not kinds_in(w)] + [piece])
        for k, piece in enumerate(pieces)]


def _content(piece: str) -> list[str]:
    """The content words of a piece (no stop words, question words or particles)."""
    return [w for w in tokenize(piece, bigrams=False) if not is_stop(w)]


# A Korean request: "…알려주세요", "정리해 줘요", "보여 주십시오" (spelt loosely: "주세여").
_REQUEST = re.compile(r"(?:주(?:세요|세여|셔요|십시오|십쇼|세용|실래요)|줘(?:요|여)?)"
                      r"\s*[.!~ㅎㅋ^]*$")


# A Korean sentence about the asker's plan or situation: "연도별로 비교해 보려고요", "…하는데요"
# (as written, the sentence-final forms of clauses_ko.BACKGROUND_ENDINGS, which are Kiwi's).
_STATEMENT = re.compile(r"(?:려고|려구|는데|은데|거든)요?\s*[.!~ㅎㅋ^]*$")


def _asks(piece: str) -> bool:
    """Whether a piece of a turn asks something: a question word, or a Korean request; not a
    sentence about the asker's plan without a question mark ("연도별로 비교해 보려고요" names
    a year without asking one)."""
    piece = piece.strip()
    if _STATEMENT.search(piece) and "?" not in piece:
        return False
    return bool(kinds_in(piece)) or bool(_REQUEST.search(piece))
