"""What a follow-up takes from the turns before it: the key terms of the earlier questions
(Kiwi (kiwipiepy) nouns, years, article labels, English content words), the name the
conversation is about, the list item an ordinal points at, and the conversation's year (a newly
named one replaces it; one named relative to it shifts it)."""

from __future__ import annotations

import re

from assistant.earlier import answer_names, answered_thing, names_asked, ordinal_item
from assistant.models import Turn
from assistant.question import analyse
from ingest.keyword import latin_word, tokenize
from ingest.text import article_label, detect_language, kiwi
from ingest.words import is_stop

# A year named relative to the conversation's: "그 다음 해엔 …?", "and the year before?"
RELATIVE_YEARS = (
    (1, re.compile(r"다음\s?(?:해|연도|년도)|이듬\s?해|\bthe (?:following|next) year\b|"
                   r"\bthe year after\b|\ba year later\b", re.I)),
    (-1, re.compile(r"(?<![가-힣])전\s?해|직전\s?(?:해|연도)|\bthe (?:previous|prior) year\b|"
                    r"\bthe year before\b|\ba year (?:earlier|before)\b", re.I)))
_YEAR = re.compile(r"(?:19|20)\d{2}년?")
_ARTICLE = re.compile(r"제\s?\d+\s?조(?:\s?의\s?\d+)?|\bArticle\s+\d+(?:-\d+)?", re.I)
_NOUN_TAGS = ("NNG", "NNP", "SL", "SH")
# Words of the previous question not worth carrying over besides general ones (is_stop).
_EN_SKIP = frozenset({"apply", "applied", "article"})
MAX_TERMS = 6
HISTORY_TURNS = 3


def key_terms(text: str) -> list[str]:
    """Years, article labels and nouns (Korean) or content words (English) of `text`, in order;
    capitalised English words in a row are one name ("Pohang Big Data AI Innovation Center"),
    so that a long name does not use up the terms a follow-up carries (`MAX_TERMS`)."""
    terms = [article_label(m) for m in _ARTICLE.findall(text)] + _YEAR.findall(text)
    if detect_language(text) == "en":
        words = re.findall(r"[A-Za-z][A-Za-z-]+", text)
        content = set(tokenize(text))
        found = [w for w in words if all(  # each part of "purchase-type" a content word
            p.rstrip("s") in content or p in content for p in w.lower().split("-") if p)]
        found = [t for t in found if t.lower() not in _EN_SKIP and not is_stop(t)]
        terms += _names_joined(found, text)
    else:
        terms += [t.form for t in kiwi().tokenize(text) if t.tag in _NOUN_TAGS and len(t.form) > 1]
    return list(dict.fromkeys(terms))


def _names_joined(words: list[str], text: str) -> list[str]:
    """`words` with runs of capitalised ones that stand next to each other in `text` joined."""
    out: list[str] = []
    for word in words:
        if out and word[:1].isupper() and out[-1][:1].isupper() and (
                f"{out[-1]} {word}" in text):
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
    return out


def carry_over(question: str, history: list[Turn]) -> str:
    """`question` plus the previous questions' key terms it does not already contain (first,
    the list item an ordinal points at). The conversation's year stays ("so what was the ratio
    that year?" two turns after "2022년 …") unless the question or a later turn names another, or
    names one relative to it ("그 다음 해", "the year before")."""
    have = question.lower().replace(" ", "")
    own_year = bool(_YEAR.search(question))  # "2021년은요?" replaces the earlier year
    item = ordinal_item(question, history[-1].answer) if history else ""
    # ... or the thing the previous answer named, when its question asked what it is
    item = item or (answered_thing(history[-1].question, history[-1].answer) if history else "")
    extra: list[str] = [item] if item and item.replace(" ", "") not in have else []
    turns = list(reversed(history[-HISTORY_TURNS:]))
    # a turn that asks its own kind of fact ("and how competitive was it?", "지원 건수는 몇
    # 개였어요?") does not carry the words of the one asked before ("… budget?", "예산 얼마"):
    # what it is about carries, not what was asked about it
    asks = analyse(question)
    own_kind = any(w.role == "kind" for w in asks.words)
    named = False  # a name the conversation is about is carried ("When did construction
    for turn in turns:  # start?" asked of the complex the turn before it names)
        # "the program" after "Who runs the data voucher program?" is the program asked
        # about, not the agency the answer named
        answered = [] if names_asked(question, turn.question) else answer_names(turn.answer)
        before = analyse(turn.question)
        names = {n.lower() for n in before.entities + answered}
        other = asks.kind not in ("what", "yesno") and asks.kind != before.kind
        asked = {w.form for w in before.words if w.role == "kind"} if own_kind or other \
            else None  # ... nor its question words ("얼마")
        for term in key_terms(turn.question) + answered:
            if own_year and _YEAR.fullmatch(term) or asked is not None and (
                    (latin_word(term) or term) in asked or is_stop(term)):
                continue
            if term.lower().replace(" ", "") not in have and term not in extra:
                extra.append(term)
                named = named or term.lower() in names
        if len(extra) >= 2 and named:
            break
    extra = extra[:MAX_TERMS]
    if not own_year and not any(_YEAR.fullmatch(t) for t in extra):
        year = _latest_year(history)
        extra += [year] if year else []
    return f"{question.strip()} {' '.join(_shifted(question, extra, own_year))}".strip()


def _shifted(question: str, terms: list[str], own_year: bool) -> list[str]:
    """`terms` with their year moved as the question says ("그 다음 해" after 2022: 2023)."""
    shift = next((n for n, said in RELATIVE_YEARS if said.search(question)), 0)
    if not shift or own_year:
        return terms
    return [f"{int(t[:4]) + shift}{t[4:]}" if _YEAR.fullmatch(t) else t for t in terms]


def carry_year(question: str, history: list[Turn]) -> str:
    """`question` with only the conversation's latest year added (moved as the question says):
    for a turn that points back by time alone and names its own topic ("how many general
    processing slots were there that year?" after a question on 2023 AI processing
    vouchers), the earlier turn's topic words would compete with the turn's own."""
    year = None if _YEAR.search(question) else _latest_year(history)
    return f"{question.strip()} {' '.join(_shifted(question, [year], False))}".strip() \
        if year else question.strip()


def _latest_year(history: list[Turn]) -> str | None:
    """The year the latest of the recent questions names ("2022년", "2021")."""
    return next((y for t in reversed(history[-HISTORY_TURNS:])
                 for y in _YEAR.findall(t.question)), None)
