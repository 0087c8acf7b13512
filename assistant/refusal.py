"""Refusal: decide from several retrieval signals whether the evidence can answer the question.

One similarity threshold does not separate out-of-scope questions from answerable ones with this
embedder (measured: 0.72-0.85 vs 0.79-0.92), so the decision combines: salient terms of the
question that occur nowhere in the corpus (Kiwi nouns, English content words; one-letter typos of
frequent corpus words count as known), a year that no retrieved document mentions, the best dense
and keyword scores, and whether the two retrievers agree. Thresholds were calibrated on
corpus/eval/golden.yaml (see docs/quality.md).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from assistant.models import Hit
from assistant.retrieval import years_in
from ingest.keyword import HANGUL, LATIN, kiwi, latin_word

_EN_COMMON = frozenset("""
a about above across after again against all almost also am an and any anyone anything are
around as ask asked asking at back be became because been before being below between both but
by call called can cannot case come comes could did do does doing done down during each either
else enough even ever every exactly few find for from get gets getting give given go goes going
good got had has have having he her here him his how i if in into is it its just keep kind kinds
know last least let like lot made make makes many may me mean might more most much must my near
need needs never new next no not now of off on once one only or other our out over own part
people person play please put rather really right same say says see seem should show since so
some someone something still such sure take taken tell than that the their them then there these
they thing things this those through to today tomorrow too under until up us use used very want
was way we well went were what when where whether which while who whom whose why will with
within without work would yes yet you your okay ok exact anyway currently
""".split())
_KO_GENERIC = frozenset(
    "것 거 수 때 곳 분 점 정도 경우 관련 대하 내용 무엇 뭐 어디 언제 누구 얼마 얼마나 몇 방법 "
    "이거 그거 저거 이것 그것 요즘 지금 혹시 좀 문의 질문 안내 설명".split()
)
_NOUN_TAGS = ("NNG", "NNP", "SL", "SH")


@dataclass
class Signals:
    """Evidence about whether retrieval found an answer."""

    dense_top: float  # best cosine similarity of dense search
    keyword_top: float  # best BM25 score (0 when no query term occurs in the corpus)
    unknown_terms: list[str]  # salient query terms that occur nowhere in the corpus
    salient_terms: int  # how many salient terms the question has
    agreement: bool  # the two retrievers share a chunk in their top 3
    unknown_years: list[str]  # years in the question that no retrieved chunk mentions

    def to_json(self) -> dict:
        """As a plain dict (for eval reports)."""
        return asdict(self)


@dataclass(frozen=True)
class RefusalPolicy:
    """Thresholds of the refusal decision (calibrated on the golden set, see docs/quality.md)."""

    ko_dense: float = 0.89  # Korean: an unknown noun refuses unless dense evidence is this strong
    en_unknown_share: float = 0.5  # English: this share of unknown content words ...
    en_dense: float = 0.88  # ... refuses unless dense evidence is this strong
    weak_dense: float = 0.85  # any language: below this dense score ...
    weak_keyword: float = 8.0  # ... and this BM25 score, the evidence is too weak

    def refuse(self, s: Signals, korean: bool) -> bool:
        """True when the evidence should not be used to answer."""
        if s.unknown_years:
            return True
        unknown = len(s.unknown_terms)
        if korean and unknown and s.dense_top < self.ko_dense:
            return True
        share = unknown / s.salient_terms if s.salient_terms else 0.0
        if not korean and share >= self.en_unknown_share and s.dense_top < self.en_dense:
            return True
        return s.dense_top < self.weak_dense and s.keyword_top < self.weak_keyword


def salient_terms(question: str) -> list[str]:
    """Topic words of a question: Korean nouns, English content words (as the index spells them)."""
    if HANGUL.search(question):
        forms = [latin_word(t.form) if t.tag == "SL" else t.form
                 for t in kiwi().tokenize(question) if t.tag.startswith(_NOUN_TAGS)]
    else:
        forms = [latin_word(w) for w in LATIN.findall(question.lower())]
    terms: list[str] = []
    for form in forms:
        if not form or len(form) < 2 or form in _EN_COMMON or form in _KO_GENERIC:
            continue
        if not HANGUL.search(form) and not re.search(r"[a-z]", form):
            continue  # bare numbers are checked as years, not as terms
        if form not in terms:
            terms.append(form)
    return terms


def unknown_years(question: str, hits: list[Hit]) -> list[str]:
    """Years named in the question that none of the retrieved chunks mentions or is about."""
    text = " ".join(h.text + " " + str(h.metadata.get("year") or "") for h in hits)
    return [str(y) for y in sorted(years_in(question)) if str(y) not in text]


def gather(question: str, dense: list[Hit], keyword: list[Hit], hits: list[Hit],
           known: set[str], terms: list[str]) -> Signals:
    """Signals from the two retrievers' raw lists, the fused hits and the corpus vocabulary."""
    top_dense = {h.chunk_id for h in dense[:3]}
    top_kw = {h.chunk_id for h in keyword[:3]}
    return Signals(
        dense_top=max((h.dense_score or 0.0 for h in dense), default=0.0),
        keyword_top=max((h.keyword_score or 0.0 for h in keyword), default=0.0),
        unknown_terms=[t for t in terms if t not in known],
        salient_terms=len(terms),
        agreement=bool(top_dense & top_kw),
        unknown_years=unknown_years(question, hits),
    )
