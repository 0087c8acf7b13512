"""Hybrid retrieval: Chroma dense search + Kiwi/bm25s keyword search, fused by reciprocal rank.

The query is first expanded with the glossary (Korean <-> English terms) so an English question
reaches Korean-only statutes. Filters (category, audience, language, as-of date) apply to both
sides; a year named in the question ("2022년", "in 2022") favours documents about that year
(years and document years by ingest.text).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from assistant.calibration import RetrievalValues, default_calibration
from assistant.home import Home
from assistant.index import IndexReader
from assistant.models import Hit
from ingest.embedders import Embedder, query_vectors
from ingest.models import Chunk
from ingest.text import detect_language, doc_year, years_in  # years_in is re-exported for callers

Mode = Literal["hybrid", "dense", "keyword"]
RRF_K = 60  # the constant of reciprocal-rank fusion (Cormack et al. 2009)


@dataclass(frozen=True)
class Filters:
    """Which chunks may be returned; None means no restriction."""

    category: str | None = None
    audience: str | None = None
    language: str | None = None
    as_of: str | None = None  # YYYY-MM-DD: documents whose valid_to is earlier are left out

    def allows(self, chunk: Chunk) -> bool:
        """Whether a chunk passes every filter."""
        meta = chunk.metadata
        if self.category and meta.get("category") != self.category:
            return False
        if self.language and meta.get("language") != self.language:
            return False
        if self.audience:
            audience = meta.get("audience") or []
            if self.audience not in (audience if isinstance(audience, list) else [audience]):
                return False
        valid_to = str(meta.get("valid_to") or "")
        return not (self.as_of and valid_to and valid_to < self.as_of)


def fuse(dense: list[Hit], keyword: list[Hit], k: int, rrf_k: int = RRF_K,
         language: str = "", cross: tuple[float, int] = (1.0, 0)) -> list[Hit]:
    """Reciprocal-rank fusion of two ranked lists; a chunk found by both is merged into one hit.
    A chunk in another language than the question's (`language`) that dense search ranks among
    its first `cross[1]` scores at least `cross[0]` times its dense rank's share: keywords match
    across languages only through the glossary's terms, so an English question's keyword list
    ranks English pages that share its words above the Korean statute dense search finds first."""
    merged: dict[str, Hit] = {}
    for hits, side in ((dense, "dense"), (keyword, "keyword")):
        for rank, hit in enumerate(hits, start=1):
            cur = merged.setdefault(hit.chunk_id, replace(hit, score=0.0))
            cur.score += 1.0 / (rrf_k + rank)
            if side == "dense":
                cur.dense_score, cur.dense_rank = hit.dense_score, rank
            else:
                cur.keyword_score, cur.keyword_rank = hit.keyword_score, rank
    factor, ranks = cross
    for hit in merged.values():
        if language and hit.metadata.get("language") not in (None, language) and (
                hit.dense_rank and hit.dense_rank <= ranks):
            hit.score = max(hit.score, factor / (rrf_k + hit.dense_rank))
    return sorted(merged.values(), key=lambda h: -h.score)[:k]


def to_hit(chunk: Chunk) -> Hit:
    """A hit carrying a chunk's text and provenance (scores filled by the caller)."""
    return Hit(
        chunk_id=chunk.chunk_id, doc_id=chunk.doc_id, text=chunk.text, title=chunk.title,
        source=chunk.source, page=chunk.page, section=chunk.section,
        metadata=dict(chunk.metadata),
    )


