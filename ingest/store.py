"""Index generations: chunk records + vectors + keyword index (+ a Chroma collection on a server).

Each ingest that changes something writes a new generation (`index/gen-000007/`: chunk records,
the vectors as `vectors.npy`, the bm25s keyword index and the keyword tokens it was built from,
manifest with a sha256 of every file; on a Chroma server also the collection
`<collection>-g000007`), then publishes it (see ingest.generations). Readers only ever open the
published generation, so a killed ingest leaves the previous one in service. What did not change
is taken over from the served generation (ingest.reuse), so a new generation costs file writes,
not embedding or Kiwi work.

Embedded readers search `vectors.npy` (exact cosine, numpy) rather than an embedded Chroma
store: chromadb's PersistentClient writes into its folder on open (it replays its log into
the HNSW files and updates its SQLite file), which fails on a read-only or full disk and would
change a published generation under its checksums. The embedded Chroma collection is kept in
step separately, by changes only (ingest.mirror). Server readers query the server.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np

from ingest.errors import EmbedderMismatchError, IndexCorruptError, IndexMissingError
from ingest.generations import (  # re-exported: callers import them from here
    CURRENT,
    KEEP_OLD,
    Generations,
    chroma_client,
    collection_name,
)
from ingest.keyword import KeywordIndex
from ingest.models import Chunk
from ingest.reuse import Reused, keyword_tokens, write_tokens

__all__ = ["CURRENT", "KEEP_OLD", "Generations", "chroma_client", "collection_name"]

# HNSW search is approximate: with Chroma's defaults (ef_search 100, 16 neighbours) a freshly
# opened index missed the best chunk in 1 of 8 runs on this corpus; these made it 12 of 12.
HNSW = {"space": "cosine", "ef_search": 400, "ef_construction": 400, "max_neighbors": 32}
REPAIR = "run `assistant ingest` to repair it"
_PAGE = 500


def chunk_metadata(chunk: Chunk, order: int = 0) -> dict[str, Any]:
    """Flat Chroma metadata of a chunk: provenance, filters, (as flags) audience, its place in
    the index (`order`) and the whole record as JSON (`record`), so a replica without the
    generation folder rebuilds its chunk map and keyword index from the collection."""
    meta = chunk.metadata
    audience = meta.get("audience") or []
    if isinstance(audience, str):
        audience = [audience]
    record = {k: v for k, v in vars(chunk).items() if k != "text"}
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
        "order": order,
        "record": json.dumps(record, ensure_ascii=False),
    }
    for aud in ("startup", "citizen", "staff"):
        out[f"aud_{aud}"] = aud in audience
    return out


def write_generation(
    folder: Path,
    *,
    chunks: list[Chunk],
    vectors: np.ndarray,
    manifest: dict[str, Any],
    chroma: str,
    collection: str,
    embedder_identity: str,
    tokens: list[list[str]] | None = None,
) -> None:
    """Write one complete generation (vectors, keyword index and tokens, chunk records, the
    server collection in server mode, manifest with checksums); the manifest is written last,
    so a folder without one is unfinished. `tokens`: each chunk's keyword tokens (computed here
    when not given)."""
    folder.mkdir(parents=True, exist_ok=False)
    name = collection_name(collection, folder.name)
    if chroma:
        _write_server_collection(chroma, name, folder.name, chunks, vectors, embedder_identity)
    np.save(folder / "vectors.npy", np.asarray(vectors, dtype=np.float32))
    if tokens is None:
        tokens = keyword_tokens(chunks, Reused.empty())
    KeywordIndex.from_tokens([c.chunk_id for c in chunks], tokens).save(folder / "keyword")
    write_tokens(folder, tokens)
    with open(folder / "chunks.jsonl", "w", encoding="utf-8") as fh:
        for c in chunks:
            # vars, not asdict: the same record without asdict's deep copy (half of the
            # time of a one-file re-index at 10k chunks)
            fh.write(json.dumps(vars(c), ensure_ascii=False) + "\n")
    manifest = {**manifest, "embedder": embedder_identity, "collection": name,
                "chunks": len(chunks), "checksums": checksums(folder)}
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1))


def _write_server_collection(chroma: str, name: str, generation: str, chunks: list[Chunk],
                             vectors: np.ndarray, embedder_identity: str) -> None:
    """The generation's whole collection on the Chroma server (replicas read it)."""
    client = chroma_client(chroma, None)
    if name in {c.name for c in client.list_collections()}:
        client.delete_collection(name)  # left by an unfinished ingest on another machine
    col = client.create_collection(
        name,
        metadata={"embedder": embedder_identity, "generation": generation},
        configuration={"hnsw": HNSW},
        embedding_function=None,
    )
    for i in range(0, len(chunks), _PAGE):
        batch = chunks[i : i + _PAGE]
        col.add(
            ids=[c.chunk_id for c in batch],
            embeddings=vectors[i : i + _PAGE],
            documents=[c.text for c in batch],
            metadatas=[chunk_metadata(c, i + j) for j, c in enumerate(batch)],
        )


