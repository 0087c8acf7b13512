"""Follow-up or standalone: decide whether a turn leans on the conversation, then make it stand.

A turn leans on the conversation when it points back (이거, 그럼 …은요?, it, and for …?), asks
to restate the previous answer ("같은 내용으로 회신 초안 써줘", "same for a letter"), or names no
topic of its own (only what it asks: "신청 방법은?", "deadline?", a bare year). A question that
names its own topic stands alone and is answered exactly as if asked without history.

A follow-up gains the key terms of the previous questions (`assistant.carry`); a restatement
reuses the previous question. With an LLM, the `condense` prompt from `prompts/` rewrites it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.carry import HISTORY_TURNS, RELATIVE_YEARS, carry_over, carry_year
from assistant.citations import strip_markers
from assistant.earlier import points_at_item, previous_said
from assistant.kinds import kinds_in
from assistant.models import Turn
from assistant.prompts import render
from assistant.question import analyse
from ingest.text import detect_language, full_years

# Words that point back to something said before (demonstratives, pronouns, "then ...?").
_REFERENTIAL = re.compile(
    r"이거|그거|저거|이건|그건|저건|이것|그것|저것|그걸|그게|그 중|그중|말고|그럼|그러면|"
    r"거기|여기서는|해당\s?(?:사업|제도|기관|조항|공간)|위의|위 내용|그때|"
    r"(?:^|[\s,])(?:그|이)\s(?=[가-힣])|"  # a determiner: "그 인증은", "이 사업은"
    r"\b(?:it|its|this|they|them|those|these|same|above|former|latter)\b|"
    # "there" as a place said before, not the existential "are there …", "there is …"
    r"(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )\bthere\b"
    r"(?!\s+(?:is|are|was|were|will|has|have|had)\b|'s)|"
    r"\bthat\b(?!'s|\s+(?:is|are|was|were|has|have|had|can|will|would|do|does|did)\b)|"
    r"^\s*(?:and|what about|how about|also|then|so)\b|^\s*(?:그리고|그럼|그러면|또|근데)\b",
    re.I,
)
# Words that point back to the conversation's time, not to its topic ("how many general
# processing slots were there that year?"): a topic named before them is asked in that frame.
_THEN = re.compile(r"(?:that|the same)\s+(?:year|time|round)\b|같은\s?해|"
                   r"그\s?(?:(?:다음|전|이전|직전)\s?)?(?:해|당시|때|연도|년도)", re.I)
# Saying the topic changes: the turn stands alone whatever else it holds.
# It may follow an interjection or two ("OK, different question: …", "아 그건 그렇고 …").
_SWITCH = re.compile(
    r"^\s*(?:[\w']+[,.!]?\s+){0,2}?(?:something else|unrelated|"
    r"(?:different|another|other|new|separate) (?:question|topic|subject|matter)|"
    r"on (?:a |an )?(?:different|other|another|unrelated|separate) note|"
    r"chang(?:e|ing) (?:the |of )?(?:subject|topic)s?|switching (?:topics?|subjects?|gears)|"
    r"by the way)\b|"
    r"^\s*(?:[\w']+[,.!]?\s+){0,2}?(?:(?:다른|딴) (?:질문|얘기|이야기|주제|건데)|별개로|"
    r"그건 (?:그렇고|됐고)|주제(?:를)? 바꿔|새 질문)", re.I)
# A turn that names only a year ("2021년은요?", "2019?", "and in 2020?"): the previous question
# asked again for that year.
_YEAR_ONLY = re.compile(
    r"^\s*(?:(?:and|what about|how about|then|so|그럼|그러면|그리고)\s*)?(?:in\s+|for\s+)?"
    r"((?:19|20)\d{2})\s*(?:년도?)?\s*(?:은|는|에는|엔|도|이면|에)?\s*(?:요)?\s*[?？.]*\s*$",
    re.I)
# "…은요?", "…는요?": a bare noun phrase asked about in the frame of the previous question.
_ELLIPSIS = re.compile(
    r"^\S{1,12}\s?(?:은|는|도|이랑|랑)\s?요?\s*\??\s*$|^\s*\d{4}\s?년?\S{0,3}\??$")
# A word closed by a comma or a point, or two closed by a point, before the turn itself: an
# interjection ("nice.", "ok thanks.", "Hmm,"), not part of what is asked.
_INTERJECTION = re.compile(r"^\s*(?:[\w']+\s*[.,!]+|[\w']+\s+[\w']+\s*[.!]+)\s+(?=\S)")
# Asking to restate the previous answer for another audience or form.
_RESTATE = re.compile(
    r"같은 내용|위 내용|방금\s?(?:내용|답변|그거)|앞의 내용|이 내용으로|그 내용으로|이걸로|"
    r"회신\s?(?:초안|문안)|답장\s?초안|공문|\b(?:same (?:content|answer|thing)(?! as\b)|the above|"
    r"that answer|(?:as|into) a (?:letter|reply|formal reply|formal letter)|formal reply|"
    r"draft (?:a|the) (?:reply|letter))\b",
    re.I,
)
# Where a clause ends: punctuation, a question mark, a dash, or a Korean connective ending
# "-고"/"-며" ("아 그건 됐고, …", "never mind that, how many …"). A question after a question
# ("그거 신청은 어디서 해? 공고는 누가 내?") asks about the same thing (`moves_on`).
_CLAUSE_END = re.compile(r"[,;:.!…]+\s+|(?<=[?？])\s+|\s[—–-]\s|(?<=[가-힣])(?:고|며)요?\s+")
# Nouns that name what is asked about a topic, not a topic: a question made only of these
# ("신청 방법은?", "what are the requirements?") leans on the conversation for its topic.
ATTRIBUTE_NOUNS = frozenset(
    "신청 방법 자격 대상 금액 기간 절차 서류 조건 일정 마감 기한 비용 한도 규모 예산 위치 장소 "
    "시간 요건 내용 차이 혜택 범위 종류 유형 담당 문의 연락처 경우 비율 인원 "
    "application apply eligibility eligible amount deadline document requirement condition "
    "period process procedure fee cost budget location place time hour benefit difference "
    "type kind range contact cap limit date step".split()
)
RESTATES = "restates the previous answer"  # a Resolved.reason: the previous question is asked
WEAK_ALONE = "weak alone"  # a Resolved.reason: its own words find weak evidence, the frame strong


@dataclass(frozen=True)
class Resolved:
    """The question retrieval should see, and why."""

    text: str
    followup: bool = False
    reason: str = ""  # "points back" | "restates the previous answer" | "names no topic" | ""
    said: str = ""  # a restatement: what the previous answer said (its cited lines)


def own_topic(question: str) -> list[str]:
    """The words that name the question's own topic (not what it asks about that topic)."""
    asked = analyse(question)
    return [w.form for w in asked.words if w.role in ("focus", "adjunct") and w.form.lower() not in
            ATTRIBUTE_NOUNS and w.form.lower().rstrip("s") not in ATTRIBUTE_NOUNS]


