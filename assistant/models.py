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
             "section": c.section, "snippet": c.snippet, "score": round(c.score, 4),
             "url": c.url}
            for c in answer.citations
        ],
        "notices": list(answer.notices),
        "standalone_question": answer.standalone_question,
        "timings_ms": answer.timings_ms,
    }
