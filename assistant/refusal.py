"""Refusal: decide from several retrieval signals whether the evidence can answer the question.

One similarity threshold does not separate out-of-scope questions from answerable ones with this
embedder (measured: 0.72-0.85 vs 0.79-0.92), so the decision combines the dense score, the keyword
score, whether the question's salient terms exist in the corpus at all, and whether the two
retrievers agree. Thresholds were calibrated on corpus/eval/golden.yaml (see docs/quality.md).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from assistant.models import Hit
from ingest.keyword import tokenize

# Terms that say nothing about the topic (question words, generic nouns); never salient.
_GENERIC = frozenset(
    "알 수 있 하 되 것 거 어떻 무엇 뭐 뭔가 어디 언제 누구 얼마 몇 좀 요 주 말 정도 경우 관련 대하 "
    "궁금 알려 please tell know want need about which many much there here any some more "
    "information info question help explain".split()
)


@dataclass
class Signals:
    """Evidence about whether retrieval found an answer."""

    dense_top: float  # best cosine similarity of dense search
    keyword_top: float  # best BM25 score (0 when no query term occurs in the corpus)
    unknown_terms: list[str]  # salient query terms that occur nowhere in the corpus
    salient_terms: int  # how many salient terms the question has
    agreement: bool  # the two retrievers share a chunk in their top 3

    def to_json(self) -> dict:
        """As a plain dict (for eval reports)."""
        return asdict(self)


@dataclass(frozen=True)
class RefusalPolicy:
    """Thresholds of the refusal decision (calibrated on the golden set)."""

    min_dense: float = 0.80  # below this, refuse unless the keywords agree strongly
    strong_dense: float = 0.86  # above this, answer unless a salient term is unknown
    min_keyword: float = 3.0
    max_unknown_share: float = 0.34

    def refuse(self, s: Signals) -> bool:
        """True when the evidence should not be used to answer."""
        unknown_share = len(s.unknown_terms) / s.salient_terms if s.salient_terms else 1.0
        if unknown_share > self.max_unknown_share:
            return True
        if s.dense_top >= self.strong_dense:
            return False
        if s.keyword_top >= self.min_keyword and (s.agreement or s.dense_top >= self.min_dense):
            return False
        return s.dense_top < self.min_dense or not s.agreement


def salient_terms(question: str) -> list[str]:
    """Content terms of a question that should occur in evidence that answers it."""
    seen: list[str] = []
    for tok in tokenize(question, bigrams=False):
        if len(tok) < 2 and not tok.isdigit():
            continue
        if tok in _GENERIC or tok in seen:
            continue
        seen.append(tok)
    return seen


def gather(question: str, dense: list[Hit], keyword: list[Hit], known: list[str],
           terms: list[str]) -> Signals:
    """Signals from the two retrievers' raw lists and the corpus vocabulary."""
    top_dense = {h.chunk_id for h in dense[:3]}
    top_kw = {h.chunk_id for h in keyword[:3]}
    return Signals(
        dense_top=max((h.dense_score or 0.0 for h in dense), default=0.0),
        keyword_top=max((h.keyword_score or 0.0 for h in keyword), default=0.0),
        unknown_terms=[t for t in terms if t not in set(known)],
        salient_terms=len(terms),
        agreement=bool(top_dense & top_kw),
    )