class HybridRetriever:
    """Dense + keyword retrieval over one index, with glossary expansion and filters."""

    def __init__(self, reader: IndexReader, embedder: Embedder, glossary=None,
                 candidates: int = 30, values: RetrievalValues | None = None) -> None:
        self.reader = reader
        self.embedder = embedder
        self.glossary = glossary
        self.candidates = candidates
        self.values = values or default_calibration().retrieval  # fitted boosts
        self.home = Home.of(glossary)  # the center this assistant serves

    def expand(self, query: str) -> str:
        """The query plus the glossary's terms in the other language."""
        if self.glossary is None:
            return query
        extra = self.glossary.expand(query)
        return f"{query} {' '.join(extra)}" if extra else query

    def _filtered(self, ranked: list[tuple[str, float]], filters: Filters,
                  side: str) -> list[Hit]:
        """Hits for (chunk id, score) pairs that pass the filters, with the score on `side`."""
        out = []
        for cid, score in ranked:
            chunk = self.reader.chunk(cid)
            if filters.allows(chunk):
                hit = to_hit(chunk)
                setattr(hit, f"{side}_score", score)
                out.append(hit)
        return out

    def dense_hits(self, query: str, filters: Filters, n: int,
                   vector: np.ndarray | None = None) -> list[Hit]:
        """Chunks nearest to the query vector (given, or embedded now) that pass the filters,
        best first."""
        ranked = self.reader.dense(self.embedder.embed_query(query) if vector is None else vector,
                                   n)
        return self._filtered(ranked, filters, "dense")

    def with_home(self, expanded: str) -> str:
        """The expanded query plus the center's names when it says only "the center" ("센터
        주차 돼요?" searches as "포항 빅데이터 AI 혁신센터 주차" does; see assistant.home)."""
        if self.home is None or not self.home.named_alone(expanded):
            return expanded
        return f"{expanded} {self.home.names}"

    def rescored(self, hits: list[Hit], query: str, vector: np.ndarray | None = None
                 ) -> list[Hit]:
        """Copies of `hits` with the cosines of another query's vector (given, or embedded now),
        best first (one product over these passages: a second search over 100k vectors cost
        7 ms)."""
        vector = self.embedder.embed_query(query) if vector is None else vector
        cosines = self.reader.cosines(vector, [h.chunk_id for h in hits])
        return sorted((replace(h, dense_score=c) for h, c in zip(hits, cosines, strict=True)),
                      key=lambda h: -(h.dense_score or 0.0))

    def keyword_hits(self, query: str, filters: Filters, n: int) -> list[Hit]:
        """Chunks with the best BM25 scores that pass the filters, best first."""
        return self._filtered(self.reader.keyword(query, n), filters, "keyword")

    def retrieve_all(self, queries: list[str], k: int = 5, filters: Filters | None = None,
                     mode: Mode = "hybrid") -> list[Retrieval]:
        """`retrieve` for each of `queries` (a question and its parts), their vectors embedded
        side by side where the embedder can (`ingest.embedders.query_vectors`)."""
        expanded = [self.expand(q) for q in queries]
        texts = list(dict.fromkeys(expanded + [self.with_home(e) for e in expanded]))
        vectors = dict(zip(texts, query_vectors(self.embedder, texts), strict=True))
        return [self.retrieve(q, k, filters, mode, vectors=vectors) for q in queries]

    def retrieve(self, query: str, k: int = 5, filters: Filters | None = None,
                 mode: Mode = "hybrid", vectors: dict[str, np.ndarray] | None = None
                 ) -> Retrieval:
        """Top `k` fused hits plus each retriever's own ranked list (for refusal signals);
        `vectors`: query vectors already embedded, by text."""
        filters = filters or Filters()
        vectors = vectors or {}
        expanded = self.expand(query)
        searched = self.with_home(expanded)
        n = self.candidates * (3 if filters != Filters() else 1)
        dense = self.dense_hits(searched, filters, n, vectors.get(searched))
        keyword = self.keyword_hits(searched, filters, n)
        # the refusal signals read the question's own cosines with the passages found: the
        # center's names would bring every passage about the center close to "센터 직원 연봉은?"
        plain = dense if searched == expanded else \
            self.rescored(dense, expanded, vectors.get(expanded))
        # `mode` picks what is ranked; both lists still feed the refusal signals
        v = self.values
        hits = fuse(dense if mode != "keyword" else [], keyword if mode != "dense" else [],
                    k=max(n, k), language=detect_language(query) if mode == "hybrid" else "",
                    cross=(v.cross_language_dense_factor, v.cross_language_dense_ranks))
        hits = prefer_named_documents(hits, expanded, v.named_document_boost)
        years = years_in(query)
        hits = prefer_years(hits, years, v.year_boost, v.other_year_factor, v.year_mention_share)
        hits = with_named_years(diverse(hits, k, v.per_document), years, k)
        return Retrieval(hits=hits, dense=plain, keyword=keyword, expanded=expanded)

    def search(self, query: str, k: int = 5, filters: Filters | None = None,
               mode: Mode = "hybrid") -> list[Hit]:
        """Top `k` hits for a question, fused from both retrievers (or one, by `mode`)."""
        return self.retrieve(query, k, filters, mode).hits


@dataclass
class Retrieval:
    """What one retrieval produced: the fused hits and the two ranked lists behind them."""

    hits: list[Hit]
    dense: list[Hit]  # for the expanded question itself (without the center's names)
    keyword: list[Hit]
    expanded: str


