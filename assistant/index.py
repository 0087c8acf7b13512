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
from ingest.text import HANGUL


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
        """Open the generation CURRENT names, on first use."""
        if self._generation is None:
            self.refresh()

    def refresh(self) -> None:
        """Follow CURRENT if an ingest published a new generation (called once per question, so
        all lookups of one question see one generation)."""
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

    def count(self) -> int:
        """Vectors in the served collection (asks Chroma: fails when Chroma is unreachable)."""
        self._ensure()
        return int(self._collection.count())

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
        """Those of `tokens` that occur in the indexed text, or are a one-letter typo of a
        frequent indexed word ("센타" for "센터", "데이타" for "데이터")."""
        self._ensure()
        retriever = self._keyword._retriever
        if retriever is None:
            return []
        vocab = retriever.vocab_dict
        known = [t for t in tokens if t in vocab]
        for term in tokens:
            if term not in vocab and len(term) >= (2 if HANGUL.match(term) else 5):
                if any(_is_typo(term, w) for w in self._frequent_words()):
                    known.append(term)
        return known

    def _frequent_words(self, min_df: int = 3) -> list[str]:
        """Indexed words found in at least `min_df` chunks (cached per generation)."""
        cached = getattr(self, "_frequent", None)
        if cached is not None and cached[0] == self._generation:
            return cached[1]
        retriever = self._keyword._retriever
        df = np.diff(np.asarray(retriever.scores["indptr"]))
        words = [w for w, i in retriever.vocab_dict.items() if i < len(df) and df[i] >= min_df]
        self._frequent = (self._generation, words)
        return words


def _hangul_parts(ch: str) -> tuple[int, int, int]:
    """(initial, vowel, final) jamo indexes of a Hangul syllable."""
    code = ord(ch) - 0xAC00
    return code // 588, (code % 588) // 28, code % 28


def _is_typo(term: str, word: str) -> bool:
    """A common one-letter typo: a Hangul vowel swapped (센타/센터), or one Latin letter
    added, dropped or changed (dataa/data)."""
    if HANGUL.match(term):
        if len(term) != len(word) or not HANGUL.match(word):
            return False
        diff = [(a, b) for a, b in zip(term, word, strict=True) if a != b]
        if len(diff) != 1 or not all(HANGUL.match(c) for c in diff[0]):
            return False
        (ai, _, af), (bi, _, bf) = map(_hangul_parts, diff[0])
        return ai == bi and af == bf
    if abs(len(term) - len(word)) > 1 or HANGUL.search(word):
        return False
    if len(term) == len(word):
        return sum(a != b for a, b in zip(term, word, strict=True)) == 1
    short, long_ = sorted((term, word), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
