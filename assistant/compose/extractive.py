"""The default composer: opens with the retrieved sentence that answers, quoted with `[n]`.

No LLM: sentences are ranked and picked by `SentenceSelector` (Kiwi tokens + embeddings), kept
verbatim and framed by the audience x language templates in `prompts/`, so every cited sentence
is supported by construction. An English question answered from a Korean sentence opens with an
English line of that sentence's figures, dates or articles (`assistant.compose.english`).
"""

from __future__ import annotations

import re
import time
from dataclasses import replace

from assistant.calibration import SelectionValues
from assistant.citations import SourceUse, check_consistency, number_sources
from assistant.compose.asked_figures import units_named
from assistant.compose.conflicts import conflict_notice, find_conflict, with_conflict
from assistant.compose.cues import holds_asked
from assistant.compose.english import english_lead, english_line
from assistant.compose.features import embedded_part
from assistant.compose.frame import frame, next_step_fits, refusal_answer
from assistant.compose.parallel import figures, share_evidence
from assistant.compose.picking import pick
from assistant.compose.safety import is_instruction
from assistant.compose.select import Ranking, Scored, SentenceSelector
from assistant.compose.sentences import Sentence, quotable, split_hit, split_hits
from assistant.glossary import Glossary
from assistant.kinds import asks_definition
from assistant.models import Answer, Hit
from assistant.question import analyse
from ingest.text import article_label, compact, detect_language, language_of_text, years_in

MAX_HITS = 5  # sentences are taken from the best hits only


def section_for(hit: Hit, sentence: Sentence) -> str:
    """The citation's section: the hit's, or the sentence's statute article when it differs."""
    if not sentence.article or article_label(hit.section) == sentence.article:
        return hit.section
    if article_label(sentence.heading) == sentence.article:
        return sentence.heading
    return sentence.article


def in_answer_language(picked: list[Scored], ranked: list[Scored], hits: list[Hit],
                       language: str, min_cosine: float, embed,
                       counterparts=None, holds=None) -> tuple[list[Scored], list[Hit]]:
    """Each picked sentence in the other language swapped for the candidate that states the
    same fact in the answer's language (dropped when that one is already quoted): from a
    document of the same `doc_group` (the Korean and English versions of one document), with
    the same figures, or as close in meaning (`embed(texts)`: passage vectors). When no
    retrieved candidate does, the group's chunks in the answer's language are read
    (`counterparts(group, language)`: hits) and the one that states it joins `hits`. A line
    that holds the kind of fact asked (`holds(text)`, see `cues.holds_asked`) is swapped only
    for one that holds it too: "지원 유형은 구매와 가공입니다" answers "what kinds …?", the
    program's English definition beside it does not.
    Returns the lines and the hits they cite."""
    out: list[Scored] = []
    for p in picked:
        group = hits[p.sentence.hit_index].metadata.get("doc_group")
        if not group or language_of_text(p.sentence.text) == language:
            out.append(p)
            continue
        keeps = holds is not None and holds(p.sentence.text)
        pool = [c for c in ranked if language_of_text(c.sentence.text) == language
                and hits[c.sentence.hit_index].metadata.get("doc_group") == group
                and (not keeps or holds(c.sentence.text))]
        match = _same_fact(p, pool, min_cosine, embed)
        if match is None and counterparts is not None:
            cited = {x.chunk_id for x in hits}
            found = [h for h in counterparts(group, language) if h.chunk_id not in cited]
            pool = [replace(p, sentence=s, vector=None) for j, h in enumerate(found)
                    for s in split_hit(h, len(hits) + j)
                    if quotable(s) and (not keeps or holds(s.text))]
            match = _same_fact(p, pool, min_cosine, embed)
            if match is not None:
                hit = found[match.sentence.hit_index - len(hits)]
                hits = [*hits, hit]
                match = replace(match, sentence=replace(match.sentence, hit_index=len(hits) - 1))
        if match is None:
            out.append(p)
        elif all(match is not q for q in picked + out):
            out.append(match)
    # one sentence, quoted twice: once as the swap of another language's line and once picked
    # itself, or the same words in two chunks of one document
    seen: set[str] = set()
    return [p for p in out if not (p.sentence.text in seen or seen.add(p.sentence.text))], hits


