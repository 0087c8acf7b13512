"""Data that crosses the read path's stages: Hit -> Citation -> Answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Audience = Literal["startup", "citizen", "staff"]
Language = Literal["ko", "en"]


@dataclass
class Hit:
    """One retrieved chunk with its scores from each retriever and the fused score."""

    chunk_id: str
    doc_id: str
    text: str
    title: str
    source: str
    page: int | None = None
    section: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    dense_score: float | None = None  # cosine similarity, None if dense search missed it
    keyword_score: float | None = None  # BM25 score, None if keyword search missed it
    dense_rank: int | None = None  # 1-based
    keyword_rank: int | None = None  # 1-based
    score: float = 0.0  # fused (reciprocal-rank fusion) score


@dataclass
class Turn:
    """One earlier exchange in a conversation."""

    question: str
    answer: str = ""


@dataclass
class Citation:
    """A numbered source used in an answer; `n` matches the `[n]` markers in its text."""

    n: int
    doc_id: str
    title: str
    source: str
    page: int | None
    section: str
    snippet: str
    score: float
    url: str = ""  # the public source address, when the document lists one
    chunk_id: str = ""  # the chunk quoted (lets checks compare the sentence with its source)
    section_en: str = ""  # the section's English heading, when the document gives one


@dataclass
class Trace:
    """How an answer came about: the hits with their scores, the refusal signals and the
    decision taken, the follow-up decision and the timings (read by the CLI, the API log, eval)."""

    standalone: str = ""  # the question retrieval saw (after follow-up handling)
    followup: bool = False  # the turn was read as depending on the conversation
    hits: list[Hit] = field(default_factory=list)  # retrieved, best first
    signals: dict[str, Any] = field(default_factory=dict)  # refusal signals
    decision: str = "answer"  # "answer" | "refuse" | "uncovered" (entity known, attribute not)
    reason: str = ""  # why, in a few words
    timings_ms: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """As plain JSON (hits shortened to ids, sources and scores)."""
        return {
            "standalone": self.standalone, "followup": self.followup,
            "decision": self.decision, "reason": self.reason, "signals": self.signals,
            "hits": [
                {"chunk_id": h.chunk_id, "doc_id": h.doc_id, "source": h.source,
                 "section": h.section, "page": h.page, "score": round(h.score, 5),
                 "dense_score": None if h.dense_score is None else round(h.dense_score, 4),
                 "keyword_score": None if h.keyword_score is None else round(h.keyword_score, 3),
                 "dense_rank": h.dense_rank, "keyword_rank": h.keyword_rank}
                for h in self.hits
            ],
            "timings_ms": self.timings_ms,
        }


@dataclass
class Answer:
    """A composed answer: text with `[n]` markers, the citations they point to, and notices."""

    question: str
    language: Language
    audience: Audience
    text: str
    citations: list[Citation]
    refused: bool = False
    notices: list[str] = field(default_factory=list)  # e.g. "LLM unavailable: extractive answer"
    standalone_question: str = ""  # the question after follow-up rewriting
    timings_ms: dict[str, float] = field(default_factory=dict)
    trace: Trace = field(default_factory=Trace)


def answer_json(answer: Answer) -> dict[str, Any]:
    """The JSON contract of `assistant ask --json` (also used by the API and eval)."""
    return {
        "question": answer.question,
        "language": answer.language,
        "audience": answer.audience,
        "answer": answer.text,
        "refused": answer.refused,
        "citations": [
            {"n": c.n, "doc_id": c.doc_id, "title": c.title, "source": c.source, "page": c.page,
             "section": c.section, "section_en": c.section_en, "snippet": c.snippet,
             "score": round(c.score, 4), "url": c.url}
            for c in answer.citations
        ],
        "notices": list(answer.notices),
        "standalone_question": answer.standalone_question,
        "timings_ms": answer.timings_ms,
        "trace": answer.trace.to_json(),
    }
