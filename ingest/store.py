"""Index generations: Chroma collection + keyword index + chunk records, switched atomically.

Each ingest that changes something writes a whole new generation (`index/gen-000007/`: chunk
records, bm25s keyword index, manifest; plus a Chroma collection, embedded under the generation
folder or named `<collection>-g000007` on a Chroma server), then points `index/CURRENT` at it with
an atomic rename. Readers only ever open the generation CURRENT names, so a killed ingest leaves
the previous generation in service; the next ingest deletes the unfinished one and starts again.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from ingest.errors import AssistantError, EmbedderMismatchError, IndexMissingError
from ingest.keyword import KeywordIndex
from ingest.models import Chunk

CURRENT = "CURRENT"
# HNSW search is approximate: with Chroma's defaults (ef_search 100, 16 neighbours) a freshly
# opened index missed the best chunk in 1 of 8 runs on this corpus; these made it 12 of 12.
HNSW = {"space": "cosine", "ef_search": 400, "ef_construction": 400, "max_neighbors": 32}
KEEP_OLD = 1  # previous generations kept for readers that still have one open


def chroma_client(chroma: str, folder: Path | None):
    """A Chroma client: embedded `PersistentClient(folder)` when `chroma` is empty, else HTTP."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    if not chroma:
        assert folder is not None
        return chromadb.PersistentClient(path=str(folder), settings=settings)
    from urllib.parse import urlparse

    url = urlparse(chroma)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise AssistantError(
            f"ASSISTANT_CHROMA={chroma!r} is not a server address: use http://host:port, "
            "or leave it empty for the embedded index"
        )
    try:
        return chromadb.HttpClient(
            host=url.hostname,
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=settings,
        )
    except Exception as exc:
        raise AssistantError(
            f"cannot reach the Chroma server at {chroma}: {exc}. Start it with "
            "`chroma run --host 127.0.0.1 --port PORT --path DIR`"
        ) from exc


def chunk_metadata(chunk: Chunk) -> dict[str, Any]:
    """Flat Chroma metadata of a chunk: provenance, filters and (as lists) audience/sources."""
    meta = chunk.metadata
    audience = meta.get("audience") or []
    if isinstance(audience, str):
        audience = [audience]
    out: dict[str, Any] = {
        "doc_id": chunk.doc_id,
        "title": chunk.title,
        "source": chunk.source,
        "page": chunk.page if chunk.page is not None else 0,
        "section": chunk.section,
        "position": chunk.position,
        "content_hash": chunk.content_hash,
        "category": str(meta.get("category") or ""),
        "language": str(meta.get("language") or ""),
        "valid_from": str(meta.get("valid_from") or ""),
        "valid_to": str(meta.get("valid_to") or ""),
        "valid_to_ord": int(str(meta.get("valid_to") or "9999-12-31").replace("-", "")[:8]),
        "year": int(meta["year"]) if str(meta.get("year") or "").isdigit() else 0,
    }
    for aud in ("startup", "citizen", "staff"):
        out[f"aud_{aud}"] = aud in audience
    return out


class Generations:
    """The folder of index generations and its CURRENT pointer."""

    def __init__(self, index_dir: Path) -> None:
        self.dir = index_dir

    def current(self) -> str | None:
        """Name of the generation in service, or None before the first ingest."""
        pointer = self.dir / CURRENT
        return pointer.read_text("utf-8").strip() if pointer.is_file() else None

    def all(self) -> list[str]:
        """Every generation folder, oldest first."""
        if not self.dir.is_dir():
            return []
        return sorted(p.name for p in self.dir.iterdir() if p.name.startswith("gen-"))

    def next_name(self) -> str:
        """A name after every existing generation."""
        names = self.all()
        last = int(names[-1].split("-")[1]) if names else 0
        return f"gen-{last + 1:06d}"

    def publish(self, name: str) -> None:
        """Point CURRENT at `name` atomically (write a temp file, fsync, rename)."""
        tmp = self.dir / f"{CURRENT}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(name)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.dir / CURRENT)
        fd = os.open(self.dir, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def collect(self, chroma: str, collection: str) -> None:
        """Delete unfinished generations and all but KEEP_OLD generations before CURRENT."""
        current = self.current()
        names = self.all()
        keep = set()
        if current in names:
            i = names.index(current)
            keep = set(names[max(0, i - KEEP_OLD) : i + 1])
        for name in names:
            if name not in keep:
                self._delete(name, chroma, collection)

    def _delete(self, name: str, chroma: str, collection: str) -> None:
        if chroma:
            try:
                chroma_client(chroma, None).delete_collection(collection_name(collection, name))
            except Exception:  # already gone, or server down: the folder still goes
                pass
        shutil.rmtree(self.dir / name, ignore_errors=True)


def collection_name(collection: str, generation: str) -> str:
    """Chroma collection name of one generation."""
    return f"{collection}-g{generation.split('-')[1]}"


def write_generation(
    folder: Path,
    *,
    chunks: list[Chunk],
    vectors: np.ndarray,
    manifest: dict[str, Any],
    chroma: str,
    collection: str,
    embedder_identity: str,
) -> None:
    """Write one complete generation (Chroma, keyword index, chunk records, manifest)."""
    folder.mkdir(parents=True, exist_ok=False)
    name = collection_name(collection, folder.name)
    client = chroma_client(chroma, folder / "chroma")
    col = client.create_collection(
        name,
        metadata={"embedder": embedder_identity, "generation": folder.name},
        configuration={"hnsw": HNSW},
        embedding_function=None,
    )
    step = 500
    for i in range(0, len(chunks), step):
        batch = chunks[i : i + step]
        col.add(
            ids=[c.chunk_id for c in batch],
            embeddings=vectors[i : i + step],
            documents=[c.text for c in batch],
            metadatas=[chunk_metadata(c) for c in batch],
        )
    if not chroma:
        client.close()
    KeywordIndex.build([c.chunk_id for c in chunks], [c.context_text for c in chunks]).save(
        folder / "keyword"
    )
    with open(folder / "chunks.jsonl", "w", encoding="utf-8") as fh:
        for c in chunks:
            fh.write(json.dumps(asdict(c), ensure_ascii=False) + "\n")
    manifest = {**manifest, "embedder": embedder_identity, "collection": name,
                "chunks": len(chunks)}
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of a generation."""
    return json.loads((folder / "manifest.json").read_text("utf-8"))


def read_chunks(folder: Path) -> list[Chunk]:
    """The chunk records of a generation, in index order."""
    with open(folder / "chunks.jsonl", encoding="utf-8") as fh:
        return [Chunk(**json.loads(line)) for line in fh if line.strip()]


def check_embedder(manifest: dict[str, Any], embedder_identity: str, data_dir: Path) -> None:
    """Refuse to use an index built with another embedder than the configured one."""
    built = manifest.get("embedder")
    if built != embedder_identity:
        raise EmbedderMismatchError(
            f"the index in {data_dir} was built with embedder {built!r}, but "
            f"ASSISTANT_EMBEDDER gives {embedder_identity!r}: run `assistant ingest --rebuild` "
            "to rebuild it with the configured embedder (or set ASSISTANT_EMBEDDER back)"
        )


def require_current(generations: Generations, data_dir: Path) -> Path:
    """Folder of the generation in service, or IndexMissingError with what to run."""
    name = generations.current()
    if not name or not (generations.dir / name / "manifest.json").is_file():
        raise IndexMissingError(
            f"no index in {data_dir}: run `assistant ingest` (it reads ASSISTANT_CORPUS_DIR)"
        )
    return generations.dir / name
