"""Sentence selection: which retrieved sentence answers the question, and which few add to it.

Each candidate gets a weighted sum of
- lexical: IDF-weighted coverage of the question's *concepts* (`assistant.compose.concepts`:
  glossary terms met in either language, content words, Hangul bigrams for partial credit);
- dense: the embedding cosine (the configured Embedder, one batch) as a distance from the best
  candidate in absolute cosine units;
- hit: the hit's fused retrieval score relative to the best hit (chunk-level retrieval works
  across languages better than sentence cosine);
- kind: the sentence holds the kind of fact asked (`assistant.compose.cues`: a figure for how
  much, a date for when, an article for which article), a named article, a named year;
- generic: a penalty for a sentence that meets only the question's topic (words most candidates
  share) and no asked-for fact, or that talks about the document itself;
- for a rewritten follow-up, the words of the user's latest turn weigh more.
The best sentence opens the answer. A further sentence is added only when it scores close to it
and meets a concept or a kind of fact the lines before it do not (multi-part questions get every
part); an MMR-style penalty (numpy) keeps near-duplicates out, and a sentence that introduces a
list brings its items. Weights are data (`assistant/calibration.yaml`, `selection`).
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass, field

import numpy as np

from assistant.calibration import SelectionValues
from assistant.compose.concepts import Concept, concepts
from assistant.compose.cues import TESTABLE, kind_fit, year_bonus
from assistant.compose.sentences import Sentence, article_label
from assistant.glossary import Glossary
from assistant.language import language_of_text
from assistant.question import kinds_in
from assistant.retrieval import years_in
from ingest.keyword import tokenize
from ingest.text import is_stop

MAX_CANDIDATES = 12  # sentences embedded per question (cost bound, not fitted)
EMBED_CHARS = 160  # characters of each sentence that are embedded
EMBED_BUDGET = 1000  # weighted characters embedded per question (Hangul counts 1, others 0.4)
MAX_LIST_ITEMS = 3  # items quoted after a sentence that introduces a list
TOPIC_SHARE = 0.5  # a concept met by more than this share of candidates is the topic, not a fact

_LIST_INTRO = re.compile(r"(?:다음 각 호|다음과 같|as follows|the following)[^.]*[.:]?$|:$")
# A sentence about the document itself ("이 안내서는 …을 정리한 자료입니다") answers nothing.
_ABOUT_DOCUMENT = re.compile(
    r"^(?:이|본|위)\s?(?:안내서|문서|자료|글|페이지|가이드)|이 자료에서|"
    r"^(?:this|these|the present)\s+(?:guide|document|page|material|overview|note)s?\b", re.I)


@dataclass
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


@dataclass
class Ranking:
    """Every candidate scored, best first, with the question's concepts and the timings."""

    ranked: list[Scored]
    wanted: list[Concept]
    topic: frozenset[int]  # concepts most candidates meet
    kinds: list[str]
    timings_ms: dict[str, float]


@dataclass
class Lexical:
    """Word-level evidence per candidate sentence (see `SentenceSelector._lexical`)."""

    scores: list[float]  # IDF-weighted share of the question's concepts met
    met: list[frozenset[int]]  # concepts met by the sentence
    head_met: list[frozenset[int]]  # ... by its heading
    wanted: list[Concept]
    topic: frozenset[int]  # concepts most candidates meet
    subject: list[float]  # an asked concept opens the sentence (is what it is about)
    novel: list[float]  # share of the sentence's words the question does not hold


def _opening(text: str) -> str:
    """The first words of a sentence, where its subject stands."""
    return text[:14] if language_of_text(text) == "ko" else " ".join(text.split()[:5])


def _novelty(text: str, asked: set[str]) -> float:
    """Share of the sentence's content words that the question does not already hold."""
    words = [w for w in tokenize(text, bigrams=False) if not is_stop(w)]
    return sum(w not in asked for w in words) / len(words) if words else 0.0


def score_of(parts: dict[str, float], v: SelectionValues) -> float:
    """The weighted sum of a candidate's features (without an embedder, lexical takes the dense
    weight too)."""
    dense = parts.get("dense")
    w_lexical = v.w_lexical + (v.w_dense if dense is None else 0.0)
    return (w_lexical * parts["lexical"] + v.w_dense * (dense or 0.0) + v.w_hit * parts["hit"]
            + v.w_kind * parts["kind"] + v.w_year * parts["year"] + v.w_article * parts["article"]
            + v.w_language * parts["language"] - v.w_generic * parts["generic"]
            - v.w_topic_only * parts["topic_only"] + v.w_subject * parts["subject"]
            + v.w_novel * parts["novel"] + v.w_rank * parts["rank"] + v.w_item * parts["item"]
            + v.w_cosine * parts.get("cosine", 0.0) - 0.002 * parts["position"])


