"""Cosine search over a generation's vectors: exact with numpy (embedded mode) or approximate
in a Chroma server collection (server mode); `assistant.index.IndexReader` picks one."""

from __future__ import annotations

from functools import cached_property

import numpy as np

from ingest.embedders import blas_threads
from ingest.generations import unreachable


def _unit_query(vector: np.ndarray) -> np.ndarray:
    """`vector` as float32 of length 1 (a zero vector as it is)."""
    query = np.asarray(vector, dtype=np.float32)
    return query / (np.linalg.norm(query) or 1.0)


class Vectors:
    """Exact cosine search over a generation's vectors (embedded mode)."""

    def __init__(self, ids: list[str], vectors: np.ndarray) -> None:
        self.ids = ids
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        self._unit = vectors / np.where(norms == 0, 1.0, norms)

    def count(self) -> int:
        """Vectors held."""
        return len(self.ids)

    @cached_property
    def _rows(self) -> dict[str, int]:
        """Each chunk id's row (built on the first `cosines`)."""
        return {cid: i for i, cid in enumerate(self.ids)}

    def cosines(self, vector: np.ndarray, ids: list[str]) -> list[float]:
        """Cosine similarity of `vector` with each of the chunks `ids`."""
        sims = self._unit[[self._rows[cid] for cid in ids]] @ _unit_query(vector)
        return [float(s) for s in sims]

    def search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Best `k` (chunk id, cosine similarity)."""
        with blas_threads(len(self.ids)):
            sims = self._unit @ _unit_query(vector)
        # the best k only: a full sort of 100k scores took 10 ms
        top = np.argpartition(-sims, k - 1)[:k] if k < len(sims) else np.arange(len(sims))
        best = top[np.argsort(-sims[top], kind="stable")]
        return [(self.ids[i], float(sims[i])) for i in best]


class ServerVectors:
    """Approximate cosine search in a Chroma server collection (server mode)."""

    def __init__(self, collection, chroma: str) -> None:
        self._collection = collection
        self._chroma = chroma

    def count(self) -> int:
        """Vectors in the collection (asks the server: fails when it is unreachable)."""
        try:
            return int(self._collection.count())
        except Exception as exc:
            raise unreachable(self._chroma, exc) from exc

    def cosines(self, vector: np.ndarray, ids: list[str]) -> list[float]:
        """Cosine similarity of `vector` with each of the chunks `ids`."""
        try:
            res = self._collection.get(ids=list(ids), include=["embeddings"])
        except Exception as exc:
            raise unreachable(self._chroma, exc) from exc
        stored = dict(zip(res["ids"], np.asarray(res["embeddings"], dtype=np.float32),
                          strict=True))
        query = _unit_query(vector)
        return [float(_unit_query(stored[cid]) @ query) for cid in ids]

    def search(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Best `k` (chunk id, cosine similarity)."""
        try:
            res = self._collection.query(query_embeddings=[vector], n_results=k,
                                         include=["distances"])
        except Exception as exc:
            raise unreachable(self._chroma, exc) from exc
        return [(cid, 1.0 - float(d)) for cid, d in zip(res["ids"][0], res["distances"][0],
                                                          strict=True)]
