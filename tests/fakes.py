"""Test doubles: only the LLM is faked (it cannot run offline); everything else is real."""

from __future__ import annotations

from collections.abc import Iterator


class FakeChatModel:
    """Replays queued replies (an Exception instance is raised instead) and records prompts."""

    def __init__(self, replies: list[str | Exception] | None = None, pieces: int = 3) -> None:
        self.replies = list(replies or [])
        self.pieces = pieces
        self.seen: list[list[tuple[str, str]]] = []

    def _next(self, messages) -> str:
        self.seen.append(list(messages))
        if not self.replies:
            raise AssertionError("FakeChatModel has no queued reply left")
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return reply

    def invoke(self, messages) -> str:
        return self._next(messages)

    def stream(self, messages) -> Iterator[str]:
        reply = self._next(messages)
        size = max(1, -(-len(reply) // self.pieces))
        for start in range(0, len(reply), size):
            yield reply[start : start + size]

    @property
    def last_prompt(self) -> str:
        return "\n".join(content for _, content in self.seen[-1])