def dependence(question: str, history: Sequence[Turn] = (), glossary=None) -> str:
    """Why `question` leans on the conversation, or "" when it stands alone. With the
    conversation's `history` and a `glossary`, a turn whose pointing back stays in a clause
    before the asking one, while the asking clause names a topic the conversation has not
    ("아 그건 됐고, 데이터 안심구역은 몇 곳이에요?"), moves on and stands alone."""
    if _SWITCH.search(question):
        return ""
    turn = _INTERJECTION.sub("", question, count=1)  # "nice. and …", "Hmm, 2021?"
    if _RESTATE.search(question):
        return RESTATES
    if _ELLIPSIS.search(turn.strip()):
        return "points back"
    if _REFERENTIAL.search(turn) or points_at_item(turn) or any(
            said.search(turn) for _, said in RELATIVE_YEARS):
        return "" if history and moves_on(question, history, glossary) else "points back"
    if not own_topic(question):
        return "names no topic"
    return ""


def moves_on(question: str, history: Sequence[Turn], glossary=None) -> bool:
    """Whether `question` names a topic of its own that its pointing back refers to or
    leaves behind: a topic (a glossary term or a proper noun) no earlier question of
    `history` names, either before the first word that points back ("what is the Data
    Youth Campus? is it a school?": the pronoun's antecedent is in the turn; "that year"
    points at the conversation's time, not at a topic: `_THEN`) or in the
    asking (last asking) clause when that clause does not point back ("아 그건 됐고, 데이터
    안심구역은 몇 곳이에요?")."""
    said = " ".join(t.question for t in history)
    pointer = next(iter(_pointers(question)), None)
    if pointer and _names_new_topic(_asked_before(question[:pointer.start()]), said, glossary):
        return True
    clauses = [c for c in _CLAUSE_END.split(question.strip()) if c.strip()]
    # a statement after the question ("… 몇 시까지 열어요? 퇴근하고 들러 보려고요") asks nothing
    asks = [i for i, c in enumerate(clauses) if "?" in c or "？" in c or kinds_in(c)]
    clauses = clauses[:asks[-1] + 1] if asks else clauses
    if len(clauses) < 2 or _REFERENTIAL.search(clauses[-1]) or any(
            "?" in c or kinds_in(c) for c in clauses[:-1]):  # an earlier clause asks too
        return False
    return _names_new_topic(clauses[-1], said, glossary)


