"""The core every interface calls: question (+ history) -> retrieval -> refusal or cited answer.

`ask` returns the answer with its trace (hits and scores, refusal signals and the decision,
timings), so the CLI, the UI and eval read one record. Fitted values come from one
`Calibration` (assistant/calibration.yaml), checked against the index's embedder.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from functools import cached_property

from assistant.calibration import Calibration, default_calibration, load_calibration
from assistant.compose.cues import holds_asked
from assistant.i18n import UserInputError
from assistant.index import IndexReader
from assistant.inputs import check_question
from assistant.models import Answer, Hit, Trace, Turn
from assistant.queries import AskQueries
from assistant.question import analyse, retrieval_query
from assistant.refusal import ANSWER, Decision, RefusalPolicy
from assistant.retrieval import Filters, HybridRetriever, Mode, interleave, with_named_years
from assistant.settings import Settings
from assistant.signals import Signals, gather, meets
from assistant.vocabulary import Vocabulary
from ingest.embedders import Embedder, make_embedder
from ingest.errors import AssistantError
from ingest.text import HANGUL, detect_language, years_in
from ingest.words import with_apostrophes

AUDIENCES = ("startup", "citizen", "staff")
COMPOSERS = ("extractive", "llm")
log = logging.getLogger(__name__)


class Assistant:
    """Answers questions over the index; heavy parts (model, index) load on first use."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None,
                 calibration: Calibration | None = None, chat=None) -> None:
        self.settings = settings
        self._embedder = embedder
        self._chat = chat
        self.calibration = calibration or (
            load_calibration(settings.calibration) if settings.calibration
            else default_calibration())
        self.policy = RefusalPolicy(self.calibration.refusal)

    @cached_property
    def calibration_warning(self) -> str:
        """Said once when the index's embedder is not the one the calibration was fitted for."""
        warning = self.calibration.check_embedder(self.embedder.identity)
        if warning:
            log.warning(warning)
        return warning

    @cached_property
    def embedder(self) -> Embedder:
        """The configured embedder (the one the index was built with)."""
        return self._embedder or make_embedder(self.settings.embedder,
                                               self.settings.openai_api_key)

    @cached_property
    def queries(self) -> AskQueries:
        """The embedder's query side as an ask uses it (its query texts embedded at once)."""
        return AskQueries(self.embedder)

    @cached_property
    def reader(self) -> IndexReader:
        """Reader of the index generation in service."""
        return IndexReader(self.settings.data_dir, self.settings.chroma, self.embedder.identity,
                           self.settings.collection)

    @cached_property
    def glossary(self):
        """Korean-English glossary, or None when the file is absent."""
        from assistant.glossary import Glossary

        path = self.settings.glossary_path
        return Glossary.load(path) if path.is_file() else None

    @cached_property
    def retriever(self) -> HybridRetriever:
        """Hybrid retriever over the index."""
        return HybridRetriever(self.reader, self.queries, self.glossary,
                               values=self.calibration.retrieval)

    @cached_property
    def extractive(self):
        """The default composer: quotes source sentences, needs no LLM."""
        from assistant.compose.extractive import ExtractiveComposer
        from ingest.cache import CACHE_FILE, CachedEmbedder

        # sentence vectors prepared by the ingest (assistant.compose.prepare), read-only
        passages = CachedEmbedder(self.queries, self.settings.data_dir / CACHE_FILE, store=False)
        return ExtractiveComposer(self.calibration.selection, embedder=passages,
                                  glossary=self.glossary, counterparts=self.counterparts)

    def counterparts(self, group: str, language: str) -> list[Hit]:
        """The chunks of a document group (the Korean and English versions of one document)
        in `language`, as hits: where an answer looks for the same fact in its own language."""
        from assistant.retrieval import to_hit

        return [to_hit(c) for c in self.reader.in_group(group, language)]

    @cached_property
    def chat(self):
        """The OpenAI-compatible chat model, when one is configured (or the one passed in)."""
        if self._chat is not None:
            return self._chat
        if not self.settings.llm_base_url:
            raise AssistantError(
                "no LLM configured: set ASSISTANT_LLM_BASE_URL (an OpenAI-compatible server, "
                "e.g. http://127.0.0.1:8080/v1) or use --composer extractive"
            )
        from assistant.compose.llm import OpenAIChatModel

        s = self.settings
        return OpenAIChatModel(s.llm_base_url, s.llm_model, s.openai_api_key, s.llm_timeout_s,
                               s.llm_max_tokens)

    def composer(self, name: str):
        """The composer called `name`."""
        if name not in COMPOSERS:
            raise AssistantError(f"unknown composer {name!r}: use one of {', '.join(COMPOSERS)}")
        if name == "extractive":
            return self.extractive
        from assistant.compose.llm import LLMComposer

        return LLMComposer(self.chat, fallback=self.extractive, embedder=self.embedder,
                           grounding=self.calibration.grounding)

    def warm_up(self) -> None:
        """Load Kiwi, the model and the index now (servers call this before taking requests).
        One after another: Kiwi's constructor holds the GIL, the index is Python work, and the
        model's OpenMP threads want both cores (beside Kiwi its first call measured several
        times slower)."""
        from ingest.text import kiwi

        kiwi().analyze("센터를 소개합니다. The center opened.")
        self.embedder.embed_query("warm up")
        _ = self.reader.generation
        self.extractive.warm_up()

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """The index's and the glossary's words (known words, respellings)."""
        return Vocabulary(self.reader, self.glossary)

    def known(self, words: list[str]) -> set[str]:
        """Those of `words` the documents or the glossary hold (see `Vocabulary.known`)."""
        return self.vocabulary.known(words)

    def respelled(self, text: str) -> str:
        """`text` in the documents' spelling (see `Vocabulary.respelled`)."""
        return self.vocabulary.respelled(text)

    def retrieve(self, question: str, *, k: int | None = None, filters: Filters | None = None,
                 mode: Mode = "hybrid") -> tuple[list[Hit], Signals]:
        """Top hits for a standalone question, and the signals for the refusal decision."""
        k = k or self.settings.top_k
        self.reader.refresh()
        asked = analyse(self.vocabulary.canonical(question))
        search = analyse(self.respelled(question))
        # Questions asked in a row ("한도가 얼마였고, 뭘 내야 하나요"): the whole question's
        # passages answer the first; each one's own passages are taken in turn with them.
        queries = [retrieval_query(a) for a in [search, *map(analyse, search.questions)]]
        found, *parts = self.retriever.retrieve_all(queries, k=k, filters=filters, mode=mode)
        signals = gather(asked, found.dense, found.keyword, found.hits, self.known,
                         lambda word, text: meets(word, text, self.glossary),
                         self.retriever.home)
        holds = [holds_asked(q) for q in search.questions]  # a "when" part's place: a dated passage
        hits = interleave([found.hits] + [p.hits for p in parts], k, holds)
        # a part's place does not take the one passage about a year the question names
        rest = [h for h in found.hits if h not in hits]
        return with_named_years(hits + rest, years_in(search.text), k), signals

    @cached_property
    def coverage(self):
        """The check of whether the evidence covers what a question asks."""
        from assistant.coverage import Coverage

        return Coverage(self.policy, self.vocabulary, self.glossary, self.reader)

    def ask(self, question: str, *, audience: str = "startup", history: Sequence[Turn] = (),
            composer: str = "extractive", filters: Filters | None = None,
            mode: Mode = "hybrid", k: int | None = None) -> Answer:
        """Answer `question` for `audience`, with citations, or refuse when not covered."""
        question = with_apostrophes(check_question(question, self.settings.max_question_chars))
        if audience not in AUDIENCES:
            raise UserInputError("audience_unknown", given=audience)
        if composer not in COMPOSERS:
            raise AssistantError(
                f"unknown composer {composer!r}: use one of {', '.join(COMPOSERS)}")
        from assistant.followup import RESTATES, resolve

        t0 = time.perf_counter()
        chat = self.chat if composer == "llm" and history else None
        turn = resolve(question, list(history), chat=chat, glossary=self.glossary)
        rewrite_ms = (time.perf_counter() - t0) * 1000
        # the sentence ranking's query texts, embedded with the retrieval's (same vectors)
        ranking = f"{self.respelled(turn.text)} {turn.said}".strip()  # what rank() embeds
        expected = self.extractive.expected_queries(
            turn.text if turn.reason == RESTATES else question, ranking)
        with self.queries.ahead(expected):
            answer = self._answer(question, turn, history, ranking, audience=audience,
                                  composer=composer, filters=filters, mode=mode, k=k)
        answer.timings_ms["rewrite_ms"] = round(rewrite_ms, 1)
        answer.timings_ms["total_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        answer.trace.timings_ms = answer.timings_ms
        return answer

    def _answer(self, question: str, turn, history: Sequence[Turn], ranking: str, *,
                audience: str, composer: str, filters: Filters | None, mode: Mode,
                k: int | None) -> Answer:
        """`ask` after the turn is resolved (`turn`: the question standing alone; `ranking`: its
        respelled text, which sentences are ranked against unless the turn is read anew)."""
        from assistant.compose import refusal_answer
        from assistant.compose.frame import uncovered_answer
        from assistant.earlier import previous_said
        from assistant.followup import RESTATES, lean

        timings: dict[str, float] = {}
        t1 = time.perf_counter()
        hits, signals = self.retrieve(turn.text, k=k, filters=filters, mode=mode)
        # A turn whose own words are all in the documents but find only weak evidence is tried
        # in the conversation's frame ("how many universities took part?" after a question
        # about a course); words the documents never use are out of scope, not an ellipsis.
        alone_weak = self.policy.weak(signals) and not signals.unknown_terms
        leaning = lean(question, list(history)) if not turn.followup and alone_weak else None
        if leaning is not None:
            framed = self.retrieve(leaning.text, k=k, filters=filters, mode=mode)
            if framed[0] and not self.policy.weak(framed[1]):
                turn, (hits, signals) = leaning, framed
                ranking = f"{self.respelled(turn.text)} {turn.said}".strip()
        standalone = turn.text
        timings["retrieve_ms"] = (time.perf_counter() - t1) * 1000
        language = detect_language(question)
        notices = [self.calibration_warning] if self.calibration_warning else []
        t2 = time.perf_counter()
        decision = self.policy.decide(signals, korean=bool(HANGUL.search(standalone))) if hits \
            else Decision("refuse", "nothing retrieved")
        # "같은 내용으로 회신 초안 써 주세요": the words choose the form; what is asked is the
        # previous question, and its sentences are found again by what that answer said.
        asked = standalone if turn.reason == RESTATES else question
        ranked = None
        if decision is ANSWER:
            said = previous_said(history[-1].answer, 4000) if turn.followup and history and \
                turn.reason != RESTATES else ""
            ranked = self.extractive.rank(asked, ranking, hits, language=language, said=said)
        decision = self.coverage.refine(standalone, decision, signals, hits, ranked,
                                        said=question if turn.followup else "")
        if decision.action == "refuse":
            answer = refusal_answer(question, language=language, audience=audience,
                                    standalone=standalone)
        elif decision.action == "uncovered":
            answer = uncovered_answer(question, language=language, audience=audience,
                                      entity=decision.entity, attribute=decision.attribute,
                                      standalone=standalone)
        elif composer == "extractive":
            answer = self.extractive.compose(asked, standalone=standalone, language=language,
                                             audience=audience, hits=hits, ranked=ranked)
            answer.question = question
        else:
            answer = self.composer(composer).compose(
                question, standalone=standalone, language=language, audience=audience, hits=hits)
        timings["compose_ms"] = (time.perf_counter() - t2) * 1000
        answer.standalone_question = standalone
        answer.timings_ms = {key: round(v, 1) for key, v in {**answer.timings_ms,
                                                               **timings}.items()}
        answer.notices[:0] = notices
        answer.trace = Trace(
            standalone=standalone, followup=turn.followup, hits=hits, signals=signals.to_json(),
            decision=decision.action if not answer.refused or decision.action != "answer"
            else "refuse", reason=decision.reason or turn.reason, timings_ms=answer.timings_ms,
        )
        return answer
