"""Answer composition: the `Composer` interface, the extractive and LLM composers, refusals."""

from __future__ import annotations

from typing import Protocol

from assistant.compose.frame import refusal_answer
from assistant.models import Answer, Audience, Hit, Language

__all__ = ["Composer", "refusal_answer"]


class Composer(Protocol):
    """Turns the retrieved hits into a cited Answer in the question's language."""

    def compose(
        self,
        question: str,
        *,
        standalone: str,
        language: Language,
        audience: Audience,
        hits: list[Hit],
    ) -> Answer:
        """Compose the answer to `question` (already made standalone) from `hits`."""
        ...
