"""Sentence selection: which retrieved sentence answers the question, and which few add to it.

Each candidate gets a weighted sum of
- lexical: IDF-weighted coverage of the question's *concepts* (`assistant.compose.concepts`:
  glossary terms met in either language, content words, Hangul bigrams for partial credit);
- dense: the embedding cosine (the configured Embedder, one batch) as a distance from the best
  candidate in absolute cosine units;
- hit: the hit's fused retrieval score relative to the best hit (chunk-level retrieval works
  across languages better than sentence cosine);
- kind: the sentence holds the kind of fact asked (`assistant.compose.cues`: a figure for how
  much, a date for when, an article for which article), a named article, a named year, the
  highest sum stated when a maximum is asked (`assistant.compose.asked_figures.extremes`);
- penalties: it meets only the question's topic (words most candidates share) and no asked
  fact, none of its words (in its language) while others do, talks about the document itself,
  or opens with a sibling of a name asked (another committee for the one asked);
- subject, novelty, hit rank, absolute cosine: an asked word opens the sentence, it adds words
  the question lacks, its hit ranks high, it is close in meaning;
- the words of the clause that asks (and of a follow-up's latest turn) weigh more.
The best sentence opens the answer; a further one only when it scores close to it and is not a
near-duplicate; a multi-part question gets a line per part (`assistant.compose.picking`); when
no sentence states an asked figure or date, the one that says where it is published answers.
Features and their sum: `assistant.compose.features`; weights: `assistant/calibration.yaml`.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from assistant.calibration import SelectionValues
from assistant.compose.asked_figures import extremes
from assistant.compose.concepts import Concept, concepts, stems
from assistant.compose.cues import TESTABLE, asks_law, part_fit
from assistant.compose.deferral import defers, defers_asked
from assistant.compose.features import (
    ABOUT_DOCUMENT,
    Lexical,
    embedded_part,
    novelty,
    opening,
    score_of,
    sibling,
    specific_names,
    states_total,
    totals_asked,
    within_budget,
    year_scores,
)
from assistant.compose.lists import enumerates
from assistant.compose.sentences import Sentence
from assistant.counted import counted_in_both
from assistant.glossary import Glossary
from assistant.kinds import asks_origin, kinds_in
from assistant.persons import asked_person
from assistant.refusal import COVERS_KINDS
from ingest.embedders import query_vectors
from ingest.keyword import tokenize, tokens_of
from ingest.text import article_label, language_of_text, years_in

TOPIC_SHARE = 0.5  # a concept met by more than this share of candidates is the topic, not a fact

@dataclass(eq=False)  # candidates are compared by identity (they hold numpy vectors)
class Scored:
    """A candidate sentence with its scores; `vector` is its embedding when one was made."""

    sentence: Sentence
    score: float
    lexical: float
    dense: float
    vector: np.ndarray | None = None
    cosine: float = 0.0  # absolute question-sentence cosine (0 when not embedded)
    met: frozenset[int] = field(default_factory=frozenset)  # indexes of question concepts met
    head: frozenset[int] = field(default_factory=frozenset)  # ... by its heading
    fit: float = 0.0  # holds the kind of fact asked
    parts: dict[str, float] = field(default_factory=dict)  # the features its score sums
    fits: dict[str, float] = field(default_factory=dict)  # per asked kind: holds that fact
    part_cosines: tuple[float, ...] = ()  # cosine with each question of a multi-part turn


@dataclass
class Ranking:
    """Every candidate scored, best first, with the question's concepts and the timings."""

    ranked: list[Scored]
    wanted: list[Concept]
    topic: frozenset[int]  # concepts most candidates meet
    kinds: list[str]
    timings_ms: dict[str, float]
    origin: bool = False  # the question asks how something began: the earliest fact opens