def checksums(folder: Path) -> dict[str, str]:
    """sha256 of every file of a generation folder but its manifest, by relative path."""
    return {p.relative_to(folder).as_posix(): _sha256(p) for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "manifest.json"}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def corrupt(folder: Path, problem: str) -> IndexCorruptError:
    """The error for a damaged generation file: what is wrong and what to run."""
    return IndexCorruptError(f"the index generation {folder} is damaged ({problem}): {REPAIR}")


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of a generation (IndexCorruptError when it is unreadable)."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise corrupt(folder, f"manifest.json is unreadable: {exc}") from None
    if not isinstance(manifest, dict) or not {"collection", "chunks"} <= set(manifest):
        raise corrupt(folder, "manifest.json is incomplete")
    return manifest


def read_chunks(folder: Path) -> list[Chunk]:
    """The chunk records of a generation, in index order (IndexCorruptError when damaged)."""
    try:
        with open(folder / "chunks.jsonl", encoding="utf-8") as fh:
            return [Chunk(**json.loads(line)) for line in fh if line.strip()]
    except (OSError, ValueError, TypeError) as exc:
        raise corrupt(folder, f"chunks.jsonl is unreadable: {exc}") from None


def read_vectors(folder: Path, rows: int) -> np.ndarray:
    """The chunk vectors of a generation, one row per chunk (IndexCorruptError when damaged)."""
    try:
        vectors = np.load(folder / "vectors.npy", allow_pickle=False)
    except (OSError, ValueError, EOFError) as exc:
        raise corrupt(folder, f"vectors.npy is unreadable: {exc}") from None
    if vectors.ndim != 2 or vectors.shape[0] != rows:
        raise corrupt(folder, f"vectors.npy holds {vectors.shape} vectors for {rows} chunks")
    return vectors


def read_keyword(folder: Path, rows: int) -> KeywordIndex:
    """The keyword index of a generation (IndexCorruptError when damaged)."""
    try:
        index = KeywordIndex.load(folder / "keyword")
    except Exception as exc:  # bm25s raises whatever numpy/json/zip raise on a broken file
        raise corrupt(folder, f"the keyword index is unreadable: {exc}") from None
    if len(index.ids) != rows:
        raise corrupt(folder, f"the keyword index holds {len(index.ids)} of {rows} chunks")
    return index


def verify_generation(folder: Path) -> list[str]:
    """What is wrong with a generation folder (missing or changed files, chunk count), or []:
    lets ingest rebuild a damaged index instead of reporting it unchanged."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
        sums, count = manifest.get("checksums"), int(manifest["chunks"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        return [f"{folder}/manifest.json is missing or unreadable ({exc!r})"]
    if not isinstance(sums, dict) or "chunks.jsonl" not in sums:
        return [f"{folder}/manifest.json has no checksums (written by an older version)"]
    problems = []
    for rel, expected in sums.items():
        path = folder / rel
        if not path.is_file():
            problems.append(f"{path} is missing")
        elif _sha256(path) != expected:
            problems.append(f"{path} is truncated or changed (checksum mismatch)")
    if not problems:
        with open(folder / "chunks.jsonl", "rb") as fh:
            lines = sum(1 for line in fh if line.strip())
        if lines != count:
            problems.append(f"{folder}/chunks.jsonl holds {lines} of {count} chunks")
    return problems


def verify_current(generations: Generations) -> list[str]:
    """What is wrong with the served generation (its local folder and, in server mode, its
    collection), or [] when it is whole or there is none yet."""
    name = generations.current()
    if not name:
        return []
    folder = generations.dir / name
    if not folder.is_dir():
        return [f"{folder} is missing on this machine"]
    problems = verify_generation(folder)
    if generations.chroma and not problems:
        manifest = read_manifest(folder)
        try:
            count = generations.client().get_collection(manifest["collection"]).count()
        except Exception as exc:
            return [f"Chroma collection {manifest['collection']} is unreadable: {exc}"]
        if count != manifest["chunks"]:
            problems.append(f"Chroma collection {manifest['collection']} holds {count} of "
                            f"{manifest['chunks']} chunks")
    return problems


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


def read_collection(collection) -> list[Chunk]:
    """Every chunk record of a server collection, in index order (see `chunk_metadata`)."""
    rows: list[tuple[int, Chunk]] = []
    offset = 0
    while True:
        got = collection.get(limit=_PAGE, offset=offset, include=["documents", "metadatas"])
        for text, meta in zip(got["documents"], got["metadatas"], strict=True):
            rows.append((int(meta["order"]), Chunk(text=text, **json.loads(meta["record"]))))
        if len(got["ids"]) < _PAGE:
            return [chunk for _, chunk in sorted(rows, key=lambda row: row[0])]
        offset += _PAGE