def _squash(text: str) -> str:
    return re.sub(r"[\s·ㆍ]+", "", text).lower()


def prefer_named_documents(hits: list[Hit], query: str, boost: float = 1.5) -> list[Hit]:
    """Favour documents the question names by title (e.g. "개인정보 보호법 시행령")."""
    squashed = _squash(query)
    named = False
    for hit in hits:
        parts = [p for p in re.split(r"[\s·ㆍ]+", hit.title.lower()) if len(p) > 1]
        if parts and len(" ".join(parts)) >= 6 and all(p in squashed for p in parts):
            hit.score *= boost
            named = True
    return sorted(hits, key=lambda h: -h.score) if named else hits


def prefer_years(hits: list[Hit], years: set[int], boost: float = 1.5,
                 other: float = 0.6, mention: float = 0.5) -> list[Hit]:
    """Re-rank so that documents about a year named in the question come first (scores times
    `boost`), and documents about another year sink (times `other`). A passage of a document
    about no one year (a history, a policy over several years) is about the year it names,
    less surely (the `mention` share of the boost)."""
    if not years:
        return hits
    for hit in hits:
        year = doc_year(hit.metadata)
        if year in years:
            hit.score *= boost
        elif year is None and years & years_in(hit.text):
            # a sentence that opens with the year ("2025년 마이데이터 실증사업에는 …") is
            # about it; a year named in passing, less surely
            opens = any(re.search(rf"(?m)^\W*(?:in\s+)?{y}(?:년|\b)", hit.text, re.I)
                        for y in years)
            hit.score *= boost if opens else 1 + (boost - 1) * mention
        elif year is not None:
            hit.score *= other
    return sorted(hits, key=lambda h: -h.score)


def diverse(ranked: list[Hit], k: int, per_document: int) -> list[Hit]:
    """`ranked` with at most `per_document` passages of one document among its first `k`
    (the others follow them): a question naming the Data Industry Act boosts every passage of
    the Act, and the summary that states when it took effect never reached the answer."""
    top, rest, count = [], [], {}
    for hit in ranked:
        if len(top) < k and count.get(hit.doc_id, 0) < per_document:
            top.append(hit)
            count[hit.doc_id] = count.get(hit.doc_id, 0) + 1
        else:
            rest.append(hit)
    return top + rest


def with_named_years(ranked: list[Hit], years: set[int], k: int) -> list[Hit]:
    """The first `k` of `ranked`, where each year the question names that none of them is
    about gets the best candidate about it, in the last places: "2021 voucher - max per AI
    project?" found the 2021 guide only by its year, below passages that share more words,
    and a question whose year no passage names is refused as about no document."""
    top = ranked[:k]
    for year in sorted(years):
        if any(_about(h, year) for h in top):
            continue
        found = next((h for h in ranked[k:] if _about(h, year)), None)
        keep = [h for h in top if any(_about(h, y) for y in years)]
        if found is not None and len(keep) < k:
            drop = next(h for h in reversed(top) if h not in keep)
            top = [h for h in top if h is not drop] + [found]
    return top


def _about(hit: Hit, year: int) -> bool:
    return doc_year(hit.metadata) == year or year in years_in(hit.text)


def interleave(lists: list[list[Hit]], k: int,
               holds: Sequence[Callable[[str], bool] | None] = ()) -> list[Hit]:
    """At most `k` hits without repeats: the first list's best, leaving one place for each
    other list's best hit not taken yet, then the rest of the first list, then the others.
    `holds[i]`, when given, tells whether a passage holds the kind of fact the (i+1)-th list's
    question asks (a date for "when …?"; a statute passage's heading names its article): that
    list's place goes to its best such hit."""
    if not lists:
        return []
    first, others = lists[0], lists[1:]
    out = {h.chunk_id: h for h in first[:max(k - len(others), 1)]}
    for i, hits in enumerate(others):
        fresh = [h for h in hits if h.chunk_id not in out]
        test = holds[i] if i < len(holds) else None
        new = next((h for h in fresh if test is None or test(f"{h.section}\n{h.text}")),
                   fresh[0] if fresh else None)
        if new is not None and len(out) < k:
            out[new.chunk_id] = new
    for hits in lists:
        for h in hits:
            if len(out) < k:
                out.setdefault(h.chunk_id, h)
    return list(out.values())