class SentenceSelector:
    """Scores candidate sentences against a question and picks a few non-redundant ones."""

    def __init__(self, values: SelectionValues, embedder=None,
                 glossary: Glossary | None = None) -> None:
        self.values = values
        self.embedder = embedder
        self.glossary = glossary
        self._cache: dict[str, np.ndarray] = {}

    def _embed(self, texts: list[str]) -> np.ndarray:
        """Passage embeddings, one batch for the texts not cached yet."""
        todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if todo:
            if len(self._cache) > 4096:
                self._cache.clear()
            for text, vector in zip(todo, self.embedder.embed_passages(todo), strict=True):
                self._cache[text] = vector
        return np.stack([self._cache[t] for t in texts])

    def _free(self, order: list[int], sentences: list[Sentence]) -> list[int]:
        """Those of `order` whose vectors cost no model time (prepared at ingest, or embedded
        for an earlier question): ranking them by meaning costs a look-up, not a budget."""
        texts = {i: embedded_part(sentences[i].text) for i in order}
        missing = getattr(self.embedder, "missing", lambda todo: todo)  # a CachedEmbedder's
        absent = set(missing([t for t in texts.values() if t not in self._cache]))
        return [i for i in order if texts[i] not in absent] if self.embedder else []

    def _lexical(self, query: str, sentences: list[Sentence], focus: str) -> Lexical:
        """Concept coverage of each sentence (and its heading and opening words), the topic
        concepts, and the share of each sentence's words the question does not already hold."""
        wanted = concepts(query, self.glossary, self.values.bigram_credit,
                          self.values.stem_credit)
        n = len(sentences)
        asked = set(tokenize(f"{query} {focus}", bigrams=False))
        novel = [novelty(s.text, asked) for s in sentences]
        if not wanted:
            empty = [frozenset()] * n
            return Lexical([0.0] * n, empty, empty, wanted, frozenset(), [0.0] * n, novel)
        pairs = {c.term for c in wanted if c.term}
        glossary = self.glossary
        terms = Glossary([t for t in glossary.terms if (t.ko, t.en) in pairs]) if pairs else None

        def meets(text: str) -> list[float]:
            found = set(terms.terms_for(text)) if terms else set()
            tokens = set(tokens_of(text))
            stemmed = stems(tokens)
            return [c.match(tokens, found, stemmed) for c in wanted]

        # a heading reads with its English title: an English question meets a Korean article
        # by the words of its title ("Article 44 (Period of dispute mediation)")
        heads: dict[tuple[str, str], list[float]] = {}
        rows = []
        for s in sentences:
            rows.append(meets(s.text))
            if (s.heading, s.heading_en) not in heads:
                heads[s.heading, s.heading_en] = meets(f"{s.heading} {s.heading_en}".strip())
        df = [sum(row[k] >= 0.5 for row in rows) for k in range(len(wanted))]
        idf = [math.log(1 + max(n, 1) / (1 + d)) for d in df]
        topic = frozenset(k for k, d in enumerate(df) if n > 2 and d > TOPIC_SHARE * n)
        focused = meets(focus) if focus else [1.0] * len(wanted)
        if focus and focus != query:
            idf = [w * (self.values.focus_weight if m >= 1 else 1)
                   for w, m in zip(idf, focused, strict=True)]
        totals = {  # words a sentence in the other language cannot hold count half
            lang: sum(w * (1 if c.language() in ("any", lang) else 0.5)
                      for w, c in zip(idf, wanted, strict=True)) or 1.0
            for lang in ("ko", "en")
        }
        out = Lexical([], [], [], wanted, topic, [], novel)
        for s, row in zip(sentences, rows, strict=True):
            head = heads[s.heading, s.heading_en]
            # a paragraph ("② 위원회는 …") is about its article's title; other headings hint
            credit = 1.0 if not s.item and s.article and s.article in s.heading.replace(" ", "") \
                else 0.3
            got = sum(w * max(m, credit * h) for w, m, h in zip(idf, row, head, strict=True))
            out.scores.append(min(got / totals[language_of_text(s.text)], 1.0))
            out.met.append(frozenset(k for k, m in enumerate(row) if m >= 0.5))
            out.head_met.append(frozenset(k for k, m in enumerate(head) if m >= 0.5))
            first = meets(opening(s.text))
            out.subject.append(max((m for m, f in zip(first, focused, strict=True) if f >= 1),
                                   default=0.0))
        return out

    def rank(self, query: str, sentences: list[Sentence], *, language: str,
             focus: str = "", asks: str = "", parts: tuple[str, ...] = ()) -> Ranking:
        """All candidates scored, best first (at most MAX_CANDIDATES are embedded); `focus` is
        the user's latest words when `query` is a follow-up rewritten to stand alone, `asks`
        their asking clause (its question words say which kind of fact is asked; without any,
        the rewritten question's do); `parts`: a multi-part turn's questions (see part_fit)."""
        v = self.values
        started = time.perf_counter()
        lex = self._lexical(query, sentences, focus)
        met, head_met, wanted, topic = lex.met, lex.head_met, lex.wanted, lex.topic
        asked_kinds = kinds_in(asks or focus) or kinds_in(query)  # "list": an enumeration fits
        kinds = [k for k in asked_kinds if k in TESTABLE]
        if "who" not in kinds and asked_person(asks or focus or query)[0]:
            kinds.append("who")  # "총장님 성함이 뭐였죠?" asks who holds the office
        wanted_article = article_label(query)
        wanted_years = years_in(asks) or years_in(query)  # the asking clause's, not the asker's
        best_hit = max([0.0, *(s.hit_score for s in sentences)])  # 0: no positive score
        years = year_scores(wanted_years, sentences, asks or query)
        # what a question counts, in both languages, remembered per question for one ranking
        counted = cache(lambda question: counted_in_both(question, self.glossary))
        own = not asks_law(query)  # which article: the sentence's own; which law: one named
        fits = [{k: 0.0 if year <= -1 else 1.0 if k == "article" and s.article and own
                 else part_fit(k, s.text, parts, query, counted) for k in kinds}
                for s, year in zip(sentences, years, strict=True)]
        # No sentence holds the asked fact: one that says where it is published answers.
        unstated = bool(kinds) and not any(f >= 1 for row in fits for f in row.values())
        named, any_met = specific_names(wanted), max(lex.scores, default=0.0) > 0
        total_asked = totals_asked(sentences, fits, lex.scores, query, parts)
        extreme = extremes([s.text for s in sentences], [
            score if row.get("amount", 0.0) >= 1 else None
            for score, row in zip(lex.scores, fits, strict=True)], asks or query)
        features = []
        for i, (s, got) in enumerate(zip(sentences, met, strict=True)):
            fit = max([*fits[i].values(), float("list" in asked_kinds and enumerates(s.text))])
            # Where a figure or date is published answers only when no sentence states it (the
            # year of "2026년 공고에서 확인하세요" is not the date asked); hours, places and
            # bodies are not told apart as visibly (`COVERS_KINDS`), so there it may answer. One
            # about the document dates it, not the fact (unless it says the fact is unstated).
            generic = bool(ABOUT_DOCUMENT.search(s.text)) \
                and not ((unstated or not kinds) and defers(s.text))
            if defers_asked(s.text, kinds) and unstated:
                fit = 1.0
            elif generic or defers(s.text) and set(kinds) <= COVERS_KINDS:
                fit = 0.0
            features.append({
                "lexical": lex.scores[i],
                "subject": lex.subject[i],
                "sibling": sibling(s.text, named, query),
                "unmet": float(any_met and not lex.scores[i]
                               and language_of_text(s.text) == language),
                "total": float(total_asked[i] and fit >= 1 and states_total(s.text)),
                "extreme": extreme[i],
                "novel": lex.novel[i],
                "rank": 1 / (1 + s.hit_index),
                "item": float(bool(s.item)),
                "hit": (s.hit_score / best_hit if best_hit else 1 / (1 + 0.1 * s.hit_index)) - 1,
                "kind": fit,
                "year": years[i],
                "article": (1.0 if s.article == wanted_article else -1 / 3) if wanted_article
                else 0.0,
                "language": float(language_of_text(s.text) == language),
                "generic": float(generic),
                "topic_only": float(bool(topic and got <= topic and not fit)),
                "position": float(s.position),
            })
        timings = {"lexical_ms": (time.perf_counter() - started) * 1000}
        order = sorted(range(len(sentences)), key=lambda i: -score_of(features[i], v))
        chosen = within_budget(order, [embedded_part(s.text) for s in sentences])
        chosen += self._free([i for i in order if i not in chosen and features[i]["kind"] >= 1],
                             sentences)  # ... and those holding the fact asked, when cached
        rest, started = [i for i in order if i not in chosen], time.perf_counter()
        ranked = self._finish(query, sentences, chosen + rest, features, (met, head_met),
                              len(chosen), language, parts)
        timings["embed_ms"] = (time.perf_counter() - started) * 1000
        for scored in ranked:
            scored.fits = fits[sentences.index(scored.sentence)] if kinds else {}
        return Ranking(ranked, wanted, topic, kinds, timings,
                       origin=asks_origin(asks or focus or query))

    def query_texts(self, query: str, korean_evidence: bool) -> list[str]:
        """The texts sentences are ranked against: the question and, when Korean sentences
        rank for an English one, the question with its glossary terms in Korean (the embedder
        compares that with a Korean sentence better than the English question, often)."""
        mixed = self.glossary.to_korean(query) if korean_evidence and self.glossary else ""
        return [query] + ([mixed] if mixed not in ("", query.lower()) else [])

    def _finish(self, query, sentences, order, features, met, n_embed,
                asked_in: str, questions: tuple[str, ...] = ()) -> list[Scored]:
        """Add the dense score to the first `n_embed` of `order`; the rest get the lowest one.
        A sentence in another language than the question's (`asked_in`) gets the embedder's
        cross-language gap added to its cosine, so meaning, not language, ranks it. Each of
        several `questions` asked in a row gets its cosines too (embedded with the question)."""
        v = self.values
        vectors: np.ndarray | None = None
        by_part: list[np.ndarray] = []
        dense = np.zeros(len(order))
        cosine = np.zeros(len(order))
        if self.embedder is not None and n_embed:
            vectors = self._embed([embedded_part(sentences[i].text) for i in order[:n_embed]])
            korean = np.array([asked_in == "en" and language_of_text(sentences[i].text) != "en"
                               for i in order[:n_embed]])  # Korean evidence, English question
            texts = self.query_texts(query, korean_evidence=bool(korean.any()))
            asked = query_vectors(self.embedder, texts + list(questions))
            by_part = [vectors @ q + v.cross_language_cosine * korean for q in asked[len(texts):]]
            asked = asked[:len(texts)]
            cosine[:n_embed] = vectors @ asked[0] + v.cross_language_cosine * korean
            if len(asked) > 1:
                korean_cosine = np.maximum(cosine[:n_embed], vectors @ asked[1])
                cosine[:n_embed] = np.where(korean, korean_cosine, cosine[:n_embed])
            best = float(cosine[:n_embed].max())
            dense[:n_embed] = np.clip(1 - (best - cosine[:n_embed]) / v.dense_span, 0.0, 1.0)
            dense[n_embed:] = dense[:n_embed].min()
        out = []
        for k, i in enumerate(order):
            parts = dict(features[i])
            if vectors is not None:
                parts["dense"] = float(dense[k])
                parts["cosine"] = float(cosine[k]) if k < n_embed else 0.0
            vector = vectors[k] if vectors is not None and k < n_embed else None
            out.append(Scored(sentences[i], score_of(parts, v), parts["lexical"],
                              float(dense[k]), vector, float(cosine[k]), met[0][i], met[1][i],
                              parts["kind"], parts, part_cosines=tuple(
                                  float(c[k]) for c in by_part) if k < n_embed else ()))
        return sorted(out, key=lambda s: -s.score)
