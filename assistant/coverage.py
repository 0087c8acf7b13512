"""Does the evidence cover what the question asks? The decision after ranking.

A refusal for words the documents never use, about an entity they do name, becomes
"uncovered" ("the documents describe X but do not state Y"); so does an answer whose entity the
ranked sentences name while none of those states the kind of fact asked (a budget, a date, an
article), or a count of a thing no document names. The rules on the sentences themselves are
`assistant.refusal.RefusalPolicy.covers`; this module gathers the evidence for them: the
question as the index spells it, the best ranked sentences (a deferral by its subject only),
and which names can be matched in which language.
"""

from __future__ import annotations

import re

from assistant.compose.asked_figures import counts_a_class
from assistant.compose.cues import asks_money, states_figure
from assistant.compose.deferral import deferred_subject, defers_asked
from assistant.compose.parallel import figures
from assistant.counted import counted_words
from assistant.kinds import asks_degree
from assistant.models import Hit
from assistant.question import analyse
from assistant.refusal import Decision, RefusalPolicy, counted
from assistant.signals import Signals, acronym_in, meets
from ingest.keyword import latin_word
from ingest.text import HANGUL, detect_language, language_of_text

EVIDENCE_SENTENCES = 8  # ranked sentences the coverage check reads


class Coverage:
    """The coverage check, over one index's vocabulary and the glossary."""

    def __init__(self, policy: RefusalPolicy, vocabulary, glossary, reader) -> None:
        self.policy = policy
        self.vocabulary = vocabulary  # assistant.vocabulary.Vocabulary
        self.glossary = glossary  # assistant.glossary.Glossary or None
        self.reader = reader  # assistant.index.IndexReader

    def refine(self, question: str, decision: Decision, signals: Signals, hits: list[Hit],
               ranked=None, said: str = "") -> Decision:
        """`decision` refined by the evidence (`ranked`: the sentence ranking, when the
        question was answered; `said`: the user's own words when `question` is a follow-up
        made to stand alone): see the module docstring."""
        asked = analyse(self.vocabulary.canonical(question))

        def holds(word: str, text: str) -> bool:
            return meets(word, text, self.glossary)

        if decision.action == "refuse" and signals.request:  # work on the asker's material
            return decision
        if decision.action == "refuse" and signals.unknown_terms and asked.entities:
            named = [h for h in hits
                     if all(holds(e, f"{h.title} {h.text}") for e in asked.entities)]
            known = not set(asked.entities) & set(signals.unknown_terms)
            specific = 0 < len(named) <= max(1, len(hits) // 2)  # not "포항" in every hit
            if specific and known and not signals.unknown_years:
                return self.policy.uncovered(asked, decision.reason, signals.unknown_terms)
            return decision
        if decision.action != "answer" or ranked is None:
            return decision
        # "how many seats does the analysis room have?": a thing no document names (nor is
        # it a typo of a word they use) cannot be counted by them; the room is what they cover
        # (so does an acronym the corpus never uses although it glosses a Korean question:
        # "GPU 서버가 몇 대"; an English common word there translates one, "share 몇 %")
        acronyms = [t for t in signals.ignored_terms if acronym_in(t, asked.text)]
        thing = counted(asked.text, signals.unknown_terms + acronyms)
        # ... unless the turn asks another question too ("when did it open, and how many ppl
        # came?"): that one is answered
        if thing and not asked.questions and self.glossary is not None and not (
                self.reader.spelled_like(latin_word(thing) or thing)):
            named = self.glossary.terms_for(asked.focus_text)
            if named:
                korean = bool(HANGUL.search(asked.text))
                return self.policy.uncovered(asked, "what is counted is never named", [thing],
                                             entity=named[0][0 if korean else 1])
        _, ranking = ranked
        # a sentence of a statute article states which article it is (its citation names it)
        article = asked.kind == "article"
        units = [(deferred_subject(s.sentence.text),
                  f"{s.sentence.heading} {hits[s.sentence.hit_index].title}", s.cosine,
                  1.0 if article and s.sentence.article else s.fit)
                 for s in ranking.ranked[:EVIDENCE_SENTENCES]]
        names = self.glossary.names_in(asked.focus_text) if self.glossary else []
        language = detect_language(question)
        person = self.policy.person_uncovered(asked, units) or \
            self.policy.named_person_uncovered(asked, units, holds)  # a name reads in any
        if person is not None:  # language
            return person
        # an English question over Korean statute text: its legal wording is not matched to
        # the question's words, so no sentence naming the act "holding the kind" is no sign;
        # a figure is, in any language
        statute = language == "en" and any(
            s.sentence.article and language_of_text(s.sentence.text) == "ko"
            for s in ranking.ranked[:1])
        found = decision if statute else self._by_names(asked, units, names, language, holds,
                                                        said)
        if found.action != "answer":
            return found
        other: list[str] = []
        if _nothing_of_kind(asked, ranking, units):
            reason = "no evidence sentence states the kind asked"
        elif other := _counts_another_thing(asked, units, language, holds,
                                            self.vocabulary.respelled):
            reason = "the counts stated are of another thing"
        else:
            return found
        named = names or asked.entities
        return self.policy.uncovered(asked, reason, other, entity=named[0] if named else "")

    def _by_names(self, asked, units, names, language, holds, said) -> Decision:
        """The policy's decision on the evidence sentences that name what the question names
        (`RefusalPolicy.covers`), each name matched where it can be (see below)."""
        # glossary names are found in Korean sentences too, and the documents use them: one no
        # evidence sentence names is not what the evidence is about
        if language == "en" and names:
            # ... as the name or as the user wrote it: "gwangju" (the city) is the first word
            # of "the Gwangju AI industry convergence complex" a Korean sentence names
            spelt = {n: self.glossary.written(asked.focus_text, n) for n in names}
            return self.policy.covers(asked, units, lambda w, t: holds(w, t) or any(
                holds(x, t) for x in spelt.get(w, ())), names, known=names)
        # other names are matched in the question's language, and a Latin name (an acronym:
        # "TTA", "PIAI") where a Korean sentence writes it too
        latin = [e for e in asked.entities if not HANGUL.search(e)] if language == "en" else []
        same = [u for u in units if language_of_text(u[0]) == language
                or any(holds(e, u[0]) for e in latin)]
        # ... unless a sentence in the question's language states the same figures (the
        # Korean version of an English sentence that names none of it adds nothing)
        # ... and an acronym the Korean sentences write too ("TTA") is matched in them: no
        # sentence naming it states the fact, whatever another one holds
        spelled = [e for e in latin if acronym_in(e, asked.text)
                   and any(acronym_in(e, u[0]) for u in units)]
        elsewhere = language == "en" and not spelled and _stated_elsewhere(units, same)
        entities = asked.entities + names
        # a Korean question that names nothing may name its topic with the documents' terms
        # (데이터거래사, 데이터 품질인증): the one most of the evidence names must be covered
        # (only when no sentence at all holds the kind of fact: the term is no name, and a
        # sentence may state the fact without repeating it)
        topic: list[str] = []
        if not entities and self.glossary and language == "ko" and all(u[3] < 1 for u in same):
            terms = _outermost([ko for ko, _ in self.glossary.terms_for(asked.text)])
            entities = topic = sorted(terms, key=lambda t: -sum(holds(t, u[0]) for u in same))[:1]
        # a name the user did not say (carried from an earlier turn: "그 세 군데" after three
        # bodies were named) is not what the turn must find named
        own = set(self.glossary.names_in(self.vocabulary.canonical(said))) \
            if said and self.glossary else None
        known = [n for n in names if own is None or n in own] if language == "ko" else []
        known += topic  # the documents' own term: evidence that never names it is not about it
        return self.policy.covers(asked, same, holds, entities, elsewhere=elsewhere,
                                  known=known)


def _nothing_of_kind(asked, ranking, units) -> bool:
    """Whether a "how many / how much …?" finds no evidence sentence, in either language, that
    holds the kind of fact asked or says where it is published: the documents do not state it.
    A degree or a measure asked ("how powerful is it?", "몇 제곱미터") and a size asked without
    money may be stated by a figure in any unit."""
    if asked.kind not in ("count", "amount") or asked.questions or not units:
        return False
    evidence = [s.sentence.text for s in ranking.ranked[:EVIDENCE_SENTENCES]]
    if any(u[3] > 0 or defers_asked(t, [asked.kind]) for u, t in zip(units, evidence,
                                                                       strict=True)):
        return False
    any_unit = asks_degree(asked.text) or (asked.kind == "amount" and not asks_money(asked.text))
    return not (any_unit and any(map(states_figure, evidence)))


def _counts_another_thing(asked, units, language: str, holds, respell) -> list[str]:
    """The thing an English count question counts ("how many staff"), when the evidence
    sentences in English that state a count name none of it: "250 people attended the
    opening" counts guests, not staff. [] when it counts nothing named, names only a general
    class of things ("people", "companies": the counter says that), or no English sentence
    states a count (a word is not matched across languages). A Korean question's counted noun
    is not read well enough for this: the noun before "몇" is as often its topic ("지역기업
    몫은 몇 퍼센트", "사업계획서는 몇 쪽")."""
    if asked.kind != "count" or asked.questions or language != "en":
        return []
    # (`respell`: the question's typos in the index's spelling, where it knows the word)
    things = [w for w in counted_words(respell(asked.text)) if not counts_a_class(w)]
    stating = [u for u in units if u[3] >= 1 and language_of_text(u[0]) == language]
    if not things or not stating:
        return []
    return [] if any(holds(w, u[0]) or _spelt_near(w, u[0]) for w in things for u in stating) \
        else things


def _spelt_near(word: str, text: str) -> bool:
    """Whether `text` writes `word` as the asker may have misspelt it ("categries" for
    "categories"): an English word of the same first five letters and about the same length."""
    word = word.lower()
    return len(word) >= 5 and any(w[:5] == word[:5] and abs(len(w) - len(word)) <= 2
                                  for w in re.findall(r"[a-z]+", text.lower()))


def _outermost(terms: list[str]) -> list[str]:
    """`terms` less those written inside another one ("인증" of "데이터 품질인증")."""
    bare = [t.replace(" ", "") for t in terms]
    return [t for t, b in zip(terms, bare, strict=True)
            if not any(b != other and b in other for other in bare)]


def _stated_elsewhere(units: list[tuple], same: list[tuple]) -> bool:
    """Whether a sentence not in `same` holds the kind of fact asked and is not the version of
    one in `same` (the same figures)."""
    stated = {figures(u[0]) for u in same}
    return any(u[3] >= 1 and not ((found := figures(u[0])) and found in stated)
               for u in units if u not in same)
