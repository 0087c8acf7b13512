"""Optional LLM composer: any OpenAI-compatible chat server through langchain-openai's ChatOpenAI.

Sources go to the model as numbered, delimited data (`<source n=...>`) without their
instruction-like sentences (`assistant.compose.safety`), prompts come from `prompts/`, and every
answer passes the grounding check; a question that itself addresses the model or asks for
secrets is answered by the extractive composer without calling the model; a server that is
down, slow or ungrounded yields the extractive answer with a notice instead of an error.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import replace
from functools import cached_property
from typing import Protocol

from assistant.calibration import GroundingValues, default_calibration
from assistant.citations import (
    SourceUse,
    check_consistency,
    markers_in,
    number_sources,
    renumber,
    strip_markers,
)
from assistant.compose.extractive import MAX_HITS, ExtractiveComposer
from assistant.compose.frame import frame, refusal_answer
from assistant.compose.grounding import GroundingResult, check_grounding
from assistant.compose.safety import is_instruction, safe_text
from assistant.models import Answer, Hit
from assistant.prompts import render
from ingest.errors import AssistantError
from ingest.text import doc_year

Messages = list[tuple[str, str]]
_DELIMITER = re.compile(r"<\s*(/?)\s*source", re.I)
_LANGUAGE = {"ko": "Korean (한국어)", "en": "English"}


class LLMUnavailableError(AssistantError):
    """The chat server could not be reached, timed out or answered with an error."""


class ChatModel(Protocol):
    """What the composer needs from a chat model: a reply, whole or in pieces."""

    def invoke(self, messages: Messages) -> str:
        """The model's reply to `messages` ((role, content) pairs)."""

    def stream(self, messages: Messages) -> Iterator[str]:
        """The model's reply to `messages`, as text deltas."""


class OpenAIChatModel:
    """An OpenAI-compatible chat server (vLLM, Ollama, llama.cpp server, hosted APIs)."""

    def __init__(
        self, base_url: str, model: str, api_key: str = "not-needed", timeout_s: float = 30.0,
        max_tokens: int = 512,
    ) -> None:
        self.base_url, self.model, self.api_key = base_url, model, api_key
        self.timeout_s, self.max_tokens = timeout_s, max_tokens

    @cached_property
    def _chat(self):
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            base_url=self.base_url, model=self.model, api_key=self.api_key,
            timeout=self.timeout_s, max_retries=0, temperature=0, max_tokens=self.max_tokens,
        )

    def _error(self, exc: Exception) -> LLMUnavailableError:
        return LLMUnavailableError(
            f"chat server {self.base_url} (model {self.model}) failed: "
            f"{type(exc).__name__}: {exc}"
        )

    def invoke(self, messages: Messages) -> str:
        """The whole reply (raises LLMUnavailableError when the server fails)."""
        try:
            return str(self._chat.invoke(messages).content)
        except Exception as exc:
            raise self._error(exc) from exc

    def stream(self, messages: Messages) -> Iterator[str]:
        """Text deltas of the reply; the whole stream must end within `timeout_s` (raises
        LLMUnavailableError when the server fails or is too slow)."""
        deadline = time.monotonic() + self.timeout_s
        try:
            for chunk in self._chat.stream(messages):
                if chunk.content:
                    yield str(chunk.content)
                if time.monotonic() > deadline:
                    raise TimeoutError(f"reply not finished within {self.timeout_s:g} s")
        except Exception as exc:
            raise self._error(exc) from exc


def _neutral(text: str) -> str:
    """`text` with anything that looks like a source delimiter defused."""
    return _DELIMITER.sub(lambda m: f"‹{m.group(1)}source", text).replace("</", "‹/")


def _attribute(text: str) -> str:
    return _neutral(text).replace('"', "'").replace("\n", " ").replace(">", "›")


def format_sources(hits: list[Hit]) -> str:
    """Hits as numbered `<source n="..">` blocks; delimiter look-alikes inside are neutralised."""
    blocks = []
    for n, hit in enumerate(hits, 1):
        attrs = f'n="{n}" title="{_attribute(hit.title)}"'
        if hit.section:
            attrs += f' section="{_attribute(hit.section)}"'
        year = doc_year(hit.metadata)
        if year:
            attrs += f' year="{year}"'
        blocks.append(f"<source {attrs}>\n{_neutral(hit.text.strip())}\n</source>")
    return "\n\n".join(blocks)


