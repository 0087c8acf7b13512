"""What an ingest takes over from the generation in service, so its cost follows the change.

An unchanged file keeps its chunk records; a chunk whose embedded text (title, section and
text: `Chunk.context_text`) is the same keeps its vector (read from the served `vectors.npy`)
and its keyword tokens (read from the served `tokens.jsonl`), so only new text is embedded and
cut into Kiwi morphemes. Anything not found here comes from the embedding cache or is computed.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ingest.cache import text_key
from ingest.keyword import tokenize_many
from ingest.models import Chunk


class Reused:
    """Vectors and keyword tokens of the served generation, by text key (sha256 of the text)."""

    def __init__(self, keys: list[str], vectors: np.ndarray | None,
                 tokens: list[list[str]] | None) -> None:
        self._row = {key: i for i, key in enumerate(keys)}
        self._vectors = vectors
        self._tokens = tokens
        self._made: dict[str, list[str]] = {}  # tokenized during this run

    @classmethod
    def empty(cls) -> Reused:
        """Nothing to take over (first ingest, or a rebuild)."""
        return cls([], None, None)

    @classmethod
    def of(cls, folder: Path, chunks: list[Chunk], tokens: bool = True) -> Reused:
        """The served generation in `folder`, whose chunk records are `chunks` (its vectors are
        memory-mapped; a missing or unreadable part is simply not reused, nor its keyword
        tokens when `tokens` is False: they were cut by another version of the tokenizer)."""
        keys = [text_key(c.context_text) for c in chunks]
        try:
            vectors = np.load(folder / "vectors.npy", mmap_mode="r", allow_pickle=False)
            if vectors.ndim != 2 or vectors.shape[0] != len(keys):
                vectors = None
        except (OSError, ValueError):
            vectors = None
        return cls(keys, vectors, read_tokens(folder, len(keys)) if tokens else None)

    def vector(self, key: str) -> np.ndarray | None:
        """The served vector of this text, if there is one."""
        row = self._row.get(key)
        if row is None or self._vectors is None:
            return None
        return np.asarray(self._vectors[row], dtype=np.float32)

    def tokens(self, key: str) -> list[str] | None:
        """The served keyword tokens of this text, if there are some."""
        row = self._row.get(key)
        if row is None or self._tokens is None:
            return self._made.get(key)
        return self._tokens[row]

    def remember(self, key: str, tokens: list[str]) -> None:
        """Keep tokens computed in this run (a run that publishes in steps reuses them)."""
        self._made[key] = tokens


def keyword_tokens(chunks: list[Chunk], reused: Reused) -> list[list[str]]:
    """Keyword tokens of every chunk: reused where the text is unchanged, else tokenized."""
    keys = [text_key(chunk.context_text) for chunk in chunks]
    out = [reused.tokens(key) for key in keys]
    todo = [i for i, tokens in enumerate(out) if tokens is None]
    for i, tokens in zip(todo, tokenize_many([chunks[i].context_text for i in todo]),
                         strict=True):
        reused.remember(keys[i], tokens)
        out[i] = tokens
    return out


def write_tokens(folder: Path, tokens: list[list[str]]) -> None:
    """`tokens.jsonl`: one JSON list of keyword tokens per chunk, in index order."""
    with open(folder / "tokens.jsonl", "w", encoding="utf-8") as fh:
        for row in tokens:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def read_tokens(folder: Path, rows: int) -> list[list[str]] | None:
    """The tokens written by `write_tokens`, or None when absent, damaged or of another size."""
    try:
        with open(folder / "tokens.jsonl", encoding="utf-8") as fh:
            tokens = [json.loads(line) for line in fh if line.strip()]
    except (OSError, ValueError):
        return None
    return tokens if len(tokens) == rows else None
