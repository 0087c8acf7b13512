"""Sentence selection: IDF-weighted keyword overlap (ingest.keyword.tokenize, Kiwi) plus
embedding cosine (the configured Embedder, one batch), rank and figure bonuses, and an MMR-style
redundancy penalty (numpy). Deterministic for a given question and hit list.
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter
from dataclasses import dataclass

import numpy as np

from assistant.compose.sentences import Sentence, article_label
from assistant.glossary import Glossary
from assistant.language import language_of_text
from ingest.keyword import tokenize

MAX_CANDIDATES = 16
EMBED_CHARS = 160  # characters of each sentence that are embedded
EMBED_BUDGET = 1000  # weighted characters embedded per question (Hangul counts 1, others 0.4)
W_LEXICAL, W_DENSE, W_RANK, W_FIGURE, W_ARTICLE, W_LANGUAGE = 0.5, 0.35, 0.1, 0.12, 0.6, 0.05
MARGIN = 0.25  # sentences scoring more than this below the best are left out
REDUNDANT_COSINE = 0.9  # passage cosine above which two sentences say the same thing

_QUANTITY = re.compile(
    r"얼마|몇|언제|기한|마감|금액|규모|예산|비율|인원|how much|how many|when|amount|deadline|"
    r"budget|date|number|ratio|quota|cap\b|maximum|up to",
    re.I,
)
_FIGURE = re.compile(r"\d")
_STOP = frozenset(
    "하 되 있 없 알 얼마 무엇 뭐 어디 언제 누구 어떻 어떤 싶 주 수 것 등 년 나 좀 이거 그거 저거 "
    "그럼 그건 이건 관련 대해 much many tell please know need get give there any about "
    "would should".split()
)


@dataclass
class Scored:
    """A candidate sentence with its scores; `vector` is its embedding when one was made."""

    sentence: Sentence
    score: float
    lexical: float
    dense: float
    vector: np.ndarray | None = None


_NUMBER_WORDS = {
    w: str(i) for i, w in enumerate("one two three four five six seven eight nine ten".split(), 1)
}


def query_terms(query: str, glossary: Glossary | None) -> list[str]:
    """Keyword tokens of `query` plus those of its glossary translations, generic words dropped."""
    extra = " ".join(glossary.expand(query)) if glossary else ""
    tokens = tokenize(query) + (tokenize(extra) if extra else [])
    tokens += [_NUMBER_WORDS[t] for t in tokens if t in _NUMBER_WORDS]
    return [t for t in dict.fromkeys(tokens) if t not in _STOP]


def _weight(text: str) -> float:
    hangul = len(re.findall(r"[\uac00-\ud7a3]", text))
    return hangul + 0.4 * (len(text) - hangul)


class SentenceSelector:
    """Scores candidate sentences against a question and picks a few non-redundant ones."""

    def __init__(self, embedder=None, glossary: Glossary | None = None) -> None:
        self.embedder = embedder
        self.glossary = glossary
        self._cache: dict[str, np.ndarray] = {}
        self.last_timings: dict[str, float] = {}

    def _embed(self, texts: list[str]) -> np.ndarray:
        """Passage embeddings, one batch for the texts not cached yet."""
        todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if todo:
            if len(self._cache) > 4096:
                self._cache.clear()
            for text, vector in zip(todo, self.embedder.embed_passages(todo), strict=True):
                self._cache[text] = vector
        return np.stack([self._cache[t] for t in texts])

    def score(self, query: str, sentences: list[Sentence], *, language: str) -> list[Scored]:
        """All candidates scored, best first (at most MAX_CANDIDATES are embedded)."""
        started = time.perf_counter()
        terms = query_terms(query, self.glossary)
        sent_tokens = [set(tokenize(s.text)) for s in sentences]
        ctx_tokens = [set(tokenize(s.heading)) for s in sentences]
        df = Counter(t for tokens in sent_tokens for t in tokens)
        n = max(len(sentences), 1)
        idf = {t: math.log(1 + n / (1 + df[t])) for t in terms}
        total = sum(idf.values()) or 1.0
        wanted_article = article_label(query)
        asks_figure = bool(_QUANTITY.search(query))
        n_hits = max((s.hit_index for s in sentences), default=0) + 1
        prior = []
        for s, tokens, ctx in zip(sentences, sent_tokens, ctx_tokens, strict=True):
            lexical = sum(idf[t] for t in terms if t in tokens)
            lexical += 0.3 * sum(idf[t] for t in terms if t in ctx and t not in tokens)
            bonus = W_RANK * (1 - s.hit_index / n_hits) - 0.002 * s.position
            if asks_figure and _FIGURE.search(s.text):
                bonus += W_FIGURE
            if wanted_article:
                bonus += W_ARTICLE if s.article == wanted_article else -W_ARTICLE / 3
            if language_of_text(s.text) == language:
                bonus += W_LANGUAGE
            prior.append((min(lexical / total, 1.0), bonus))
        self.last_timings = {"lexical_ms": (time.perf_counter() - started) * 1000}
        order = sorted(
            range(len(sentences)), key=lambda i: -(W_LEXICAL * prior[i][0] + prior[i][1])
        )
        chosen, budget = [], EMBED_BUDGET
        for i in order:
            cost = _weight(sentences[i].text[:EMBED_CHARS])
            if len(chosen) >= MAX_CANDIDATES or (chosen and cost > budget):
                continue
            chosen.append(i)
            budget -= cost
        return self._finish(query, sentences, chosen, prior)

    def _finish(self, query, sentences, chosen, prior) -> list[Scored]:
        started = time.perf_counter()
        vectors: np.ndarray | None = None
        dense = np.zeros(len(chosen))
        if self.embedder is not None and chosen:
            vectors = self._embed([sentences[i].text[:EMBED_CHARS] for i in chosen])
            cosine = vectors @ self.embedder.embed_query(query)
            low, high = float(cosine.min()), float(cosine.max())
            dense = (cosine - low) / (high - low) if high - low > 1e-6 else np.ones(len(chosen))
        self.last_timings["embed_ms"] = (time.perf_counter() - started) * 1000
        self.last_timings["embedded"] = float(len(chosen) if vectors is not None else 0)
        w_lex = W_LEXICAL if vectors is not None else W_LEXICAL + W_DENSE
        out = []
        for k, i in enumerate(chosen):
            lexical, bonus = prior[i]
            score = w_lex * lexical + W_DENSE * float(dense[k]) + bonus
            vector = vectors[k] if vectors is not None else None
            out.append(Scored(sentences[i], score, lexical, float(dense[k]), vector))
        return sorted(out, key=lambda s: -s.score)

    def select(
        self, query: str, sentences: list[Sentence], *, language: str, limit: int = 4
    ) -> list[Scored]:
        """Up to `limit` relevant, non-redundant sentences, best first."""
        ranked = self.score(query, sentences, language=language)
        if not ranked:
            return []
        best = ranked[0].score
        picked = [ranked[0]]
        pool = [s for s in ranked[1:] if s.score >= best - MARGIN]
        while pool and len(picked) < limit:
            scored = [(c.score - _redundancy(c, picked), c) for c in pool]
            value, choice = max(scored, key=lambda pair: pair[0])
            if value < best - MARGIN:
                break
            picked.append(choice)
            pool.remove(choice)
        return picked


def _redundancy(candidate: Scored, picked: list[Scored]) -> float:
    """Penalty growing with the closest already-picked sentence's similarity."""
    worst = 0.0
    for other in picked:
        if candidate.vector is not None and other.vector is not None:
            sim = float(candidate.vector @ other.vector)
            worst = max(worst, max(0.0, sim - REDUNDANT_COSINE) / (1 - REDUNDANT_COSINE))
        else:
            a, b = set(tokenize(candidate.sentence.text)), set(tokenize(other.sentence.text))
            jaccard = len(a & b) / max(len(a | b), 1)
            worst = max(worst, max(0.0, jaccard - 0.6) / 0.4)
    return worst
