"""Embedding cache in SQLite: a text's passage vector is computed once per embedder and content.

The write path stores every chunk's vector here; `CachedEmbedder` lets the read path (and the
sentence vectors an ingest prepares for answers) share it: the same function of the same text.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
import time
from pathlib import Path

import numpy as np

from ingest.embedders import query_vectors

log = logging.getLogger(__name__)

CACHE_FILE = "embeddings.sqlite"  # in the data folder
RETRY_S = 30.0  # a cache that could not be opened is tried again after this


def text_key(text: str) -> str:
    """Cache key of a text (sha256 hex)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """(embedder identity, text hash) -> float32 vector; each batch is committed at once.
    `timeout`: seconds to wait for another process's write; `threads`: the connection may be
    used from several threads (the caller serialises the calls); `readonly`: never writes
    (the file must exist)."""

    def __init__(self, path: Path, timeout: float = 5.0, threads: bool = False,
                 readonly: bool = False) -> None:
        if readonly:
            self._db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                       timeout=timeout, check_same_thread=not threads)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=timeout, check_same_thread=not threads)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (embedder TEXT NOT NULL, key TEXT NOT NULL, "
            "vector BLOB NOT NULL, PRIMARY KEY (embedder, key))"
        )
        self._db.commit()

    def get_many(self, embedder: str, keys: list[str]) -> dict[str, np.ndarray]:
        """Vectors found for `keys` (missing keys are absent from the result)."""
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            batch = keys[start : start + 500]
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(
                f"SELECT key, vector FROM vectors WHERE embedder = ? AND key IN ({marks})",
                [embedder, *batch],
            )
            for key, blob in rows:
                found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, embedder: str, items: dict[str, np.ndarray]) -> None:
        """Store vectors in one transaction."""
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                [(embedder, k, np.asarray(v, np.float32).tobytes()) for k, v in items.items()],
            )

    def close(self) -> None:
        """Close the database."""
        self._db.close()


class CachedEmbedder:
    """An embedder whose passage vectors are read from the cache and, with `store`, stored in it
    when computed (queries pass through: each is new). The read path opens it read-only: a
    server never writes the data folder. Best effort: a cache that cannot be opened, read or
    written (no file yet, a read-only folder, another process writing) costs time, never an
    answer."""

    def __init__(self, embedder, path: Path, store: bool = True) -> None:
        self.inner = embedder
        self.identity = embedder.identity
        self._path, self._store = path, store
        self._lock = threading.Lock()
        self._cache: EmbeddingCache | None = None
        self._retry_at = 0.0  # after a failed open (no file yet: a first build), try again later

    @property
    def max_tokens(self) -> int:
        """The wrapped model's input limit."""
        return self.inner.max_tokens

    def embed_query(self, text: str) -> np.ndarray:
        """The wrapped model's query vector (not cached)."""
        return self.inner.embed_query(text)

    def embed_queries(self, texts: list[str]) -> list[np.ndarray]:
        """The wrapped model's query vectors, side by side where it can (not cached)."""
        return query_vectors(self.inner, texts)

    def count_tokens(self, text: str) -> int:
        """The wrapped model's token count."""
        return self.inner.count_tokens(text)

    def missing(self, texts: list[str]) -> list[str]:
        """Those of `texts` (once each) without a cached vector."""
        texts = list(dict.fromkeys(texts))
        found = self._get([text_key(t) for t in texts])
        return [t for t in texts if text_key(t) not in found]

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        """Passage vectors: cached ones read, the others computed in one batch and stored."""
        keys = [text_key(t) for t in texts]
        have = self._get(keys)
        todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in have}
        if todo:
            new = dict(zip(todo, self.inner.embed_passages(list(todo.values())), strict=True))
            if self._store:
                self._put(new)
            have.update(new)
        return np.stack([have[k] for k in keys])

    def _get(self, keys: list[str]) -> dict[str, np.ndarray]:
        with self._lock:
            cache = self._open()
            if cache is None:
                return {}
            try:
                return cache.get_many(self.identity, keys)
            except sqlite3.Error as exc:
                log.debug("embedding cache not read: %s", exc)
                return {}

    def _put(self, items: dict[str, np.ndarray]) -> None:
        with self._lock:
            cache = self._open()
            if cache is None:
                return
            try:
                cache.put_many(self.identity, items)
            except sqlite3.Error as exc:  # busy or read-only: the vectors are still returned
                log.debug("embedding cache not written: %s", exc)

    def _open(self) -> EmbeddingCache | None:
        if self._cache is None and time.monotonic() >= self._retry_at:
            try:
                self._cache = EmbeddingCache(self._path, timeout=0.5, threads=True,
                                             readonly=not self._store)
            except (sqlite3.Error, OSError) as exc:
                if not self._retry_at:
                    log.warning("embedding cache %s cannot be opened (%s): passages are "
                                "embedded each time", self._path, exc)
                self._retry_at = time.monotonic() + RETRY_S
        return self._cache
