"""The embedded Chroma collection, kept in step with the served generation by changes only.

In embedded mode the generations (ingest.store) are what readers search; Chroma holds the same
chunks in one persistent collection at `index/chroma/` (for tools that read Chroma, and as the
store a move to a Chroma server starts from). After each publish it is brought to the served
generation by deleting the chunks that left and upserting the new or re-titled ones, so a one-file
edit costs a few Chroma writes, not a rebuild. The collection's metadata names the generation it
mirrors; when that is not the previous one (a run killed mid-sync, a first run, a rebuild), the
whole id list is compared instead.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ingest.generations import chroma_client
from ingest.models import Chunk
from ingest.store import chunk_metadata

_PAGE = 2000
# Nothing in the app searches this copy (readers search the generation's vectors), so it is
# built with Chroma's default graph settings: the store.HNSW ones (ef_construction 400,
# 32 neighbours) made a 100k-chunk first build spend minutes here.
MIRROR_HNSW = {"space": "cosine"}


def _all_ids(collection) -> set[str]:
    ids: set[str] = set()
    offset = 0
    while True:
        got = collection.get(limit=_PAGE, offset=offset, include=[])
        ids.update(got["ids"])
        if len(got["ids"]) < _PAGE:
            return ids
        offset += _PAGE


def sync_mirror(index_dir: Path, name: str, *, generation: str, previous: str | None,
                chunks: list[Chunk], vectors: np.ndarray, previous_ids: set[str],
                changed_sources: set[str], embedder_identity: str) -> int:
    """Bring the collection `name` to `chunks`; returns the number of records written."""
    client = chroma_client("", index_dir / "chroma")
    try:
        collection = client.get_or_create_collection(
            name, metadata={"embedder": embedder_identity}, configuration={"hnsw": MIRROR_HNSW},
            embedding_function=None)
        meta = collection.metadata or {}
        if meta.get("embedder") != embedder_identity:  # another embedder: start over
            client.delete_collection(name)
            collection = client.create_collection(
                name, metadata={"embedder": embedder_identity}, configuration={"hnsw": MIRROR_HNSW},
                embedding_function=None)
            meta = {}
        in_step = previous is not None and meta.get("generation") == previous
        held = previous_ids if in_step else _all_ids(collection)
        target = {c.chunk_id for c in chunks}
        gone = sorted(held - target)
        for i in range(0, len(gone), _PAGE):
            collection.delete(ids=gone[i : i + _PAGE])
        rows = [i for i, c in enumerate(chunks)
                if c.chunk_id not in held or c.source in changed_sources]
        for i in range(0, len(rows), _PAGE):
            batch = rows[i : i + _PAGE]
            collection.upsert(
                ids=[chunks[j].chunk_id for j in batch],
                embeddings=np.asarray(vectors[batch], dtype=np.float32),
                documents=[chunks[j].text for j in batch],
                metadatas=[chunk_metadata(chunks[j], j) for j in batch])
        collection.modify(metadata={"embedder": embedder_identity, "generation": generation})
        return len(gone) + len(rows)
    finally:
        client.close()
