"""Which index generation is served, and where that pointer lives.

Embedded mode (ASSISTANT_CHROMA empty): generations are folders `index/gen-NNNNNN/` and the file
`index/CURRENT` names the one in service, replaced by an atomic rename.

Server mode (ASSISTANT_CHROMA=http://host:port): machines that share one Chroma server need not
share a disk, so the pointer lives in Chroma itself: the collection `<prefix>-meta` holds one
record, id `CURRENT`, whose metadata names the generation and its collection and whose document
is the generation's manifest. Publishing is one upsert of that record, made after the
generation's collection is complete, so every replica reading it agrees on what is served. The
local folder and CURRENT file are still written, for the next ingest on the same machine.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

from ingest.errors import AssistantError, IndexUnavailableError

CURRENT = "CURRENT"
KEEP_OLD = 1  # previous generations kept for readers that still have one open
_GEN = re.compile(r"gen-(\d{6})$")


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
        raise unreachable(chroma, exc) from exc


def unreachable(chroma: str, exc: Exception) -> AssistantError:
    """The error for a Chroma server that does not answer."""
    return IndexUnavailableError(
        f"cannot reach the Chroma server at {chroma}: {exc}. Start it with "
        "`chroma run --host 127.0.0.1 --port PORT --path DIR`"
    )


def collection_name(collection: str, generation: str) -> str:
    """Chroma collection name of one generation."""
    return f"{collection}-g{generation.split('-')[1]}"


def meta_name(collection: str) -> str:
    """Chroma collection that holds the served-generation pointer in server mode."""
    return f"{collection}-meta"


class Generations:
    """The index generations and the pointer to the one in service (see the module docstring)."""

    def __init__(self, index_dir: Path, chroma: str = "", collection: str = "pohang") -> None:
        self.dir = index_dir
        self.chroma = chroma
        self.collection = collection
        self._client = None

    def client(self):
        """The Chroma server client (server mode only), made once."""
        if self._client is None:
            self._client = chroma_client(self.chroma, None)
        return self._client

    def pointer(self, with_manifest: bool = False) -> dict[str, Any] | None:
        """Server mode: the pointer record's metadata (plus `manifest` when asked), or None."""
        from chromadb.errors import NotFoundError

        include = ["metadatas", "documents"] if with_manifest else ["metadatas"]
        try:
            meta = self.client().get_collection(meta_name(self.collection))
            got = meta.get(ids=[CURRENT], include=include)
        except NotFoundError:
            return None
        except AssistantError:
            raise
        except Exception as exc:
            self._client = None
            raise unreachable(self.chroma, exc) from exc
        if not got["ids"]:
            return None
        out = dict(got["metadatas"][0])
        if with_manifest:
            out["manifest"] = json.loads(got["documents"][0])
        return out

    def current(self) -> str | None:
        """Name of the generation in service, or None before the first ingest."""
        if self.chroma:
            record = self.pointer()
            return str(record["generation"]) if record else None
        pointer = self.dir / CURRENT
        return pointer.read_text("utf-8").strip() if pointer.is_file() else None

    def all(self) -> list[str]:
        """Every local generation folder, oldest first."""
        if not self.dir.is_dir():
            return []
        return sorted(p.name for p in self.dir.iterdir() if _GEN.match(p.name))

    def next_name(self) -> str:
        """A name after every local generation and after the one served."""
        numbers = [int(n.split("-")[1]) for n in self.all()]
        current = self.current()
        if current and _GEN.match(current):
            numbers.append(int(current.split("-")[1]))
        return f"gen-{max(numbers, default=0) + 1:06d}"

    def publish(self, name: str) -> None:
        """Serve `name`: upsert the server pointer (server mode), then replace CURRENT."""
        if self.chroma:
            manifest = json.loads((self.dir / name / "manifest.json").read_text("utf-8"))
            meta = {"generation": name, "collection": manifest["collection"],
                    "created": float(manifest.get("created") or 0.0),
                    "chunks": int(manifest["chunks"]), "embedder": manifest["embedder"]}
            meta_collection = self.client().get_or_create_collection(
                meta_name(self.collection), embedding_function=None)
            meta_collection.upsert(ids=[CURRENT], embeddings=[[1.0]], metadatas=[meta],
                                documents=[json.dumps(manifest, ensure_ascii=False)])
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
        """Delete unfinished generations and all but KEEP_OLD generations before the served one
        (on a server, also old generation collections that other machines wrote)."""
        current = self.current()
        names = sorted(set(self.all()) | ({current} if current else set()))
        keep = set()
        if current in names:
            i = names.index(current)
            keep = set(names[max(0, i - KEEP_OLD) : i + 1])
        for name in self.all():
            if name not in keep:
                self._delete(name, chroma, collection)
        if chroma and keep:
            self._collect_server(chroma, collection, min(keep))

    def _server(self, chroma: str):
        return self.client() if chroma == self.chroma else chroma_client(chroma, None)

    def _collect_server(self, chroma: str, collection: str, oldest_kept: str) -> None:
        """Drop server collections of generations older than `oldest_kept`."""
        pattern = re.compile(re.escape(collection) + r"-g(\d{6})$")
        try:
            names = [c.name for c in self._server(chroma).list_collections()]
        except Exception:  # server down: the next ingest collects them
            return
        for name in names:
            match = pattern.match(name)
            if match and f"gen-{match.group(1)}" < oldest_kept:
                self._drop(chroma, name)

    def _drop(self, chroma: str, name: str) -> None:
        try:
            self._server(chroma).delete_collection(name)
        except Exception:  # already gone, or server down
            pass

    def _delete(self, name: str, chroma: str, collection: str) -> None:
        if chroma:
            self._drop(chroma, collection_name(collection, name))
        shutil.rmtree(self.dir / name, ignore_errors=True)
