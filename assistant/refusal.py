"""Refusal by the question's focus: answer unless the evidence does not cover what is asked.

One similarity threshold does not separate out-of-scope questions from answerable ones with this
embedder, so the decision reads what the question asks (`assistant.question`) and combines:
- focus words that occur nowhere in the corpus (one-letter typos of corpus words count as known).
  Words of the asker's situation, adjuncts (a city, a companion) and filler never count;
- a year named in the question that no retrieved document mentions;
- a Korean name the question asks about ("대구 빅데이터 센터", "포스코 공채") that no retrieved
  passage mentions: the passages are about another thing of the same kind;
- the best dense and keyword scores (evidence too weak on both sides);
- and, once sentences are ranked, whether a sentence covers the asked attribute of a named
  entity: "포스텍 총장 임기" finds POSTECH but no term of office, so the answer says that the
  documents describe the entity but do not state the attribute, and cites nothing.
The signals are gathered by `assistant.signals`; thresholds are data
(`assistant/calibration.yaml`, `refusal` section).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.calibration import RefusalValues
from assistant.kinds import WHICH_PLACE
from assistant.persons import asked_person, is_office, name_of, names_office_holder, person_named
from assistant.question import FILLER, Question
from assistant.signals import Signals
from ingest.figures import COUNTER
from ingest.keyword import latin_word
from ingest.text import HANGUL, compact


@dataclass(frozen=True)
class Decision:
    """What to do with a question: answer, refuse, or say the asked attribute is not covered."""

    action: str  # "answer" | "refuse" | "uncovered"
    reason: str = ""
    entity: str = ""  # for "uncovered": what the documents do cover
    attribute: str = ""  # ... and what they do not state


ANSWER = Decision("answer")
# Kinds of fact a sentence visibly holds or not (a figure, a date, an article number): only for
# these can "no sentence naming the entity states it" be decided from the words.
COVERS_KINDS = frozenset({"amount", "count", "date", "article"})
_PLACE_NOUN = re.compile(rf"주소|위치|소재지|장소|몇\s?층|건물|{WHICH_PLACE}")


class RefusalPolicy:
    """Decides from signals (before composing) and from ranked evidence (after ranking)."""

    def __init__(self, values: RefusalValues) -> None:
        self.values = values

    def decide(self, s: Signals, korean: bool) -> Decision:
        """Refuse when retrieval's evidence cannot answer the question's focus."""
        v = self.values
        if s.unknown_years:
            return Decision("refuse", f"no document about {', '.join(s.unknown_years)}")
        if s.request:
            return Decision("refuse", f"asks for work on something not in the documents: "
                                      f"{s.request}")
        if s.absent_names and s.dense_top < v.unknown_focus_dense:
            return Decision("refuse", f"names no retrieved passage mentions: {s.absent_names}")
        unknown = len(s.unknown_terms)
        share = unknown / s.salient_terms if s.salient_terms else 0.0
        # "DNA가 뭔 약자예요? 그리고 센터의 다른 계획도 알려주세요": a part every word of which
        # the documents use is answered, whatever word of another part they do not
        if korean and share >= v.ko_unknown_share and s.dense_top < v.unknown_focus_dense \
                and not s.known_part:
            return Decision("refuse", f"focus words not in the documents: {s.unknown_terms}")
        if not korean and share >= v.en_unknown_share and s.dense_top < v.en_dense:
            return Decision("refuse", f"focus words not in the documents: {s.unknown_terms}")
        # an acronym is written the same in Korean text: one the documents never use names
        # another topic ("GDPR fines", "the D-8-4 visa"), as an unknown Korean noun does; so
        # does a capitalised name of the question's focus ("What does Daegu's grant pay?")
        if not korean and s.unknown_acronyms and s.dense_top < v.unknown_focus_dense:
            return Decision("refuse", f"names the documents never use: {s.unknown_acronyms}")
        # a short question both retrievers agree on is not weak
        if self.weak(s) and (unknown or not s.agreement):
            return Decision("refuse", "weak evidence on both retrievers")
        return ANSWER

    def weak(self, s: Signals) -> bool:
        """Whether both retrievers' best scores are below the weak-evidence thresholds."""
        return s.dense_top < self.values.weak_dense and s.keyword_top < self.values.weak_keyword

    def covers(self, question: Question, evidence: Sequence[tuple[str, str, float, float]],
               meets: Callable[[str, str], bool], entities: Sequence[str] = (),
               elsewhere: bool = False, known: Sequence[str] = ()) -> Decision:
        """`evidence`: (sentence, its heading and title, cosine with the question, how well it
        holds the kind of fact asked), best first; `meets(word, text)`: whether a text holds a
        word; `entities`: what the question names (default: its proper nouns). "uncovered" when
        sentences name the most specific of them (the one the fewest sentences name) but none of
        those holds the kind of fact asked (a budget, a date, an article) and no sentence is
        close in meaning. `elsewhere`: a sentence in another language holds the kind of fact, and
        names cannot be matched across languages, so it may be the answer. `known`: names the
        documents use (the glossary's); one that no evidence sentence names is not what the
        evidence is about ("서영주 센터장 임기" over sentences on a committee's terms)."""
        entities = list(entities) or question.entities
        person = self.person_uncovered(question, evidence)
        if person is not None:
            return person
        # an English "where" asks a place; a Korean "어디" as often a body ("어디서 받아요?"),
        # unless a word for a place says it is one ("본사 주소가 어디예요?")
        place = not HANGUL.search(question.text) or bool(_PLACE_NOUN.search(question.asks))
        kinds = COVERS_KINDS | ({"where"} if place else set())
        if not entities or not evidence or question.kind not in kinds or elsewhere:
            return ANSWER
        closest = max(e[2] for e in evidence)
        # a close sentence may answer in words the kind test does not read, but not a sum of
        # money: "총사업비가 얼마예요?" is not answered by "88.5 PF 규모입니다", however close
        if closest >= self.values.uncovered_cosine and question.kind != "amount":
            return ANSWER
        named = {w: [e for e in evidence if meets(w, f"{e[0]} {e[1]}")] for w in entities}
        named = {w: units for w, units in named.items() if units and _names_a_thing(w)}
        if not named:
            unnamed = [w for w in entities if w in known and _names_a_thing(w)]
            if unnamed:
                return self.uncovered(question, "no evidence sentence names it",
                                      entity=unnamed[0])
            return ANSWER  # the documents do not name it: left to the signals
        entity = min(named, key=lambda w: (len(named[w]), -len(w)))  # of equals, the fuller
        # a figure of the asked kind far in meaning from the question counts something else
        # ("250 people attended the opening" for "how many people work there?")
        # ... and so does one that names it only as a place or a companion ("센터는 2022년
        # 10월 13일 포항인공지능연구원 안에 문을 열었습니다" dates the center, not the institute)
        # ... unless it names every other word the question asks about: "2023년
        # 데이터바우처에서 청년기업은 만 39세 이하" answers "바우처 청년기업 몇 살까지?"
        rest = [w for w in question.terms("focus") if w not in compact(entity)]
        if any(e[3] >= 1.0 and e[2] >= closest - self.values.fit_cosine_span
               and (not adjunct_only(entity, e[0]) or rest and all(meets(w, e[0]) for w in rest))
               for e in named[entity]):
            return ANSWER
        return self.uncovered(question, "no sentence naming it states the kind of fact asked",
                              entity=entity)

    def person_uncovered(self, question: Question,
                         evidence: Sequence[tuple[str, ...]]) -> Decision | None:
        """"uncovered" when `question` asks for a person and no `evidence` sentence (in any
        language: a name reads the same in both) names the holder of the office asked."""
        asks_name, office = asked_person(question.text)
        if asks_name and evidence and not any(names_office_holder(e[0], office)
                                              for e in evidence):
            return self.uncovered(question, "a person is asked and no sentence names one",
                                  asked=[name_of(office, bool(HANGUL.search(question.text)))])
        return None

    def named_person_uncovered(self, question: Question, evidence: Sequence[tuple[str, ...]],
                               meets: Callable[[str, str], bool]) -> Decision | None:
        """"uncovered" when `question` asks about a person it names ("김무환 총장은 … 무슨 전공
        교수였어요?", "what did deputy mayor Lee Jang-sik do before joining …?") and the
        `evidence` sentences that name that person do not hold every other word it asks (not
        the person's title, nor a name): the documents name the person (at an opening, in an
        office) but do not state that. None when it asks for a person, or only who one is."""
        name = person_named(question.text)
        if not name or asked_person(question.text)[0]:
            return None
        asked = [w.form for w in question.words if w.role in ("focus", "adjunct", "kind")
                 and not w.proper and not is_office(w.form) and w.form.lower() not in
                 name.lower() and w.form not in FILLER]
        naming = [e for e in evidence if name.lower() in e[0].lower()]
        unmet = [w for w in asked if not any(meets(w, e[0]) for e in naming)]
        if naming and unmet:
            return self.uncovered(question, "no sentence naming the person states what is asked",
                                  asked=unmet, entity=name)
        return None

    @staticmethod
    def _asked(question: Question, entity: str = "") -> list[str]:
        """The asked words of `question` that are not names (nor words of `entity`: "데이터
        품질인증" is covered, not asked); "몇 층" when it asks a count in a counter ("몇 층에
        있어요?" asks a floor, not its other words); its asking clause when no word is left."""
        counted = re.search(rf"몇\s?(?:{COUNTER})(?=[에이은는을]|[^가-힣]|$)", question.asks)
        if counted:
            return [counted.group(0)]
        named = compact(entity)
        words = [w.form for w in question.words if w.role in ("focus", "kind")
                 and not w.proper and (not named or w.form.lower() not in named)]
        return list(dict.fromkeys(words)) or [question.asks.strip()]

    def uncovered(self, question: Question, reason: str, asked: Sequence[str] = (),
                  entity: str = "") -> Decision:
        """The "documents describe X but do not state Y" decision for `question` (`asked`: the
        words not covered, default every asked word that is not a name; `entity`: default its
        names)."""
        names = question.entities if not entity or entity in question.entities else [entity]
        if not HANGUL.search(question.text) and not any("'" in a for a in asked):
            # English words taken out of their clause read as a riddle ("do not state supplier
            # companie total registered"): the asker's own question says it
            clause = question.asks.strip()
            clause = clause if len(clause) <= 160 else clause[:159].rsplit(" ", 1)[0] + "…"
            return Decision("uncovered", reason, entity=" ".join(_surface(question, names)),
                            attribute=f"what you asked (“{clause}”)")
        asked = list(asked) or self._asked(question, entity)
        return Decision("uncovered", reason, entity=" ".join(_surface(question, names)),
                        attribute=" ".join(_surface(question, asked)))


