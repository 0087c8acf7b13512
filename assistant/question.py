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

The kind (amount, count, date, hours, article, who, where, how, yes/no, list, what) comes from
question words (`assistant.kinds`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from assistant.kinds import KIND_NOUNS, kind_words, kinds_in, question_kind
from assistant.morphemes import names_whole, syllable_runs
from assistant.subquestions import sub_questions, with_topic
from ingest.keyword import latin_word
from ingest.text import HANGUL, kiwi
from ingest.words import HONORIFIC_NOUNS, adverb_in_ly, is_stop, verb_after_auxiliary

# Korean connective endings that close a clause about the asker's situation ("…인데요, …").
BACKGROUND_ENDINGS = frozenset(
    "는데 ㄴ데 ᆫ데 은데 는데요 ㄴ데요 ᆫ데요 은데요 려고 으려고 려는데 니까 으니까 어서 아서 여서 "
    "지만 는데도 길래 다가 던데 더니".split()
)
# Adverbial particles: the noun before them says where / with whom / to whom, not what is asked.
ADJUNCT_PARTICLES = frozenset("에 에서 에게 께 한테 랑 이랑 하고 와 과 까지 부터 로 으로".split())
_ADJUNCT_TAGS = ("JKB",)
_NOUN_TAGS = ("NNG", "NNP", "SL", "SH", "NR")
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
        if (tok.tag == "EC" and _background_ending(tok.form)) or tok.tag == "SF" or final \
                or _misread_connective(tokens, i):
            clauses.append([])
    said = [c for c in clauses if c] or [tokens]
    named = [i for i, c in enumerate(said) if any(t.tag.startswith(_NOUN_TAGS) for t in c)]
    # "…알려주세요. 캠퍼스 가기 전에 따 두려고요": a clause about the asker's plan asks nothing
    said_plainly = [i for i in named if not _background(said[i])]
    # the last clause that asks, or has a question word outside a background ("연도별로 …려고")
    asks = next((i for i in reversed(range(len(said))) if _asking(said[i]) or (
                 kinds_in(_span(text, said[i])) and not _background(said[i]))),
                (said_plainly or named or [len(said) - 1])[-1])
    # "…돌려주겠다고 하는데 괜찮은 건가요?": a clause that names nothing asks about the one before
    asking = asks if asks in named or not named else max(
        (i for i in named if i < asks), default=named[-1])
    # "날씨 어떨까요? 비 소식 있나요?": every question the turn asks is what it asks about
    asked = {id(said[asking])} | {id(said[i]) for i in named if _asking(said[i])}
    clauses = [said[i] for i in named] or [tokens]
    words: list[Word] = []
    for clause in clauses:
        role = "focus" if named and id(clause) in asked else "context"
        for run in syllable_runs(clause):
            words.append(Word("".join(t.form for t in run), role, joined=True))
        for i, tok in enumerate(clause):
            if not tok.tag.startswith(_NOUN_TAGS):
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
            adjunct = adjunct or _example_of_next(clause, i)
            proper = tok.tag == "NNP" or (tok.tag == "SL" and tok.form[:1].isupper())
            words.append(Word(form, "adjunct" if role == "focus" and adjunct else role, proper))
    if not named:  # nothing named: the whole question is the focus
        return words, _span(text, tokens), _span(text, said[asks])
    focus = said[min(asking, asks)] + said[max(asking, asks)]  # _span: first to last token
    return words, _span(text, focus), _span(text, said[asks])


def _example_of_next(clause, i: int) -> bool:
    """Whether the noun at `i` is given as an example of a noun right after it: "X 같은 Y",
    "X 등(의) Y"."""
    after = clause[i + 1:i + 4]
    forms = [(t.form, t.tag) for t in after]
    if forms[:2] == [("같", "VA"), ("은", "ETM")]:
        rest = after[2:]
    elif forms[:1] == [("등", "NNB")]:
        rest = after[2:] if forms[1:2] == [("의", "JKG")] else after[1:]
    else:
        return False
    return bool(rest) and rest[0].tag.startswith(_NOUN_TAGS)


def _misread_connective(tokens, i: int) -> bool:
    """Kiwi reads the connective 는데 written without a space before the next word as a
    modifier and the bound noun 데 ("넘기는데 회원들한테" -> 넘기/는/데): a 데 right after the
    modifier ending, not followed by a particle, ends a background clause ("가는 데 시간이"
    and "쓰는 데에" are the noun)."""
    tok, before = tokens[i], tokens[i - 1] if i else None
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    return (tok.form == "데" and tok.tag == "NNB" and before is not None
            and before.tag == "ETM" and tok.start == before.start + before.len
            and (after is None or not after.tag.startswith(("J", "VCP"))))


# Final endings that only ask (Kiwi's EF forms): "-ㄴ가", "-나", "-니", "-냐", "-ㄹ까"; not "-요",
# which states as often as it asks.
_QUESTION_ENDINGS = ("ᆫ가", "는가", "나", "니", "냐", "까")


def _asking(clause) -> bool:
    """Whether a clause is a question: it ends in a question mark, or it is a request ("…알려
    주세요", "정리해 줘": a verb, then 주 and a final ending)."""
    ends = [t for t in clause if t.tag not in ("SF", "SP", "SE", "SS", "SW", "SO")]
    if ends and ends[-1].tag == "EF" and ends[-1].form.endswith(_QUESTION_ENDINGS):
        return True  # "…되는 건가", "되나", "있을까" ask without a question mark
    return any(t.form == "?" for t in clause) or (
        len(ends) > 1 and ends[-1].tag == "EF" and ends[-2].form == "주"
        and ends[-2].tag.startswith("VX"))


def _background(clause) -> bool:
    """Whether a clause ends in a connective of the asker's situation (…려고, …는데)."""
    ends = [t for t in clause if t.tag not in ("SF", "SP", "SE", "SS")]
    return bool(ends) and ends[-1].tag == "EC" and _background_ending(ends[-1].form)


_LONG_ENDINGS = tuple(e for e in BACKGROUND_ENDINGS if len(e) > 1)


def _background_ending(form: str) -> bool:
    """Whether a connective ending (Kiwi's EC form) is one of `BACKGROUND_ENDINGS`, also inside
    reported speech: "돌려준다는데" (ᆫ다는데), "된다던데" (다던데), "하라니까"."""
    return form in BACKGROUND_ENDINGS or form.endswith(_LONG_ENDINGS)


def _span(text: str, tokens) -> str:
    """The part of `text` a run of Kiwi tokens covers."""
    if not tokens:
        return ""
    return text[tokens[0].start : tokens[-1].start + tokens[-1].len].strip()


def _english_words(text: str) -> tuple[list[Word], str]:
    """Words of an English question with roles, and the asking sentences (every one that ends
    in a question mark: "can I spend it on servers? is there a list of banned items?" asks
    both)."""
    sentences = [s for s in re.split(r"(?<=[.?!])\s+|\s[—–-]\s|;\s", text) if s.strip()]
    asks = [s for s in sentences if "?" in s or _EMBEDDED.search(s)] or sentences[-1:]
    asking = " ".join(asks)
    adjuncts = {w.lower() for m in _EN_ADJUNCT.finditer(asking) for w in m.group(1).split()}
    owned = {m.group(1).lower() for m in _EN_OWNED.finditer(asking)}
    owned |= {w.lower() for m in _EN_EXAMPLE.finditer(asking)
              for w in re.split(r"[,\s]+", m.group(1))}
    words: list[Word] = []
    for sentence in sentences:
        context = sentence not in asks or bool(_EN_CONTEXT.match(sentence) and len(sentences) > 1)
        found = _EN_WORD.findall(sentence)
        for k, raw in enumerate(found):
            raw = re.sub(r"'s$", "", raw)
            form = latin_word(raw)
            if (not form or len(form) < 2 or form in FILLER or is_stop(form) or is_stop(raw)
                    or form[0].isdigit()):
                continue
            if raw.lower() in adjuncts or raw.lower() in owned:
                role = "adjunct"
            else:
                role = "context" if context else "focus"
            following = found[k + 1] if k + 1 < len(found) else ""
            proper = raw[:1].isupper() and (k > 0 or raw.isupper()) and not _nationality(
                raw, following)
            before = found[k - 1] if k else ""
            words.append(Word(form, role, proper,
                              manner=adverb_in_ly(raw, following)
                              or verb_after_auxiliary(raw, before)))
    return words, asking


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
        words, asking = _english_words(text)
        asks = asking
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
