"""Sentence vectors prepared at ingest (assistant.compose.prepare): the texts an answer embeds,
embedded once per new chunk into the cache the answer reads, so answering embeds only the
question and answers do not change."""

import numpy as np

from assistant.compose.features import embedded_part
from assistant.compose.prepare import ranked_texts, sentence_vectors
from assistant.compose.sentences import split_hit
from assistant.ingest_cli import make_ingestor
from assistant.retrieval import to_hit
from assistant.service import Assistant
from assistant.settings import Settings
from ingest.cache import CACHE_FILE, CachedEmbedder, EmbeddingCache, text_key
from ingest.pipeline import IngestOptions, Ingestor
from ingest.store import Generations, read_chunks
from tests.conftest import write_docs


class Spy:
    """The real embedder, counting the passages it is asked to embed."""

    def __init__(self, inner) -> None:
        self.inner, self.identity, self.max_tokens = inner, inner.identity, inner.max_tokens
        self.passages: list[str] = []

    def embed_passages(self, texts):
        self.passages += texts
        return self.inner.embed_passages(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)

    def count_tokens(self, text):
        return self.inner.count_tokens(text)


def _chunks(data):
    generations = Generations(data / "index", "", "pohang")
    return read_chunks(generations.dir / generations.current())


def _cached(data, identity, texts):
    cache = EmbeddingCache(data / CACHE_FILE)
    try:
        return cache.get_many(identity, [text_key(t) for t in texts])
    finally:
        cache.close()


def test_ranked_texts_are_the_embedded_openings_of_every_sentence(small_index):
    chunks = _chunks(small_index.data_dir)
    texts = ranked_texts(chunks)
    assert len(texts) == len(set(texts)) > len(chunks)
    for chunk in chunks:
        for sentence in split_hit(to_hit(chunk), 3):
            assert embedded_part(sentence.text) in texts
    assert ranked_texts([]) == []


def test_ingest_prepares_sentence_vectors_in_proportion_to_the_change(tmp_path, embedder):
    corpus = write_docs(tmp_path / "corpus")
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=corpus)
    stages = []
    report = make_ingestor(settings, embedder).run(progress=lambda s, d, t: stages.append(s))
    assert "sentences" in stages and not report.warnings
    texts = ranked_texts(_chunks(settings.data_dir))
    assert report.derived == len(texts) > 0
    assert len(_cached(settings.data_dir, embedder.identity, texts)) == len(texts)

    assert make_ingestor(settings, embedder).run().derived == 0  # nothing changed
    edited = next(p for p in corpus.rglob("*.md"))
    edited.write_text(edited.read_text("utf-8") + "\n\n새 문장은 오늘 추가되었습니다.\n", "utf-8")
    again = make_ingestor(settings, embedder).run()
    assert again.updated == 1 and 1 <= again.derived < report.derived


def test_an_answer_from_prepared_vectors_embeds_only_the_question(tmp_path, embedder):
    corpus = write_docs(tmp_path / "corpus")
    cold = Settings(data_dir=tmp_path / "cold", corpus_dir=corpus)
    warm = Settings(data_dir=tmp_path / "warm", corpus_dir=corpus)
    Ingestor(IngestOptions(data_dir=cold.data_dir, corpus_dir=corpus), embedder).run()
    assert make_ingestor(warm, embedder).run().derived > 0
    question = "2023년 데이터바우처 AI 가공 유형은 최대 얼마까지 지원되었나요?"
    spy_cold, spy_warm = Spy(embedder), Spy(embedder)
    first = Assistant(cold, embedder=spy_cold).ask(question, audience="startup")
    second = Assistant(warm, embedder=spy_warm).ask(question, audience="startup")
    assert spy_cold.passages and not spy_warm.passages  # the model ran for the question only
    assert second.text == first.text and not first.refused
    assert second.citations == first.citations
    # a server never writes the data folder: the cold answer's vectors were not stored
    assert not _cached(cold.data_dir, embedder.identity, spy_cold.passages)


def test_a_failing_preparation_keeps_the_published_index(tmp_path, embedder):
    corpus = write_docs(tmp_path / "corpus")

    def broken(chunks, progress):
        raise RuntimeError("disk went away")

    report = Ingestor(IngestOptions(data_dir=tmp_path / "data", corpus_dir=corpus), embedder,
                      derive=broken).run()
    assert report.chunks and report.generation and not report.failed
    assert any("sentence vectors" in w and "disk went away" in w for w in report.warnings)


def test_derive_embeds_only_what_the_cache_lacks(tmp_path, embedder):
    spy = Spy(embedder)
    cached = CachedEmbedder(spy, tmp_path / CACHE_FILE)
    chunks = _chunks_of_small(tmp_path, embedder)
    texts = ranked_texts(chunks)
    cached.embed_passages(texts[:3])
    spy.passages.clear()
    assert sentence_vectors(cached, batch=4)(chunks, lambda *a: None) == len(texts) - 3
    assert sorted(spy.passages) == sorted(texts[3:])
    assert np.allclose(cached.embed_passages(texts[:1])[0], embedder.embed_passages(texts[:1])[0])


def _chunks_of_small(tmp_path, embedder):
    corpus = write_docs(tmp_path / "corpus")
    Ingestor(IngestOptions(data_dir=tmp_path / "data", corpus_dir=corpus), embedder).run()
    return _chunks(tmp_path / "data")
