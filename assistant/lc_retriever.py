"""LangChain views of our parts: the hybrid retriever as a `BaseRetriever` (usable in any LangChain
chain) and an `Embedder` as LangChain `Embeddings`. Kept out of the modules they adapt, so that
serving and ingesting never import langchain_core."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.retrieval import Filters, HybridRetriever
from ingest.embedders import Embedder


class PohangRetriever(BaseRetriever):
    """LangChain view of `HybridRetriever`: hits become Documents with provenance metadata."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: HybridRetriever
    k: int = 5
    filters: Filters | None = None
    mode: str = "hybrid"

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        hits = self.retriever.search(query, k=self.k, filters=self.filters, mode=self.mode)
        docs = []
        for hit in hits:
            meta: dict[str, Any] = {
                **hit.metadata, "chunk_id": hit.chunk_id, "doc_id": hit.doc_id,
                "title": hit.title, "source": hit.source, "page": hit.page,
                "section": hit.section, "score": hit.score,
                "dense_score": hit.dense_score, "keyword_score": hit.keyword_score,
            }
            docs.append(Document(page_content=hit.text, id=hit.chunk_id, metadata=meta))
        return docs


class LangChainEmbeddings(Embeddings):
    """Adapter exposing an Embedder through LangChain's `Embeddings` interface."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed documents for LangChain."""
        return self.embedder.embed_passages(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        """Embed a query for LangChain."""
        return self.embedder.embed_query(text).tolist()
