"""Read side of the index: opens the generation in service and follows CURRENT when it moves."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from ingest.keyword import KeywordIndex
from ingest.models import Chunk
from ingest.store import (
    Generations,
    check_embedder,
    chroma_client,
    read_chunks,
    read_manifest,
    require_current,
)


class IndexReader:
    """Dense (Chroma) and keyword (bm25s) search over the current generation, plus chunk lookup."""

    def __init__(self, data_dir: Path, chroma: str, embedder_identity: str) -> None:
        self.data_dir = data_dir
        self.chroma = chroma
        self.embedder_identity = embedder_identity
        self.generations = Generations(data_dir / "index")
        self._generation: str | None = None
        self._lock = threading.Lock()

    def _ensure(self) -> None:
        """(Re)open the generation CURRENT names, if it changed since the last call."""
        name = self.generations.current()
        if name == self._generation and name is not None:
            return
        with self._lock:
            folder = require_current(self.generations, self.data_dir)
            manifest = read_manifest(folder)
            check_embedder(manifest, self.embedder_identity, self.data_dir)
            client = chroma_client(self.chroma, folder / "chroma")
            self._collection = client.get_collection(manifest["collection"])
            self._keyword = KeywordIndex.load(folder / "keyword")
            self._chunks = {c.chunk_id: c for c in read_chunks(folder)}
            self.manifest = manifest
            self._generation = folder.name

    @property
    def generation(self) -> str:
        """Name of the generation being read."""
        self._ensure()
        return self._generation or ""

    def chunk(self, chunk_id: str) -> Chunk:
        """The chunk record with this id."""
        self._ensure()
        return self._chunks[chunk_id]

    def chunks(self) -> list[Chunk]:
        """Every chunk of the generation."""
        self._ensure()
        return list(self._chunks.values())

    def dense(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Best `k` (chunk id, cosine similarity) for a query vector."""
        self._ensure()
        n = min(k, len(self._chunks))
        if n == 0:
            return []
        res = self._collection.query(query_embeddings=[vector], n_results=n, include=["distances"])
        return [(cid, 1.0 - float(d)) for cid, d in zip(res["ids"][0], res["distances"][0],
                                                          strict=True)]

    def keyword(self, query: str, k: int) -> list[tuple[str, float]]:
        """Best `k` (chunk id, BM25 score) for a query."""
        self._ensure()
        return self._keyword.search(query, k)

    def known_terms(self, tokens: list[str]) -> list[str]:
        """Those of `tokens` that occur anywhere in the indexed text."""
        self._ensure()
        retriever = self._keyword._retriever
        vocab = retriever.vocab_dict if retriever is not None else {}
        return [t for t in tokens if t in vocab]
