"""The evidence the refusal policy (`assistant.refusal`) decides on: focus words the corpus
never uses, years no retrieved document mentions, Korean names no top passage mentions, the best
dense and keyword scores, requests that are not the documents' to answer, and unknown acronyms.
`gather` reads them from the two retrievers' lists, the fused hits and the corpus vocabulary."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from assistant.home import Home
from assistant.models import Hit
from assistant.question import Question
from assistant.requests import Request, requested
from assistant.subquestions import marked_questions
from ingest.keyword import latin_word, tokenize
from ingest.text import HANGUL, detect_language, sound_key, years_in
from ingest.words import ANSWER_FORMS, REWORK_VERBS


@dataclass
class Signals:
    """Evidence about whether retrieval found an answer."""

    dense_top: float  # best cosine similarity of dense search
    keyword_top: float  # best BM25 score (0 when no query term occurs in the corpus)
    unknown_terms: list[str]  # focus words that occur nowhere in the corpus
    salient_terms: int  # how many focus words the question has
    agreement: bool  # the two retrievers share a chunk in their top 3, or a year's document
    unknown_years: list[str]  # years in the question that no retrieved chunk mentions
    ignored_terms: list[str] = field(default_factory=list)  # context/adjunct words not in corpus
    kind: str = "what"  # the kind of fact asked
    absent_names: list[str] = field(default_factory=list)  # Korean names no top hit mentions
    request: str = ""  # a thing to make or rework that is not the documents' (see `outside`)
    known_part: bool = False  # a question of a multi-part turn uses no unknown focus word
    # focus acronyms ("GDPR") and capitalised names ("Daegu's grant") the documents and the
    # glossary never use: an acronym is written the same in Korean text, and a name the
    # documents cover in Korean only is in the glossary, so their absence is plain
    unknown_acronyms: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        """As a plain dict (for the trace)."""
        return asdict(self)


def unknown_years(question: str, hits: list[Hit]) -> list[str]:
    """Years named in the question that none of the retrieved chunks mentions or is about."""
    text = " ".join(h.text + " " + str(h.metadata.get("year") or "") for h in hits)
    return [str(y) for y in sorted(years_in(question)) if str(y) not in text]


def about_year(question: str, keyword: list[Hit], hits: list[Hit]) -> bool:
    """Whether the question names a year and the keyword retriever and the fused ranking both
    put a document about that year first among their top: an English question about a year
    whose facts only a Korean document states ("how many vouchers were there in 2021?") finds
    it by the year, not by meaning, so dense search cannot agree on the chunk, but the
    evidence is that year's document, not a weak guess."""
    asked = {str(y) for y in years_in(question)}

    def of_year(found: list[Hit]) -> set[str]:
        return {h.doc_id for h in found if str(h.metadata.get("year") or "") in asked}

    return bool(asked and of_year(keyword) & of_year(hits))


NAMES_IN_TOP = 5  # hits read for whether they mention the names a question asks about


def gather(question: Question, dense: list[Hit], keyword: list[Hit], hits: list[Hit],
           known: Callable[[list[str]], set[str]],
           mentions: Callable[[str, str], bool] | None = None, home: Home | None = None
           ) -> Signals:
    """Signals from the two retrievers' lists, the fused hits and the corpus vocabulary
    (`known(words)` returns those the corpus holds; `mentions(word, text)` whether a text names
    a word, in either language; `home` the center this assistant serves)."""
    focus = [t for t in question.terms("focus") if _checkable(t)]
    # "Is there parking at the center?": the center named by its head noun is what every
    # document is about, so it says nothing of whether they cover what is asked of it
    # (`named_alone` tokenizes the question again: asked only when a focus word is a head noun)
    if home is not None and any(t in home.heads for t in focus) and home.named_alone(
            question.text):
        focus = [t for t in focus if t not in home.heads]
    others = [t for t in question.terms("adjunct") + question.terms("context") if _checkable(t)]
    if HANGUL.search(question.text):  # English words in a Korean question gloss its topic
        # ("2023 바우처 result에서 share"), unless written as a name or an acronym ("EU Data
        # Act는 언제부터 …", "TIPS 프로그램"): a name is asked about in any language
        korean = detect_language(question.text) == "ko"
        gloss = [t for t in focus if not HANGUL.search(t) and not (korean and (
            acronym_in(t, question.text) or name_in(t, question.text)))]
        others += gloss
        focus = [t for t in focus if t not in gloss]
    # a compound Kiwi cut into syllables has no keyword token: it is known when a passage
    # retrieved for the question writes it
    joined = {w.form for w in question.words if w.joined}
    vocab = known([t for t in focus + others if t not in joined])
    if joined:
        written = " ".join(h.text for h in hits[:NAMES_IN_TOP])
        vocab |= {t for t in joined if meets(t, written)}
    # an English adverb in -ly or verb in -ed the corpus never uses ("roughly", "were issued";
    # `Word.manner`): how the asker says it, not what they ask about
    adverbs = {w.form for w in question.words if w.manner}
    manner = [t for t in focus if t not in vocab and t in adverbs]
    focus, others = [t for t in focus if t not in manner], others + manner
    # the questions of a multi-part turn, a yes/no question among them too ("노트북 사도
    # 되나요? 쓰면 안 되는 항목이 정해져 있어요?": the second is answered whatever the first)
    marked = marked_questions(question.text)
    parts = question.questions or (marked if len(marked) > 1 else ())
    top_dense = {h.chunk_id for h in dense[:3]}
    top_kw = {h.chunk_id for h in keyword[:3]}
    return Signals(
        dense_top=max((h.dense_score or 0.0 for h in dense), default=0.0),
        keyword_top=max((h.keyword_score or 0.0 for h in keyword), default=0.0),
        unknown_terms=[t for t in focus if t not in vocab],
        salient_terms=len(focus),
        agreement=bool(top_dense & top_kw) or about_year(question.text, keyword[:3], hits[:3]),
        unknown_years=unknown_years(question.text, hits),
        ignored_terms=[t for t in others if t not in vocab],
        kind=question.kind,
        absent_names=absent_names(question, hits[:NAMES_IN_TOP], mentions or meets),
        request=outside(requested(question.text), known),
        known_part=any(any(meets(t, part) for t in focus) and not any(
            meets(t, part) for t in focus if t not in vocab) for part in parts),
        unknown_acronyms=[t for t in focus if t not in vocab and (
            acronym_in(t, question.text) or name_in(t, question.text))],
    )