class LLMComposer:
    """Writes the answer with a chat model, then keeps only the sentences the sources support."""

    def __init__(
        self,
        chat: ChatModel,
        fallback: ExtractiveComposer,
        embedder=None,
        grounding: GroundingValues | None = None,
        glossary=None,
        max_hits: int = 5,
    ) -> None:
        self.chat, self.fallback, self.embedder = chat, fallback, embedder
        self.grounding = grounding or default_calibration().grounding
        self.glossary = glossary if glossary is not None else fallback.selector.glossary
        self.max_hits = max_hits

    def messages(self, question: str, *, language: str, audience: str, hits: list[Hit]) -> Messages:
        """The system and user messages for one question (both from `prompts/`)."""
        name = _LANGUAGE[language]
        system = render(
            "llm_system", answer_language=name, audience_guide=render(f"llm_audience_{audience}")
        )
        user = render(
            "llm_user", question=_neutral(question), sources=format_sources(hits),
            answer_language=name,
        )
        return [("system", system), ("human", user)]

    def compose(
        self, question: str, *, standalone: str, language, audience, hits: list[Hit]
    ) -> Answer:
        """A grounded LLM answer, or the extractive answer with a notice when that fails."""
        answer = None
        for item in self._run(question, standalone, language, audience, hits, streaming=False):
            if isinstance(item, Answer):
                answer = item
        assert answer is not None
        return answer

    def stream_answer(
        self, question: str, *, standalone: str, language, audience, hits: list[Hit]
    ) -> Iterator[str | Answer]:
        """Text deltas as the model writes, then the final checked Answer (authoritative)."""
        yield from self._run(question, standalone, language, audience, hits, streaming=True)

    def _run(self, question, standalone, language, audience, hits, *, streaming: bool):
        args = dict(standalone=standalone, language=language, audience=audience, hits=hits)
        hits = [replace(h, text=safe_text(h.text)) for h in hits[: self.max_hits]]
        if not hits:
            yield refusal_answer(question, language=language, audience=audience,
                                 standalone=standalone)
            return
        if is_instruction(question) or is_instruction(standalone or question):
            yield self.fallback.compose(question, **args)  # the model never reads it
            return
        ranked = self.fallback.rank(question, standalone, args["hits"][:MAX_HITS],
                                    language=language)
        if self.fallback.disagreement(ranked, args["hits"]):  # quoted side by side, not merged
            answer = self.fallback.compose(question, **args, ranked=ranked)
            answer.notices.append(render(f"notice_llm_conflict_{language}").strip())
            yield answer
            return
        messages = self.messages(standalone or question, language=language, audience=audience,
                                 hits=hits)
        started = time.perf_counter()
        try:
            if streaming:
                pieces = []
                for delta in self.chat.stream(messages):
                    pieces.append(delta)
                    yield delta
                raw = "".join(pieces)
            else:
                raw = self.chat.invoke(messages)
        except Exception as exc:  # server down, timeout, bad reply: never a stack trace
            answer = self.fallback.compose(question, **args)
            answer.notices.append(
                render(f"notice_llm_unavailable_{language}", reason=_short(exc)).strip()
            )
            yield answer
            return
        llm_ms = (time.perf_counter() - started) * 1000
        answer = self._finish(question, raw, args, hits, private=[messages[0][1]])
        answer.timings_ms["llm_ms"] = llm_ms
        yield answer

    def _finish(self, question: str, raw: str, args: dict, hits: list[Hit],
                private: list[str] | None = None) -> Answer:
        """Ground the reply, number its sources and frame it; extractive if nothing survives.
        No sentence may repeat a `private` text (the system prompt)."""
        language, audience = args["language"], args["audience"]
        result = check_grounding(
            raw, {n: h.text for n, h in enumerate(hits, 1)}, embedder=self.embedder,
            glossary=self.glossary, values=self.grounding, private=private or (),
        )
        if not result.kept:
            answer = self.fallback.compose(question, **args)
            answer.notices.append(render(f"notice_ungrounded_{language}").strip())
            return answer
        body, citations = _renumbered(result, hits)
        text = frame(
            body, language=language, audience=audience, citations=citations,
            hits=[hits[n - 1] for n in dict.fromkeys(m for c in result.kept for m in c.markers)],
            evidence_languages=[language],
        )
        answer = Answer(
            question=question, language=language, audience=audience, text=text,
            citations=citations, standalone_question=args["standalone"] or question,
        )
        if result.removed:
            answer.notices.append(
                render(f"notice_removed_{language}", count=len(result.removed)).strip()
            )
        check_consistency(answer)
        return answer


def _renumbered(result: GroundingResult, hits: list[Hit]):
    """Kept sentences with markers renumbered in order of first use, and their citations."""
    uses, olds = [], []
    for checked in result.kept:
        for old in dict.fromkeys(markers_in(checked.text)):
            uses.append(SourceUse(hits[old - 1], strip_markers(checked.text)))
            olds.append(old)
    numbers, citations = number_sources(uses)
    mapping = dict(zip(olds, numbers, strict=True))
    body = "\n".join(renumber(c.text, mapping) for c in result.kept)
    return body, citations


def _short(exc: Exception) -> str:
    text = f"{type(exc).__name__}: {exc}" if not isinstance(exc, AssistantError) else str(exc)
    return text.splitlines()[0][:200] if text else type(exc).__name__