def _asked_before(text: str) -> str:
    """Of the text before a pointing word, the sentences that ask and the one it is part of: a
    statement before it ("ok our ceo is 31. apart from the quota, what did that get you?")
    says something about the asker, not what the pointer refers to."""
    sentences = re.split(r"(?<=[.!?？])\s+", text)
    return " ".join([s for s in sentences[:-1] if s.rstrip().endswith(("?", "？"))]
                    + sentences[-1:])


def _names_new_topic(text: str, said: str, glossary=None) -> bool:
    """Whether `text` names a glossary term or a proper noun that `said` does not."""
    if not text.strip():
        return False
    if glossary is not None:
        earlier = set(glossary.terms_for(said))
        if any(pair not in earlier for pair in glossary.terms_for(text)):
            return True
    squashed = said.lower().replace(" ", "")
    return any(name.lower().replace(" ", "") not in squashed
               for name in analyse(text).entities)


def looks_referential(question: str) -> bool:
    """True when the question points back (이거, 그럼, it, that...) or names no topic."""
    return dependence(question) != ""


def lean(question: str, history: list[Turn]) -> Resolved | None:
    """`question` read as a follow-up although it names a topic of its own: for a turn whose
    own words find only weak evidence ("how many universities took part?", "How do I book
    one?"), the caller tries it in the frame of the conversation. None when there is no
    conversation or the turn says it changes the subject."""
    if not history or _SWITCH.search(question):
        return None
    question, history = _with_full_years(question, history)
    return Resolved(carry_over(question, history), True, WEAK_ALONE)


def _with_full_years(question: str, history: list[Turn]) -> tuple[str, list[Turn]]:
    """`question` and the earlier questions with two-digit years written out ("23년" ->
    "2023년")."""
    return full_years(question), [Turn(full_years(t.question), t.answer) for t in history]


def _history_text(history: list[Turn]) -> str:
    lines = []
    for turn in history[-HISTORY_TURNS:]:
        lines.append(f"User: {turn.question.strip()}")
        if turn.answer:
            lines.append(f"Assistant: {strip_markers(turn.answer)[:300]}")
    return "\n".join(lines)


def _previous_question(history: list[Turn]) -> str:
    """The last earlier question that is not itself a restatement request."""
    for turn in reversed(history):
        if not _RESTATE.search(turn.question):
            return turn.question.strip()
    return history[-1].question.strip()


def resolve(question: str, history: list[Turn], *, chat=None, glossary=None) -> Resolved:
    """The question retrieval should see: itself when it stands alone, else made standalone
    by the `condense` prompt with `chat`, or by rule (`glossary`: see `dependence`)."""
    question, history = _with_full_years(question, history)
    reason = dependence(question, history, glossary) if history else ""
    if not reason:
        return Resolved(question)
    year = _YEAR_ONLY.match(question)
    if reason == RESTATES or year:  # the previous question, made standalone
        previous = resolve(_previous_question(history), history[:-1], chat=chat,
                           glossary=glossary).text
    if reason == RESTATES:
        return Resolved(previous, True, reason, previous_said(history[-1].answer))
    if year:  # ... with the year this turn names
        again = re.sub(r"(?:19|20)\d{2}", year.group(1), previous)
        named = year.group(1) + ("년" if detect_language(previous) == "ko" else "")
        if again == previous and "date" in kinds_in(previous):
            # "언제 처음 생겼어요?" then "2016년은요?": what that year brought, not when
            return Resolved(f"{' '.join(own_topic(previous))} {named}", True, reason)
        return Resolved(again if again != previous else f"{previous} {named}", True, reason)
    if chat is not None:
        prompt = render("condense", history=_history_text(history), question=question.strip())
        try:
            reply = chat.invoke([("human", prompt)])
        except Exception:  # an unreachable server must not block retrieval
            reply = ""
        lines = [ln.strip().strip('"“”') for ln in str(reply).strip().splitlines() if ln.strip()]
        if lines and len(lines[0]) <= 4 * len(question) + 200:
            return Resolved(lines[0], True, reason)
    said = " ".join(t.question for t in history)
    if _by_time_alone(question) and _names_new_topic(question, said, glossary):
        return Resolved(carry_year(question, history), True, reason)
    return Resolved(carry_over(question, history), True, reason)


def _pointers(question: str) -> list[re.Match]:
    """The words of `question` that point back to something said, not to the conversation's
    time (`_THEN`: "that year", "그 해")."""
    return [p for p in _REFERENTIAL.finditer(question)
            if not _THEN.match(question[p.start():].lstrip(" ,"))]


def _by_time_alone(question: str) -> bool:
    """Whether every word of `question` that points back points at the conversation's time
    ("that year", "그 해", "the year after")."""
    return not _pointers(question) and bool(_THEN.search(question) or any(
        said.search(question) for _, said in RELATIVE_YEARS))


def make_standalone(question: str, history: list[Turn], *, chat=None) -> str:
    """The question rewritten to stand alone (see `resolve`)."""
    return resolve(question, history, chat=chat).text
