"""Read side of the index: opens the generation in service and follows it when it moves.

Embedded mode reads the generation folder only (chunk records, `vectors.npy` searched with
numpy, the bm25s keyword index), after checking the manifest's checksums; it never writes, so a
read-only or full data directory serves as well. Server mode never touches the local folder:
each refresh reads the pointer record in Chroma (see ingest.generations) and, when the served
generation changed, rebuilds the chunk map and the keyword index from that generation's
collection, so every replica serves the same generation without sharing a disk.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.vectors import ServerVectors, Vectors
from ingest.errors import IndexCorruptError, IndexMissingError
from ingest.keyword import KeywordIndex, latin_word
from ingest.models import Chunk
from ingest.store import (
    REPAIR,
    Generations,
    check_embedder,
    corrupt,
    read_chunks,
    read_collection,
    read_keyword,
    read_manifest,
    read_vectors,
    require_current,
    verify_generation,
)
from ingest.text import HANGUL
from ingest.typos import TypoIndex, is_typo
from ingest.words import english_stem

LATIN_ONLY = re.compile(r"[a-z]+")  # an English word token (no digits, no Hangul)


@dataclass
class _View:
    """Everything read from one generation; replaced whole, so a question sees one generation."""

    name: str
    manifest: dict[str, Any]
    chunks: dict[str, Chunk]
    keyword: KeywordIndex
    vectors: Vectors | ServerVectors


class IndexReader:
    """Dense and keyword (bm25s) search over the current generation, plus chunk lookup."""

    def __init__(self, data_dir: Path, chroma: str, embedder_identity: str,
                 collection: str = "pohang") -> None:
        self.data_dir = data_dir
        self.chroma = chroma
        self.embedder_identity = embedder_identity
        self.generations = Generations(data_dir / "index", chroma, collection)
        self._view: _View | None = None
        self._lock = threading.Lock()

    def _ensure(self) -> _View:
        """The generation being read, opened on first use."""
        if self._view is None:
            self.refresh()
        assert self._view is not None
        return self._view

    def refresh(self) -> None:
        """Follow the pointer if an ingest published a new generation (called once per
        question, so all lookups of one question see one generation)."""
        name = self.generations.current()
        if self._view is not None and name == self._view.name:
            return
        with self._lock:
            self._view = self._open_server() if self.chroma else self._open_local()

    def _open_local(self) -> _View:
        folder = require_current(self.generations, self.data_dir)
        problems = verify_generation(folder)
        if problems:
            raise IndexCorruptError(f"the index in {self.data_dir} is damaged: {problems[0]}: "
                                    f"{REPAIR}")
        manifest = read_manifest(folder)
        check_embedder(manifest, self.embedder_identity, self.data_dir)
        chunks = read_chunks(folder)
        if len(chunks) != manifest["chunks"]:
            raise corrupt(folder, f"chunks.jsonl holds {len(chunks)} of {manifest['chunks']}")
        ids = [c.chunk_id for c in chunks]
        vectors = Vectors(ids, read_vectors(folder, len(ids)))
        keyword = read_keyword(folder, len(ids))
        return _View(folder.name, manifest, {c.chunk_id: c for c in chunks}, keyword, vectors)

    def _open_server(self) -> _View:
        record = self.generations.pointer(with_manifest=True)
        if record is None:
            raise IndexMissingError(
                f"no index on the Chroma server {self.chroma} (collection prefix "
                f"{self.generations.collection!r}): run `assistant ingest` with ASSISTANT_CHROMA "
                "set to this server"
            )
        manifest = record["manifest"]
        check_embedder(manifest, self.embedder_identity, self.data_dir)
        try:
            collection = self.generations.client().get_collection(manifest["collection"])
            chunks = read_collection(collection)
        except Exception as exc:
            raise IndexCorruptError(
                f"the served generation {record['generation']} on {self.chroma} cannot be read "
                f"(collection {manifest['collection']}: {exc}): {REPAIR}"
            ) from None
        if len(chunks) != manifest["chunks"]:
            raise IndexCorruptError(
                f"the served generation {record['generation']} on {self.chroma} holds "
                f"{len(chunks)} of {manifest['chunks']} chunks: {REPAIR}")
        keyword = KeywordIndex.build([c.chunk_id for c in chunks],
                                     [c.context_text for c in chunks])
        return _View(str(record["generation"]), manifest, {c.chunk_id: c for c in chunks},
                     keyword, ServerVectors(collection, self.chroma))

    @property
    def manifest(self) -> dict[str, Any]:
        """Manifest of the generation being read (its files, config, embedder, checksums)."""
        return self._ensure().manifest

    @property
    def _keyword(self) -> KeywordIndex:
        return self._ensure().keyword

    @property
    def _collection(self) -> Vectors | ServerVectors:
        return self._ensure().vectors

    @property
    def generation(self) -> str:
        """Name of the generation being read."""
        return self._ensure().name

    def chunk(self, chunk_id: str) -> Chunk:
        """The chunk record with this id."""
        return self._ensure().chunks[chunk_id]

    def chunks(self) -> list[Chunk]:
        """Every chunk of the generation."""
        return list(self._ensure().chunks.values())

    def in_group(self, group: str, language: str) -> list[Chunk]:
        """The chunks of a document group (the versions of one document) in `language`, filed
        once per generation (an answer looks here for the same fact in its own language)."""
        view = self._ensure()
        cached = getattr(self, "_groups", None)
        if cached is None or cached[0] is not view:
            groups: dict[tuple[str, str], list[Chunk]] = {}
            for c in view.chunks.values():
                key = (str(c.metadata.get("doc_group") or ""), str(c.metadata.get("language")))
                groups.setdefault(key, []).append(c)
            cached = self._groups = (view, groups)
        return cached[1].get((group, language), []) if group else []

    def count(self) -> int:
        """Vectors searched (server mode asks Chroma: fails when it is unreachable)."""
        return self._ensure().vectors.count()

    def dense(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Best `k` (chunk id, cosine similarity) for a query vector."""
        view = self._ensure()
        n = min(k, len(view.chunks))
        return view.vectors.search(vector, n) if n else []

    def cosines(self, vector: np.ndarray, ids: list[str]) -> list[float]:
        """Cosine similarity of a query vector with each of the chunks `ids`."""
        return self._ensure().vectors.cosines(vector, ids) if ids else []

    def keyword(self, query: str, k: int) -> list[tuple[str, float]]:
        """Best `k` (chunk id, BM25 score) for a query."""
        return self._ensure().keyword.search(query, k)

    def known_terms(self, tokens: list[str]) -> list[str]:
        """Those of `tokens` that occur in the indexed text, are another inflection of an
        indexed English word ("book" for "booking", "needed" for "need"), or are a one-letter
        typo of a frequent indexed word ("센타" for "센터", "데이타" for "데이터")."""
        retriever = self._ensure().keyword._retriever
        if retriever is None:
            return []
        vocab = retriever.vocab_dict
        known = [t for t in tokens if t in vocab]
        for term in tokens:
            if term in vocab:
                continue
            if LATIN_ONLY.fullmatch(term) and len(term) >= 4 and (
                    english_stem(term) in self._stems()):
                known.append(term)
            elif len(term) >= (2 if HANGUL.match(term) else 5) and self._typos().near(term):
                known.append(term)
        return known

    def spelled_like(self, term: str) -> bool:
        """Whether `term` (5 letters or more) is a one-letter typo of any indexed word, however
        rare (a scan of the vocabulary: for a decision, not for every word of a question)."""
        retriever = self._ensure().keyword._retriever
        if retriever is None or len(term) < 5:
            return False
        return any(is_typo(term, w) for w in retriever.vocab_dict if abs(len(w) - len(term)) <= 1)

    def respellings(self, words: list[str], glossary: TypoIndex | None = None
                    ) -> dict[str, str]:
        """For each English word (lower-case, 5 letters or more) the index does not hold, even
        as another inflection, the most frequent indexed word (or `glossary` word) it is a
        one-letter typo of ("brokr" -> "broker"); others are left out. Short words are more
        often other words than typos ("night", "spend", "kdata"): a changed letter needs 6
        letters, an extra one 7."""
        retriever = self._ensure().keyword._retriever
        if retriever is None:
            return {}
        vocab, frequent, out = retriever.vocab_dict, self._typos(), {}
        glossary = glossary or TypoIndex(())
        for word in words:
            stem = english_stem(word)  # an inflection of a known word is no typo
            if (not LATIN_ONLY.fullmatch(word) or len(word) < 5 or word in vocab
                    or word in glossary.words or (latin_word(word) or "") in vocab
                    or stem in self._stems() or stem in glossary.stems):
                continue
            near = [w for w in frequent.near(word) + glossary.near(word) if LATIN_ONLY.fullmatch(w)
                    and len(word) >= 5 + (len(w) <= len(word)) + (len(w) < len(word))]
            if near:
                out[word] = max(near, key=lambda w: (frequent.counts.get(w, 0), w))
        return out

    def _stems(self) -> set[str]:
        """Light stems of the indexed English words (cached per generation)."""
        view = self._ensure()
        cached = getattr(self, "_stem_set", None)
        if cached is not None and cached[0] is view:
            return cached[1]
        stems = {english_stem(w) for w in view.keyword._retriever.vocab_dict
                 if LATIN_ONLY.fullmatch(w) and len(w) >= 3}  # "run" for "running"
        self._stem_set = (view, stems)
        return stems

    def _typos(self) -> TypoIndex:
        """The indexed words found in 3 chunks or more, with their chunk counts, filed for typo
        lookups (cached per generation)."""
        view = self._ensure()
        cached = getattr(self, "_typo_index", None)
        if cached is None or cached[0] is not view:
            retriever = view.keyword._retriever
            df = np.diff(np.asarray(retriever.scores["indptr"]))
            counts = {w: int(df[i]) for w, i in retriever.vocab_dict.items()
                      if i < len(df) and df[i] >= 3}
            cached = self._typo_index = (view, TypoIndex(counts, counts))
        return cached[1]
