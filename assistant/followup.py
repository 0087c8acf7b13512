"""Follow-up questions made standalone before retrieval.

Without an LLM, a question that looks referential or short gains the key terms of the previous
question (Kiwi (kiwipiepy) nouns, years, article labels, English content words); with an LLM,
the `condense` prompt from `prompts/` rewrites it.
"""

from __future__ import annotations

import re

from assistant.citations import strip_markers
from assistant.compose.sentences import article_label
from assistant.language import detect_language
from assistant.models import Turn
from assistant.prompts import render
from ingest.keyword import kiwi, tokenize

_REFERENTIAL = re.compile(
    r"이거|그거|저거|이건|그건|저건|이것|그것|저것|그걸|그게|그 중|그중|말고|그럼|그러면|그런데|"
    r"거기|여기|해당|위의|그 사업|"
    r"\b(?:it|its|that|this|they|them|those|these|there|same)\b|^\s*(?:and|what about|how about)\b",
    re.I,
)
_YEAR = re.compile(r"(?:19|20)\d{2}년?")
_ARTICLE = re.compile(r"제\s?\d+\s?조(?:\s?의\s?\d+)?|\bArticle\s+\d+(?:-\d+)?", re.I)
_NOUN_TAGS = ("NNG", "NNP", "SL", "SH")
_EN_SKIP = frozenset(
    "much many give get tell please know need want apply applied can could would should "
    "does did there any some more most also say says mean means article".split()
)
SHORT_TOKENS = 3  # a question with this few keyword tokens leans on the conversation
MAX_TERMS = 6
HISTORY_TURNS = 3


def key_terms(text: str) -> list[str]:
    """Years, article labels and nouns (Korean) or content words (English) of `text`, in order."""
    terms = [article_label(m) for m in _ARTICLE.findall(text)] + _YEAR.findall(text)
    if detect_language(text) == "en":
        words = re.findall(r"[A-Za-z][A-Za-z-]+", text)
        content = set(tokenize(text))
        terms += [w for w in words if w.lower().rstrip("s") in content or w.lower() in content]
        terms = [t for t in terms if t.lower() not in _EN_SKIP]
    else:
        terms += [t.form for t in kiwi().tokenize(text) if t.tag in _NOUN_TAGS and len(t.form) > 1]
    return list(dict.fromkeys(terms))


def looks_referential(question: str) -> bool:
    """True when the question points back (이거, 그럼, it, that...) or is too short to stand."""
    return bool(_REFERENTIAL.search(question)) or len(tokenize(question)) <= SHORT_TOKENS


def _carry_over(question: str, history: list[Turn]) -> str:
    """`question` plus the previous questions' key terms it does not already contain."""
    if not looks_referential(question):
        return question
    have = question.lower().replace(" ", "")
    own_year = bool(_YEAR.search(question))  # "2021년은요?" replaces the earlier year
    extra: list[str] = []
    for turn in reversed(history[-HISTORY_TURNS:]):
        for term in key_terms(turn.question):
            if own_year and _YEAR.fullmatch(term):
                continue
            if term.lower().replace(" ", "") not in have and term not in extra:
                extra.append(term)
        if len(extra) >= 2:
            break
    return f"{question.strip()} {' '.join(extra[:MAX_TERMS])}".strip()


def _history_text(history: list[Turn]) -> str:
    lines = []
    for turn in history[-HISTORY_TURNS:]:
        lines.append(f"User: {turn.question.strip()}")
        if turn.answer:
            lines.append(f"Assistant: {strip_markers(turn.answer)[:300]}")
    return "\n".join(lines)


def make_standalone(question: str, history: list[Turn], *, chat=None) -> str:
    """The question rewritten to stand alone: by the `condense` prompt with `chat`, else by rule."""
    if not history:
        return question
    if chat is not None:
        prompt = render("condense", history=_history_text(history), question=question.strip())
        try:
            reply = chat.invoke([("human", prompt)])
        except Exception:  # an unreachable server must not block retrieval
            reply = ""
        lines = [ln.strip().strip('"“”') for ln in str(reply).strip().splitlines() if ln.strip()]
        if lines and len(lines[0]) <= 4 * len(question) + 200:
            return lines[0]
    return _carry_over(question, history)