def acronym_in(word: str, text: str) -> bool:
    """Whether `word` (a keyword form) is written in `text` as an acronym, Hangul around it
    or not: "GDPR", "A100s", "GPU 서버", "GPU서버"."""
    return not HANGUL.search(word) and bool(re.search(
        rf"(?<![A-Za-z0-9-]){re.escape(word.upper())}s?(?![A-Za-z0-9-])", text))


def name_in(word: str, text: str) -> bool:
    """Whether `word` (a keyword form) is written in `text` as a name: capitalised where no
    sentence begins ("What does Daegu's grant pay?", not "Daegu is …" first)."""
    if HANGUL.search(word):
        return False
    return any(m.start() > 0 and not re.search(r"[.!?]\s*$", text[:m.start()])
               for m in re.finditer(rf"\b{re.escape(word.capitalize())}(?:'s)?\b", text))


def outside(request: Request | None, known: Callable[[list[str]], set[str]]) -> str:
    """The thing a request asks to make or rework when it is not the documents' to give: the
    asker's own material ("translate my cover letter"), or a thing that is no form of answer
    and that the documents never name ("write me a poem about …"); "" otherwise."""
    if request is None:
        return ""
    head = latin_word(request.head) or request.head
    if request.owned and request.verb in REWORK_VERBS:
        return request.thing
    if head in ANSWER_FORMS or request.head in ANSWER_FORMS or known([head]):
        return ""
    return request.thing


def absent_names(question: Question, hits: list[Hit],
                 mentions: Callable[[str, str], bool]) -> list[str]:
    """Korean proper nouns of the question's focus that none of `hits` mentions (in its title,
    section or text, or spelt as it sounds). English names are matched word by word against
    Korean passages, which cannot tell a missing name from a translated one, so they are left
    to the other signals."""
    if not hits:
        return []
    text = " ".join(f"{h.title} {h.section} {h.text}" for h in hits)
    sounds = sound_key(text)  # "빅대이터" is "빅데이터" misspelt as it sounds
    return [w for w in question.entities if HANGUL.search(w) and not mentions(w, text)
            and sound_key(w) not in sounds]


def _checkable(word: str) -> bool:
    """A word the vocabulary check can judge: a Hangul word, or a Latin word (not a number)."""
    return bool(HANGUL.search(word)) or any(c.isalpha() for c in word) and bool(tokenize(word))


def meets(word: str, text: str, glossary=None) -> bool:
    """Whether `text` holds `word`: as a keyword token, inside a Korean compound, as an English
    word (plural tolerated), or through the glossary's form in the other language."""
    lowered = text.lower()
    if HANGUL.search(word):
        if word in lowered.replace(" ", ""):
            return True
    elif re.search(rf"(?<![a-z0-9]){re.escape(word.lower())}", lowered):
        return True
    if glossary is not None:
        pairs = set(glossary.terms_for(word))
        # ... or an English word of a longer name the text writes in Korean: "Gwangju" in "광주
        # 인공지능 산업융합 집적단지" (the Gwangju AI industry convergence complex)
        single = not HANGUL.search(word) and " " not in word.strip()
        if pairs or single:  # the text's terms are looked up only when they can decide
            found = glossary.terms_for(text)
            return bool(pairs & set(found)) or single and any(
                word.lower() in en.lower().split() for _, en in found)
    return False
