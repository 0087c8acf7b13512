"""Sentence selection: which retrieved sentences answer the question, best first.

Each candidate gets a weighted sum of
- lexical: IDF-weighted coverage of the question's *concepts* (ingest.keyword.tokenize, Kiwi).
  A glossary term found in the question is one concept, met by its Korean or English form, so
  an English question scores on Korean evidence; other words are one concept each, and Hangul
  character bigrams give only partial credit, so compounds cannot outweigh whole terms;
- dense: the embedding cosine (the configured Embedder, one batch) as a distance from the best
  candidate in absolute cosine units, not min-max, which blew small differences up;
- hit: the hit's fused retrieval score relative to the best hit; chunk-level retrieval works
  across languages better than sentence cosine, so a sentence from a weak hit starts behind;
- cues from the question (`assistant.compose.cues`): a named article; a named year (sentences
  and documents about that year rise, those about other years sink); figures for how-much /
  how-many questions and dates for when / by-when questions;
- for a rewritten follow-up, the words of the user's latest turn weigh double;
- a small bonus for the answer's language and for early sentences.
An MMR-style redundancy penalty (numpy) keeps near-duplicates out, and a sentence that
introduces a list ("다음 각 호", "the following:") brings its items. Deterministic.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass

import numpy as np

from assistant.compose.concepts import concepts
from assistant.compose.cues import cue_bonus, year_bonus
from assistant.compose.sentences import Sentence, article_label
from assistant.glossary import Glossary
from assistant.language import language_of_text
from assistant.retrieval import years_in
from ingest.keyword import tokenize

MAX_CANDIDATES = 12
EMBED_CHARS = 160  # characters of each sentence that are embedded
EMBED_BUDGET = 1000  # weighted characters embedded per question (Hangul counts 1, others 0.4)
W_LEXICAL, W_DENSE, W_HIT = 0.5, 0.3, 0.4
W_ARTICLE, W_LANGUAGE = 0.6, 0.02
DENSE_SPAN = 0.1  # cosine below the best candidate's at which the dense score reaches 0
FOCUS_WEIGHT = 2.0  # weight of words of the latest turn when the query is a rewritten follow-up
MARGIN = 0.2  # sentences scoring more than this below the best are left out
REDUNDANT_COSINE = 0.95  # passage cosine above which two sentences say the same thing
MAX_LIST_ITEMS = 3  # items quoted after a sentence that introduces a list

_LIST_INTRO = re.compile(r"(?:다음 각 호|다음과 같|as follows|the following)[^.]*[.:]?$|:$")
@dataclass
class Scored:
    """A candidate sentence with its scores; `vector` is its embedding when one was made."""

    sentence: Sentence
    score: float
    lexical: float
    dense: float
    vector: np.ndarray | None = None


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

    def _lexical(self, query: str, sentences: list[Sentence], focus: str = "") -> list[float]:
        """Share of the question's IDF-weighted concepts each sentence meets (heading: 0.3)."""
        wanted = concepts(query, self.glossary)
        if not wanted:
            return [0.0] * len(sentences)
        pairs = {c.term for c in wanted if c.term}
        glossary = self.glossary
        terms = Glossary([t for t in glossary.terms if (t.ko, t.en) in pairs]) if pairs else None

        def meets(text: str) -> list[float]:
            found = set(terms.terms_for(text)) if terms else set()
            tokens = set(tokenize(text))
            return [c.match(tokens, found) for c in wanted]

        heads: dict[str, list[float]] = {}
        rows = []
        for s in sentences:
            rows.append(meets(s.text))
            if s.heading not in heads:
                heads[s.heading] = meets(s.heading)
        n = max(len(sentences), 1)
        df = [sum(row[k] >= 0.5 for row in rows) for k in range(len(wanted))]
        idf = [math.log(1 + n / (1 + d)) for d in df]
        if focus and focus != query:
            idf = [w * (FOCUS_WEIGHT if m >= 1 else 1)
                   for w, m in zip(idf, meets(focus), strict=True)]
        totals = {  # words a sentence in the other language cannot hold count half
            lang: sum(w * (1 if c.language() in ("any", lang) else 0.5)
                      for w, c in zip(idf, wanted, strict=True)) or 1.0
            for lang in ("ko", "en")
        }
        out = []
        for s, row in zip(sentences, rows, strict=True):
            head = heads[s.heading]
            got = sum(w * max(m, 0.3 * h) for w, m, h in zip(idf, row, head, strict=True))
            out.append(min(got / totals[language_of_text(s.text)], 1.0))
        return out

    def score(
        self, query: str, sentences: list[Sentence], *, language: str, focus: str = ""
    ) -> list[Scored]:
        """All candidates scored, best first (at most MAX_CANDIDATES are embedded); `focus` is
        the user's latest words when `query` is a follow-up rewritten to stand alone."""
        started = time.perf_counter()
        lexical = self._lexical(query, sentences, focus)
        wanted_article = article_label(query)
        wanted_years = years_in(query)
        best_hit = max((s.hit_score for s in sentences), default=0.0)
        prior = []
        for s, lex in zip(sentences, lexical, strict=True):
            hit = s.hit_score / best_hit if best_hit > 0 else 1 / (1 + 0.1 * s.hit_index)
            bonus = W_HIT * (hit - 1) - 0.002 * s.position
            bonus += cue_bonus(query, s.text) + year_bonus(wanted_years, s)
            if wanted_article:
                bonus += W_ARTICLE if s.article == wanted_article else -W_ARTICLE / 3
            if language_of_text(s.text) == language:
                bonus += W_LANGUAGE
            prior.append((lex, bonus))
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
        return self._finish(query, sentences, chosen + [i for i in order if i not in set(chosen)],
                            prior, len(chosen))

    def _finish(self, query, sentences, order, prior, n_embed) -> list[Scored]:
        """Add the dense score to the first `n_embed` of `order`; the rest get the lowest one."""
        started = time.perf_counter()
        vectors: np.ndarray | None = None
        dense = np.zeros(len(order))
        if self.embedder is not None and n_embed:
            vectors = self._embed([sentences[i].text[:EMBED_CHARS] for i in order[:n_embed]])
            cosine = vectors @ self.embedder.embed_query(query)
            dense[:n_embed] = np.clip(1 - (float(cosine.max()) - cosine) / DENSE_SPAN, 0.0, 1.0)
            dense[n_embed:] = dense[:n_embed].min()
        self.last_timings["embed_ms"] = (time.perf_counter() - started) * 1000
        self.last_timings["embedded"] = float(n_embed if vectors is not None else 0)
        w_lex = W_LEXICAL if vectors is not None else W_LEXICAL + W_DENSE
        out = []
        for k, i in enumerate(order):
            lexical, bonus = prior[i]
            score = w_lex * lexical + W_DENSE * float(dense[k]) + bonus
            vector = vectors[k] if vectors is not None and k < n_embed else None
            out.append(Scored(sentences[i], score, lexical, float(dense[k]), vector))
        return sorted(out, key=lambda s: -s.score)

    def select(
        self, query: str, sentences: list[Sentence], *, language: str, limit: int = 4,
        focus: str = "",
    ) -> list[Scored]:
        """Up to `limit` relevant, non-redundant sentences, best first, lists completed."""
        ranked = self.score(query, sentences, language=language, focus=focus)
        if not ranked:
            return []
        best = ranked[0].score
        picked = [ranked[0]]
        pool = [s for s in ranked[1:] if s.score >= best - MARGIN]
        while pool and len(picked) < limit:
            scored = [(c.score - redundancy(c, picked), c) for c in pool]
            value, choice = max(scored, key=lambda pair: pair[0])
            if value < best - MARGIN:
                break
            picked.append(choice)
            pool.remove(choice)
        return with_list_items(picked, sentences)


