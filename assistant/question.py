"""What a question asks: its kind, the clause that asks it, and the role of each of its words.

Users wrap the question in their situation ("저희는 울산에 있는 스타트업인데요, …", "I'm asking
for my mother — …"), in politeness and filler. Only the words of the asking clause decide
whether the documents cover the question; a place, a person or a companion named around it
does not. Korean is read with Kiwi (kiwipiepy) morphemes and tags; English with plain `re`.

- A Korean clause that ends in a background connective (…인데요, …려고, …니까, …어서, …지만)
  states the asker's situation: its words are `context`.
- A noun followed by an adverbial particle (에, 에서, 랑, 께, 한테, 하고) or, in English, a
  capitalised name after in/at/from/near, or a noun after my/our, is an `adjunct`.
- Everything else in the asking clause is `focus`. Focus nouns split into `entities` (proper
  nouns, capitalised names, glossary terms) and `attributes` (what is asked about them).
- A clause that names nothing asks about the one before it ("…돌려준다는데 괜찮은 건가요?",
  "… what a data broker does. Could you explain that?"); in English, who reports a question
  ("a customer keeps asking what …") is context, and a verb of telling addressed to the
  assistant ("can you explain …") names no topic (`assistant.requests`).

Korean clause boundaries are read in `assistant.clauses_ko`.

The kind (amount, count, date, hours, article, who, where, how, yes/no, list, what) comes from
question words (`assistant.kinds`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from assistant.clauses_ko import (
    NOUN_TAGS,
    background_ending,
    example_of_next,
    is_background,
    is_question,
    misread_connective,
    span,
)
from assistant.kinds import KIND_NOUNS, kind_words, kinds_in, question_kind
from assistant.morphemes import names_whole, syllable_runs
from assistant.requests import addressed_verbs, refers_back, telling
from assistant.subquestions import sub_questions, with_topic
from ingest.keyword import latin_word
from ingest.text import HANGUL, kiwi
from ingest.words import HONORIFIC_NOUNS, adverb_in_ly, is_stop, verb_after_auxiliary

# Adverbial particles: the noun before them says where / with whom / to whom, not what is asked.
ADJUNCT_PARTICLES = frozenset("에 에서 에게 께 한테 랑 이랑 하고 와 과 까지 부터 로 으로".split())
_ADJUNCT_TAGS = ("JKB",)
# Words that are about the asking itself (politeness, filler, the asker) or that only point
# within the conversation (마지막 "the last one", 나머지 "the rest"), never its topic.
FILLER = frozenset(
    "저희 제 저 우리 혹시 좀 그냥 진짜 정말 너무 완전 약간 일단 혹시나 문의 질문 궁금 답변 부탁 "
    "감사 안녕 관련 대해 대한 정도 경우 것 거 수 때 곳 분 점 뭐 무엇 어디 "
    # time relative to the asker (the documents name years, never "last year")
    "요즘 요새 지금 현재 최근 오늘 내일 어제 이번 지난번 올해 작년 내년 재작년 지난해 금년 "
    "이번달 지난달 다음달 앞으로 "
    "마지막 처음 다음 이전 이후 나머지 전부 모두 하나 앞 뒤 중 "
    "언제 누구 얼마 몇 방법 이거 그거 저거 이것 그것 알 부분 내용 사항 가지 쪽 등 "
    "please hi hello thanks thank question quick wondering curious hey lol kindly much many "
    "i'm im we're i've we've you're it's that's what's my our your me us".split()
)
_EN_ADJUNCT = re.compile(r"\b(?:in|at|from|near|around|outside|based in)\s+((?:[A-Z][\w-]+\s?)+)")
_EN_OWNED = re.compile(r"\b(?:my|our|his|her)\s+([a-z][\w-]+)", re.I)
# Examples given of what is asked about ("spend it on things such as laptops or servers"): as
# "기사 같은 저작물" in Korean, they are not what is asked about
_EN_EXAMPLE = re.compile(r"\b(?:such as|e\.g\.,?|for example,?|for instance,?|like)\s+"
                         r"((?:an?\s+|the\s+)?[\w-]+(?:(?:,\s*|\s+(?:or|and)\s+)[\w-]+)*)",
                         re.I)
_EN_CONTEXT = re.compile(r"^\s*(?:i'?m|i am|we'?re|we are|i have|we have|i run|we run|my|our)\b",
                         re.I)
# A question asked inside a statement: "I'd like to know how much …", "tell me when …"
_EMBEDDED = re.compile(r"\b(?:know|tell (?:me|us)|wondering|wonder|find out|understand|explain)"
                       r"\s+(?:how|what|when|where|who|which|whether|if)\b", re.I)
# ... or someone else's question reported: "a customer keeps asking what MyData is"
_REPORTED = re.compile(r"\b(?:asks?|asked|asking)\s+(?:me\s+|us\s+|you\s+)?"
                       r"(?:how|what|when|where|who|which|whether|if)\b", re.I)
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'-]*|\d[\d,.]*")


@dataclass(frozen=True)
class Word:
    """One content word of a question and its role."""

    form: str  # as the keyword index spells it (lower-case English, Kiwi form for Korean)
    role: str  # "focus" | "adjunct" | "context" | "kind" (a question word: 금액, budget, 위치)
    proper: bool = False  # a name: Kiwi NNP, or a capitalised English word
    joined: bool = False  # a compound of one-syllable nouns ("물회집"): no keyword token
    manner: bool = False  # an English word in -ly before no noun ("roughly how", "actually
    # opening"): an adverb, unless the corpus uses it; "hourly fee" is an adjective; or a verb
    # in -ed after an auxiliary ("were issued"): how the asker words it


@dataclass(frozen=True)
class Question:
    """The analysis of one question."""

    text: str
    kind: str
    focus_text: str  # the clause that asks (with the clause it asks about, when it names none)
    words: tuple[Word, ...] = field(default=())
    parts: int = 1  # how many things it asks for ("금액과 신청 방법" = 2)
    asks: str = ""  # the asking clause alone: its question words give the kinds of fact asked
    questions: tuple[str, ...] = ()  # its sub-questions, when it asks two or three in a row

    def terms(self, role: str = "focus") -> list[str]:
        """Content words with that role, in order, without repeats."""
        return list(dict.fromkeys(w.form for w in self.words if w.role == role))

    @property
    def entities(self) -> list[str]:
        """Focus words that name something (proper nouns)."""
        return list(dict.fromkeys(w.form for w in self.words if w.role == "focus" and w.proper))

    @property
    def attributes(self) -> list[str]:
        """Focus words that say what is asked about the entities."""
        return list(dict.fromkeys(w.form for w in self.words
                                  if w.role == "focus" and not w.proper))


def _korean_words(text: str) -> tuple[list[Word], str, str]:
    """Words of a Korean question with roles, its focus span and its asking clause."""
    tokens = names_whole(kiwi().tokenize(text))
    clauses: list[list] = [[]]
    for i, tok in enumerate(tokens):
        clauses[-1].append(tok)
        # a final ending ends a sentence, with or without a full stop ("…같아요ㅠㅠ 회원들한테는")
        final = tok.tag == "EF" and (i + 1 == len(tokens) or not tokens[i + 1].tag.startswith(
            ("SF", "J", "E", "VCP", "XS")))
        if (tok.tag == "EC" and background_ending(tok.form)) or tok.tag == "SF" or final \
                or misread_connective(tokens, i):
            clauses.append([])
    said = [c for c in clauses if c] or [tokens]
    named = [i for i, c in enumerate(said) if any(t.tag.startswith(NOUN_TAGS) for t in c)]
    # "…알려주세요. 캠퍼스 가기 전에 따 두려고요": a clause about the asker's plan asks nothing
    said_plainly = [i for i in named if not is_background(said[i])]
    # the last clause that asks, or has a question word outside a background ("연도별로 …려고")
    asks = next((i for i in reversed(range(len(said))) if is_question(said[i]) or (
                 kinds_in(span(text, said[i])) and not is_background(said[i]))),
                (said_plainly or named or [len(said) - 1])[-1])
    # "…돌려주겠다고 하는데 괜찮은 건가요?": a clause that names nothing asks about the one before
    asking = asks if asks in named or not named else max(
        (i for i in named if i < asks), default=named[-1])
    # "날씨 어떨까요? 비 소식 있나요?": every question the turn asks is what it asks about
    asked = {id(said[asking])} | {id(said[i]) for i in named if is_question(said[i])}
    clauses = [said[i] for i in named] or [tokens]
    words: list[Word] = []
    for clause in clauses:
        role = "focus" if named and id(clause) in asked else "context"
        for run in syllable_runs(clause):
            words.append(Word("".join(t.form for t in run), role, joined=True))
        for i, tok in enumerate(clause):
            if not tok.tag.startswith(NOUN_TAGS):
                continue
            form = latin_word(tok.form) if tok.tag == "SL" else tok.form
            if not form or len(form) < 2 or form in FILLER or is_stop(form) or tok.tag == "NR":
                continue
            nxt = clause[i + 1] if i + 1 < len(clause) else None
            adjunct = nxt is not None and nxt.tag.startswith(_ADJUNCT_TAGS) and (
                nxt.form in ADJUNCT_PARTICLES)
            # "대략적인 금액", "정상적인 업체인지": a noun made a modifier by the suffix 적 says
            # how, not what is asked about (as an English -ly adverb does)
            adjunct = adjunct or (nxt is not None and nxt.tag == "XSN" and nxt.form == "적")
            # "국내 첫 사례라는 표현": the noun after a quotative names what the quoted words
            # are (an expression, a program); the quoted words are what is asked about
            adjunct = adjunct or (i > 0 and clause[i - 1].tag == "ETM"
                                  and clause[i - 1].form.endswith("라는"))
            # "기사 같은 저작물", "노트북 등의 장비": an example of the noun that follows, which
            # names what is asked about
            adjunct = adjunct or example_of_next(clause, i)
            proper = tok.tag == "NNP" or (tok.tag == "SL" and tok.form[:1].isupper())
            words.append(Word(form, "adjunct" if role == "focus" and adjunct else role, proper))
    if not named:  # nothing named: the whole question is the focus
        return words, span(text, tokens), span(text, said[asks])
    focus = said[min(asking, asks)] + said[max(asking, asks)]  # span: first to last token
    return words, span(text, focus), span(text, said[asks])


def _english_words(text: str) -> tuple[list[Word], str, str]:
    """Words of an English question with roles, its focus span and the asking sentences (every
    one that ends in a question mark: "can I spend it on servers? is there a list of banned
    items?" asks both)."""
    sentences = [s for s in re.split(r"(?<=[.?!])\s+|\s[—–-]\s|;\s", text) if s.strip()]
    asks = [s for s in sentences if "?" in s or _EMBEDDED.search(s)] or sentences[-1:]
    # "A customer keeps asking about MyData — can you explain it simply?": a request that names
    # nothing but its verb of telling asks about the sentence before it (as a Korean clause
    # that names nothing asks about the one before)
    first, antecedent = sentences.index(asks[0]), ""
    if first and (not any(_names_something(s) for s in asks) or refers_back(asks[0])):
        antecedent = sentences[first - 1]  # what it asks about, whoever the sentence is about
    said = " ".join(asks)  # its question words give the kind ("Is that okay?": yes or no) ...
    asks = [antecedent, *asks] if antecedent else asks
    asking = " ".join(asks)
    if antecedent and all(telling(s) for s in asks[1:]):  # ... or those of what "Please
        said = asking  # explain." is about
    adjuncts = {w.lower() for m in _EN_ADJUNCT.finditer(asking) for w in m.group(1).split()}
    owned = {m.group(1).lower() for m in _EN_OWNED.finditer(asking)}
    owned |= {w.lower() for m in _EN_EXAMPLE.finditer(asking)
              for w in re.split(r"[,\s]+", m.group(1))}
    words: list[Word] = []
    for sentence in sentences:
        context = sentence not in asks or bool(_EN_CONTEXT.match(sentence) and len(sentences) > 1
                                               and sentence != antecedent)
        found = _EN_WORD.findall(sentence)
        # "A customer keeps asking what MyData is": who asks is not what is asked
        embedded = _EMBEDDED.search(sentence) or _REPORTED.search(sentence)
        reported = embedded.start() if embedded and not context else 0
        for k, raw, form, at in _content_words(sentence):
            if raw.lower() in adjuncts or raw.lower() in owned:
                role = "adjunct"
            else:
                role = "context" if context or at < reported else "focus"
            following = found[k + 1] if k + 1 < len(found) else ""
            proper = raw[:1].isupper() and (k > 0 or raw.isupper()) and not _nationality(
                raw, following)
            before = found[k - 1] if k else ""
            words.append(Word(form, role, proper,
                              manner=adverb_in_ly(raw, following)
                              or verb_after_auxiliary(raw, before)))
    return words, asking, said


def _content_words(sentence: str) -> list[tuple[int, str, str, int]]:
    """(position, word, keyword form, offset) of the words of an English sentence that may name
    what is asked: not stop words, filler, figures, or the verb of telling addressed to the
    assistant."""
    addressed = addressed_verbs(sentence)
    out = []
    for k, match in enumerate(_EN_WORD.finditer(sentence)):
        raw = re.sub(r"'s$", "", match.group())
        form = latin_word(raw)
        if (not form or len(form) < 2 or form in FILLER or is_stop(form) or is_stop(raw)
                or form[0].isdigit() or match.start() in addressed):
            continue
        out.append((k, raw, form, match.start()))
    return out


def _names_something(sentence: str) -> bool:
    """Whether an English sentence has a content word that is not an adverb in -ly."""
    found = _EN_WORD.findall(sentence)
    return any(not adverb_in_ly(raw, found[k + 1] if k + 1 < len(found) else "")
               for k, raw, _, _ in _content_words(sentence))


# An adjective of nationality or language ("Korean law", "a German company", "in Japanese"):
# it qualifies the noun after it and names no thing the documents are about. A capitalised word
# with such an ending before a name ("European Union") is part of that name.
_NATIONALITY = re.compile(r"[A-Z][a-z]+(?:ean|ian|ese|ish|ican)$")


def _nationality(word: str, following: str) -> bool:
    return bool(_NATIONALITY.match(word)) and not following[:1].isupper()


def retrieval_query(question: Question) -> str:
    """The question plus the nouns its question words ask for (see KIND_NOUNS) and the plain
    word of each honorific one ("성함" -> 이름)."""
    plain = [HONORIFIC_NOUNS[w.form] for w in question.words if w.form in HONORIFIC_NOUNS]
    extra = " ".join([KIND_NOUNS.get(question.kind, ""), *plain])
    return f"{question.text} {extra}".strip()


@lru_cache(maxsize=512)
def analyse(text: str) -> Question:
    """Kind, asking clause, word roles and number of parts of a question."""
    text = text.strip()
    korean = bool(HANGUL.search(text))
    if korean:
        words, asking, asks = _korean_words(text)
    else:
        words, asking, asks = _english_words(text)
    asking, asks = asking or text, asks or asking or text
    kind = question_kind(asks)
    asked = kind_words(asks)
    if kind not in ("yesno", "what"):  # "개수 차이 난다던데 각각 몇 개였음?" asks the figure
        asked |= kind_words(asking)  # of the clause it is about
    words = [replace(w, role="kind") if w.role == "focus" and w.form.lower() in asked else w
             for w in words]
    questions = tuple(with_topic(sub_questions(text)))
    parts = max(len([k for k in kinds_in(asks) if k not in ("yesno", "what")]), len(questions), 1)
    return Question(text, kind, asking, tuple(words), min(parts, 3), asks,
                    questions if len(questions) > 1 else ())
