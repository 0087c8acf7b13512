"""The default composer: quotes the retrieved sentences that answer the question, each with `[n]`.

No LLM: sentences are chosen by `SentenceSelector` (Kiwi tokens + embeddings), kept verbatim and
framed by the audience x language templates in `prompts/`, so every cited sentence is supported
by construction.
"""

from __future__ import annotations

import time

from assistant.citations import SourceUse, check_consistency, number_sources
from assistant.compose.frame import frame, order_for_audience, refusal_answer
from assistant.compose.select import Scored, SentenceSelector
from assistant.compose.sentences import Sentence, article_label, split_hits
from assistant.glossary import Glossary
from assistant.language import language_of_text
from assistant.models import Answer, Hit

MAX_HITS = 5  # sentences are taken from the best hits only


def section_for(hit: Hit, sentence: Sentence) -> str:
    """The citation's section: the hit's, or the sentence's statute article when it differs."""
    if not sentence.article or article_label(hit.section) == sentence.article:
        return hit.section
    if article_label(sentence.heading) == sentence.article:
        return sentence.heading
    return sentence.article


class ExtractiveComposer:
    """Answers by quoting the best sentences of the hits, framed for the audience and language."""

    def __init__(
        self, embedder=None, glossary: Glossary | None = None, max_sentences: int = 4
    ) -> None:
        self.selector = SentenceSelector(embedder, glossary)
        self.max_sentences = max_sentences

    def warm_up(self) -> None:
        """Load Kiwi (and the embedder) now, so the first question is not slow."""
        hit = Hit("warm", "warm", "센터를 소개합니다. The center opened.", "warm", "warm")
        self.selector.select("센터", split_hits([hit]), language="ko", limit=1)

    def select(
        self, query: str, hits: list[Hit], *, language: str, focus: str = ""
    ) -> list[Scored]:
        """The sentences of `hits` that best answer `query` (`focus`: the user's latest words)."""
        sentences = split_hits(hits[:MAX_HITS])
        return self.selector.select(
            query, sentences, language=language, limit=self.max_sentences, focus=focus
        )

    def compose(
        self, question: str, *, standalone: str, language, audience, hits: list[Hit]
    ) -> Answer:
        """A cited extractive answer; a refusal when no sentence can be quoted."""
        started = time.perf_counter()
        hits = hits[:MAX_HITS]
        picked = self.select(standalone or question, hits, language=language, focus=question)
        if not picked:
            answer = refusal_answer(
                question, language=language, audience=audience, standalone=standalone
            )
            answer.notices.append("no quotable sentence in the retrieved documents")
            return answer
        picked = order_for_audience(picked, audience, lambda s: s.sentence.text)
        uses = [
            SourceUse(hits[s.sentence.hit_index], s.sentence.text,
                      section_for(hits[s.sentence.hit_index], s.sentence))
            for s in picked
        ]
        numbers, citations = number_sources(uses)
        body = "\n".join(f"- {u.quote} [{n}]" for u, n in zip(uses, numbers, strict=True))
        used_hits = list({id(u.hit): u.hit for u in uses}.values())
        text = frame(
            body, language=language, audience=audience, citations=citations, hits=used_hits,
            evidence_languages=[language_of_text(u.quote) for u in uses],
        )
        answer = Answer(
            question=question, language=language, audience=audience, text=text,
            citations=citations, standalone_question=standalone or question,
        )
        answer.timings_ms.update(self.selector.last_timings)
        answer.timings_ms.pop("embedded", None)
        answer.timings_ms["compose_ms"] = (time.perf_counter() - started) * 1000
        check_consistency(answer)
        return answer