def _weight(text: str) -> float:
    hangul = len(re.findall(r"[\uac00-\ud7a3]", text))
    return hangul + 0.4 * (len(text) - hangul)


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

    def _lexical(self, query: str, sentences: list[Sentence], focus: str) -> Lexical:
        """Concept coverage of each sentence (and its heading and opening words), the topic
        concepts, and the share of each sentence's words the question does not already hold."""
        wanted = concepts(query, self.glossary, self.values.bigram_credit)
        n = len(sentences)
        asked = set(tokenize(f"{query} {focus}", bigrams=False))
        novel = [_novelty(s.text, asked) for s in sentences]
        if not wanted:
            empty = [frozenset()] * n
            return Lexical([0.0] * n, empty, empty, wanted, frozenset(), [0.0] * n, novel)
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
            head = heads[s.heading]
            got = sum(w * max(m, 0.3 * h) for w, m, h in zip(idf, row, head, strict=True))
            out.scores.append(min(got / totals[language_of_text(s.text)], 1.0))
            out.met.append(frozenset(k for k, m in enumerate(row) if m >= 0.5))
            out.head_met.append(frozenset(k for k, m in enumerate(head) if m >= 0.5))
            opening = meets(_opening(s.text))
            out.subject.append(max((m for m, f in zip(opening, focused, strict=True) if f >= 1),
                                   default=0.0))
        return out

    def rank(self, query: str, sentences: list[Sentence], *, language: str,
             focus: str = "") -> Ranking:
        """All candidates scored, best first (at most MAX_CANDIDATES are embedded); `focus` is
        the user's latest words when `query` is a follow-up rewritten to stand alone."""
        v = self.values
        started = time.perf_counter()
        lex = self._lexical(query, sentences, focus)
        met, head_met, wanted, topic = lex.met, lex.head_met, lex.wanted, lex.topic
        kinds = [k for k in (kinds_in(focus) if focus else []) or kinds_in(query) if k in TESTABLE]
        wanted_article = article_label(query)
        wanted_years = years_in(query)
        best_hit = max((s.hit_score for s in sentences), default=0.0)
        features = []
        for i, (s, got) in enumerate(zip(sentences, met, strict=True)):
            fit = max((kind_fit(k, s.text, query) for k in kinds), default=0.0)
            features.append({
                "lexical": lex.scores[i],
                "subject": lex.subject[i],
                "novel": lex.novel[i],
                "rank": 1 / (1 + s.hit_index),
                "item": float(bool(s.item)),
                "hit": (s.hit_score / best_hit if best_hit > 0 else 1 / (1 + 0.1 * s.hit_index))
                - 1,
                "kind": fit,
                "year": year_bonus(wanted_years, s, 1.0),
                "article": (1.0 if s.article == wanted_article else -1 / 3) if wanted_article
                else 0.0,
                "language": float(language_of_text(s.text) == language),
                "generic": float(bool(_ABOUT_DOCUMENT.search(s.text))),
                "topic_only": float(bool(topic and got <= topic and not fit)),
                "position": float(s.position),
            })
        timings = {"lexical_ms": (time.perf_counter() - started) * 1000}
        order = sorted(range(len(sentences)), key=lambda i: -score_of(features[i], v))
        chosen, budget = [], EMBED_BUDGET
        for i in order:
            cost = _weight(sentences[i].text[:EMBED_CHARS])
            if len(chosen) >= MAX_CANDIDATES or (chosen and cost > budget):
                continue
            chosen.append(i)
            budget -= cost
        rest = [i for i in order if i not in set(chosen)]
        started = time.perf_counter()
        ranked = self._finish(query, sentences, chosen + rest, features, (met, head_met),
                              len(chosen))
        timings["embed_ms"] = (time.perf_counter() - started) * 1000
        return Ranking(ranked, wanted, topic, kinds, timings)

    def _finish(self, query, sentences, order, features, met, n_embed) -> list[Scored]:
        """Add the dense score to the first `n_embed` of `order`; the rest get the lowest one."""
        v = self.values
        vectors: np.ndarray | None = None
        dense = np.zeros(len(order))
        cosine = np.zeros(len(order))
        if self.embedder is not None and n_embed:
            vectors = self._embed([sentences[i].text[:EMBED_CHARS] for i in order[:n_embed]])
            cosine[:n_embed] = vectors @ self.embedder.embed_query(query)
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
                              parts["kind"], parts))
        return sorted(out, key=lambda s: -s.score)

    def pick(self, ranking: Ranking, sentences: list[Sentence], *,
             wants_list: bool = False, parts: int = 1) -> list[Scored]:
        """The best sentence, then at most `max_lines - 1` that score close to it (closer for a
        plain question than for a list, how-to or multi-part one) and say something the lines
        before do not (near-duplicates are penalised); a list's items follow its intro."""
        v = self.values
        ranked = ranking.ranked
        if not ranked:
            return []
        best = ranked[0].score
        picked = [ranked[0]]
        margin = v.margin if wants_list or parts > 1 else v.extra_margin
        pool = [s for s in ranked[1:] if s.score >= best - margin]
        while pool and len(picked) < v.max_lines:
            scored = [(c.score - redundancy(c, picked, v.redundant_cosine), c) for c in pool]
            value, choice = max(scored, key=lambda pair: pair[0])
            if value < best - margin:
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


def redundancy(candidate: Scored, picked: list[Scored], threshold: float = 0.95) -> float:
    """Penalty growing with the closest already-picked sentence's similarity."""
    worst = 0.0
    figures = set(re.findall(r"\d[\d,.]*", candidate.sentence.text))
    for other in picked:
        if figures != set(re.findall(r"\d[\d,.]*", other.sentence.text)):
            continue  # embeddings barely see numbers: different figures are different facts
        if candidate.vector is not None and other.vector is not None:
            sim = float(candidate.vector @ other.vector)
            worst = max(worst, max(0.0, sim - threshold) / (1 - threshold))
        else:
            a, b = set(tokenize(candidate.sentence.text)), set(tokenize(other.sentence.text))
            jaccard = len(a & b) / max(len(a | b), 1)
            worst = max(worst, max(0.0, jaccard - 0.6) / 0.4)
    return worst
