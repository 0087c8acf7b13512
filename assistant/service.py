"""The core every interface calls: question (+ history) -> retrieval -> refusal or cited answer."""

from __future__ import annotations

import time
from collections.abc import Sequence
from functools import cached_property

from assistant.index import IndexReader
from assistant.language import detect_language
from assistant.models import Answer, Hit, Trace, Turn
from assistant.refusal import RefusalPolicy, Signals, gather, salient_terms
from assistant.retrieval import Filters, HybridRetriever, Mode
from assistant.settings import Settings
from ingest.embedders import Embedder, make_embedder
from ingest.errors import AssistantError
from ingest.keyword import HANGUL, LATIN, latin_word

AUDIENCES = ("startup", "citizen", "staff")
COMPOSERS = ("extractive", "llm")


class Assistant:
    """Answers questions over the index; heavy parts (model, index) load on first use."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None,
                 policy: RefusalPolicy | None = None) -> None:
        self.settings = settings
        self._embedder = embedder
        self.policy = policy or RefusalPolicy()

    @cached_property
    def embedder(self) -> Embedder:
        """The configured embedder (the one the index was built with)."""
        return self._embedder or make_embedder(self.settings.embedder,
                                               self.settings.openai_api_key)

    @cached_property
    def reader(self) -> IndexReader:
        """Reader of the index generation in service."""
        return IndexReader(self.settings.data_dir, self.settings.chroma, self.embedder.identity)

    @cached_property
    def glossary(self):
        """Korean-English glossary, or None when the file is absent."""
        from assistant.glossary import Glossary

        path = self.settings.glossary_path
        return Glossary.load(path) if path.is_file() else None

    @cached_property
    def glossary_words(self) -> set[str]:
        """Every word of the glossary's English forms, spelled as the keyword index spells it."""
        if self.glossary is None:
            return set()
        words = {latin_word(w) for term in self.glossary.terms for form in term.en_forms
                 for w in LATIN.findall(form.lower())}
        return {w for w in words if w}

    @cached_property
    def retriever(self) -> HybridRetriever:
        """Hybrid retriever over the index."""
        return HybridRetriever(self.reader, self.embedder, self.glossary)

    @cached_property
    def extractive(self):
        """The default composer: quotes source sentences, needs no LLM."""
        from assistant.compose.extractive import ExtractiveComposer

        return ExtractiveComposer(embedder=self.embedder, glossary=self.glossary)

    @cached_property
    def chat(self):
        """The OpenAI-compatible chat model, when one is configured."""
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

        return LLMComposer(self.chat, fallback=self.extractive, embedder=self.embedder)

    def warm_up(self) -> None:
        """Load the model and the index now (servers call this before taking requests)."""
        self.embedder.embed_query("warm up")
        _ = self.reader.generation
        self.extractive.warm_up()

    def retrieve(self, question: str, *, k: int | None = None, filters: Filters | None = None,
                 mode: Mode = "hybrid") -> tuple[list[Hit], Signals]:
        """Top hits for a standalone question, and the signals for the refusal decision."""
        k = k or self.settings.top_k
        self.reader.refresh()
        found = self.retriever.retrieve(question, k=k, filters=filters, mode=mode)
        hits, dense, keyword = found.hits, found.dense, found.keyword
        terms = salient_terms(question)
        known = set(self.reader.known_terms(terms))
        if self.glossary is not None:  # words of the glossary belong to the domain
            known |= {t for t in terms if t in self.glossary_words or self.glossary.expand(t)}
        signals = gather(question, dense, keyword, hits, known, terms)
        return hits, signals

    def ask(self, question: str, *, audience: str = "startup", history: Sequence[Turn] = (),
            composer: str = "extractive", filters: Filters | None = None,
            mode: Mode = "hybrid", k: int | None = None) -> Answer:
        """Answer `question` for `audience`, with citations, or refuse when not covered."""
        question = question.strip()
        if not question:
            raise AssistantError("the question is empty: type a question in Korean or English")
        if audience not in AUDIENCES:
            raise AssistantError(f"unknown audience {audience!r}: use {', '.join(AUDIENCES)}")
        from assistant.compose import refusal_answer
        from assistant.followup import make_standalone

        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        chat = self.chat if composer == "llm" and history else None
        standalone = make_standalone(question, list(history), chat=chat) if history else question
        timings["rewrite_ms"] = (time.perf_counter() - t0) * 1000
        t1 = time.perf_counter()
        hits, signals = self.retrieve(standalone, k=k, filters=filters, mode=mode)
        timings["retrieve_ms"] = (time.perf_counter() - t1) * 1000
        language = detect_language(question)
        t2 = time.perf_counter()
        if not hits or self.policy.refuse(signals, korean=bool(HANGUL.search(standalone))):
            answer = refusal_answer(question, language=language, audience=audience)
        else:
            answer = self.composer(composer).compose(
                question, standalone=standalone, language=language, audience=audience, hits=hits
            )
        timings["compose_ms"] = (time.perf_counter() - t2) * 1000
        timings["total_ms"] = (time.perf_counter() - t0) * 1000
        answer.standalone_question = standalone
        answer.timings_ms = {key: round(v, 1) for key, v in timings.items()}
        answer.trace = Trace(
            standalone=standalone, followup=standalone != question, hits=hits,
            signals=signals.to_json(), decision="refuse" if answer.refused else "answer",
            timings_ms=answer.timings_ms,
        )
        return answer