def _same_fact(sentence: Scored, pool: list[Scored], min_cosine: float, embed):
    """The candidate of `pool` stating the same fact as `sentence` (the same figures, and
    close in meaning unless those figures alone identify it), or None."""
    text = sentence.sentence.text
    pool = [c for c in pool if figures(c.sentence.text) == figures(text)]
    if not pool:
        return None
    if figures(text, years=False):  # "6,000만" and "60 million" differ, so this is rare
        return pool[0]
    vectors = embed([text] + [c.sentence.text for c in pool])
    cosine = vectors[1:] @ vectors[0]
    best = int(cosine.argmax())
    return pool[best] if float(cosine[best]) >= min_cosine else None


def repeats(sentence: str, said: str) -> bool:
    """Whether `sentence` is already in the text `said` (letters and digits compared)."""
    key = re.sub(r"\W", "", sentence)
    return len(key) >= 8 and key in re.sub(r"\W", "", said)


class ExtractiveComposer:
    """Answers by quoting the sentence that answers first, then the few that add to it."""

    def __init__(self, values: SelectionValues, embedder=None,
                 glossary: Glossary | None = None, counterparts=None) -> None:
        self.selector = SentenceSelector(values, embedder, glossary)
        self.glossary = glossary
        self.counterparts = counterparts  # (doc_group, language) -> hits (in_answer_language)

    def _embed(self, texts: list[str]):
        """Passage vectors (cut as the selector cuts them), or a zero matrix without an
        embedder (nothing then counts as the same fact)."""
        if self.selector.embedder is None:
            import numpy as np

            return np.zeros((len(texts), 1))
        return self.selector._embed([embedded_part(t) for t in texts])

    def warm_up(self) -> None:
        """Load Kiwi (and the embedder) now, so the first question is not slow."""
        hit = Hit("warm", "warm", "센터를 소개합니다. The center opened.", "warm", "warm")
        self.rank("센터", "센터", [hit], language="ko")

    def rank(self, question: str, standalone: str, hits: list[Hit], *,
             language: str, said: str = "") -> tuple[list[Sentence], Ranking]:
        """The sentences of the best hits, ranked against the question (`question`: the user's
        latest words; `standalone`: the question retrieval saw). The words of the clause that
        asks weigh more than the asker's situation around it. Instruction-like sentences
        (`assistant.compose.safety`) are never candidates, nor, for a follow-up, those the
        previous answer already `said` (while others remain): it asks for something new. A turn
        that asks several questions in a row asks every one's kind of fact. A sentence and its
        translation share their evidence (`assistant.compose.parallel`)."""
        sentences = [s for s in split_hits(hits[:MAX_HITS]) if not is_instruction(s.text)]
        if said:
            new = [s for s in sentences if not repeats(s.text, said)]
            sentences = new or sentences
        asked = analyse(question)
        ranking = self.selector.rank(standalone or question, list(filter(quotable, sentences)),
                                     language=language,
                                     focus=asked.focus_text,
                                     asks="; ".join(asked.questions) or asked.asks,
                                     parts=tuple(asked.questions))
        groups = [h.metadata.get("doc_group") for h in hits[:MAX_HITS]]
        return sentences, share_evidence(ranking, groups, language, self.selector.values)

    def expected_queries(self, question: str, standalone: str) -> list[str]:
        """The query texts `rank` will embed for these arguments: an ask embeds them ahead with
        its retrieval queries (`assistant.queries.AskQueries`). For an English question that
        includes the one with its glossary terms in Korean, which `rank` embeds only when
        Korean sentences rank: they do for nine in ten English questions that have such terms
        (92 of 101 golden ones), and a second call of the model costs more than the text."""
        parts = list(analyse(question).questions)
        english = detect_language(question) == "en"
        return self.selector.query_texts(standalone or question, english) + parts

    def disagreement(self, ranked: tuple[list[Sentence], Ranking], hits: list[Hit]) -> bool:
        """Whether the sources give different figures for what is asked (see
        `assistant.compose.conflicts`), on a ranking from `rank` over `hits`: a composer that
        would merge them quotes them instead (`compose(..., ranked=ranked)`)."""
        sentences, ranking = ranked
        picked = pick(ranking, sentences, self.selector.values, wants_list=False, parts=1)
        return find_conflict(picked, ranking, hits[:MAX_HITS]) is not None

    def compose(self, question: str, *, standalone: str, language, audience, hits: list[Hit],
                ranked: tuple[list[Sentence], Ranking] | None = None) -> Answer:
        """A cited extractive answer; a refusal when no sentence can be quoted."""
        started = time.perf_counter()
        hits = hits[:MAX_HITS]
        sentences, ranking = ranked or self.rank(question, standalone, hits, language=language)
        asked = analyse(question)
        kind = asked.kind if asked.kind != "what" else analyse(standalone or question).kind
        whole = analyse(standalone or question)
        picked = pick(ranking, sentences, self.selector.values,
                      wants_list=kind in ("list", "how"), parts=max(asked.parts, whole.parts),
                      questions=asked.questions or whole.questions,
                      defines=not ranking.kinds and asks_definition(question),
                      years=tuple(sorted(years_in(standalone or question))))
        if not picked:
            answer = refusal_answer(question, language=language, audience=audience,
                                    standalone=standalone)
            answer.notices.append("no quotable sentence in the retrieved documents")
            return answer
        picked, hits = in_answer_language(picked, ranking.ranked, hits, language,
                                          self.selector.values.same_fact_cosine, self._embed,
                                          self.counterparts,
                                          holds_asked(standalone or question, least=0.5))
        conflict = find_conflict(picked, ranking, hits)
        if conflict is not None:
            picked = with_conflict(picked, conflict)
        answer = self._answer(question, standalone, language, audience, hits, picked, kind,
                              conflict_notice(conflict, hits, language) if conflict else "")
        answer.timings_ms.update(ranking.timings_ms)
        answer.timings_ms["compose_ms"] = (time.perf_counter() - started) * 1000
        check_consistency(answer)
        return answer

    def _answer(self, question, standalone, language, audience, hits, picked: list[Scored],
                kind: str, notice: str = "") -> Answer:
        uses = [SourceUse(hits[s.sentence.hit_index], s.sentence.text,
                          section_for(hits[s.sentence.hit_index], s.sentence)) for s in picked]
        numbers, citations = number_sources(uses)
        lines = [f"- {u.quote} [{n}]" for u, n in zip(uses, numbers, strict=True)]
        evidence = [language_of_text(u.quote) for u in uses]
        # "which article?": a statute sentence is labelled with the article it is part of
        # (its heading's; the citation names it too) unless it names it itself: the articles
        # it refers to ("제32조에 따라") are not the one asked
        own = picked[0].sentence.article if kind == "article" else ""
        article = own if own and compact(own) not in compact(uses[0].quote) else ""
        if language == "en" and evidence[0] == "ko":  # an English lead on the Korean quote
            line = english_line(kind, uses[0].quote, numbers[0], self.glossary, article,
                                tuple(units_named(standalone or question)))
            if line:
                lines[0] = f"- {line}"
        elif article:
            label = english_lead("article", "", None, article) if language == "en" else article
            lines[0] = f"- {label or article} — {uses[0].quote} [{numbers[0]}]"
        used_hits = list({id(u.hit): u.hit for u in uses}.values())
        if notice:  # the sources disagree: said plainly, after the quoted figures
            lines.append(notice)
        text = frame("\n".join(lines), language=language, audience=audience,
                     citations=citations, hits=used_hits, evidence_languages=evidence,
                     next_step=audience == "startup" and next_step_fits(kind, used_hits))
        return Answer(question=question, language=language, audience=audience, text=text,
                      citations=citations, standalone_question=standalone or question)