_ADJUNCT = (r"(?:\([^()]{1,20}\))?\s?(?:안에|안|내에|에서|에|와|과|하고|으로|로|까지|부터)"
            r"(?![가-힣])")


def _names_a_thing(word: str) -> bool:
    """Whether a name is long enough to name a thing: not one syllable, not "AI" or "IT"."""
    return len(word) > (1 if HANGUL.search(word) else 2)


def adjunct_only(word: str, text: str) -> bool:
    """Whether a Korean `text` names `word` only as a place or a companion of what it is
    about ("… 포항인공지능연구원 안에 문을 열었습니다", "포스텍과 함께"), never as its topic,
    subject or owner."""
    if not HANGUL.search(word) or word not in text:
        return False
    return all(re.match(_ADJUNCT, text[m.end():])
               for m in re.finditer(re.escape(word), text))


_HOW_MANY = re.compile(r"\b(?:how many|number of)\s+([A-Za-z][\w-]*)", re.I)
# "GPU 서버가 몇 대": the word before a Korean "몇" and its counter, with a Latin modifier
_KO_HOW_MANY = re.compile(
    rf"((?:[A-Za-z][\w-]*\s)?(?:[A-Za-z][\w-]*|[가-힣]+))\s?몇\s?(?:{COUNTER})")
_PARTICLE = re.compile(r"(?<=[가-힣])(?:이|가|은|는|을|를|도|의)$")


def counted(question: str, unknown: Sequence[str]) -> str:
    """What a question counts ("how many PCs …" -> "PCs", "GPU 서버가 몇 대" -> "GPU 서버") when
    the documents never name it (a word of it is in `unknown`): they cannot state how many
    there are."""
    found = _HOW_MANY.search(question)
    if found:
        return found.group(1) if (latin_word(found.group(1)) or "") in unknown else ""
    found = _KO_HOW_MANY.search(question)
    if not found:
        return ""
    thing = _PARTICLE.sub("", found.group(1))
    words = [latin_word(w) or w for w in thing.split()]
    return thing if any(w in unknown for w in words) else ""


def _surface(question: Question, words: Sequence[str]) -> list[str]:
    """Words as the user wrote them (case kept for English names)."""
    text = question.focus_text
    out = []
    for word in words:
        at = text.lower().find(word.lower())
        out.append(text[at:at + len(word)] if at >= 0 else word)
    return out