def with_list_items(picked: list[Scored], sentences: list[Sentence]) -> list[Scored]:
    """`picked`, each sentence that introduces a list followed by (up to 3 of) its items."""
    out: list[Scored] = []
    taken = {id(p.sentence) for p in picked}
    for p in picked:
        out.append(p)
        if _LIST_INTRO.search(p.sentence.text):
            for item in list_items(p.sentence, sentences):
                if id(item) not in taken:
                    taken.add(id(item))
                    out.append(Scored(item, p.score, p.lexical, p.dense))
    return out


def list_items(intro: Sentence, sentences: list[Sentence]) -> list[Sentence]:
    """The first top-level items of the list `intro` introduces (one prose sentence may come
    between, such as a proviso); sub-items are skipped."""
    after = sorted((s for s in sentences if s.hit_index == intro.hit_index
                    and s.position > intro.position), key=lambda s: s.position)
    items: list[Sentence] = []
    for k, s in enumerate(after):
        if not s.item or s.item == "row":
            if items or k > 0:
                break
            continue
        if not items or s.item == items[0].item:
            items.append(s)
        if len(items) == MAX_LIST_ITEMS:
            break
    return items


def redundancy(candidate: Scored, picked: list[Scored]) -> float:
    """Penalty growing with the closest already-picked sentence's similarity."""
    worst = 0.0
    figures = set(re.findall(r"\d[\d,.]*", candidate.sentence.text))
    for other in picked:
        if figures != set(re.findall(r"\d[\d,.]*", other.sentence.text)):
            continue  # embeddings barely see numbers: different figures are different facts
        if candidate.vector is not None and other.vector is not None:
            sim = float(candidate.vector @ other.vector)
            worst = max(worst, max(0.0, sim - REDUNDANT_COSINE) / (1 - REDUNDANT_COSINE))
        else:
            a, b = set(tokenize(candidate.sentence.text)), set(tokenize(other.sentence.text))
            jaccard = len(a & b) / max(len(a | b), 1)
            worst = max(worst, max(0.0, jaccard - 0.6) / 0.4)
    return worst
