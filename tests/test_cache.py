import numpy as np

from ingest.cache import CachedEmbedder, EmbeddingCache, text_key


def test_cache_roundtrip_per_embedder(tmp_path):
    cache = EmbeddingCache(tmp_path / "e.sqlite")
    v = np.arange(4, dtype=np.float32)
    cache.put_many("a", {text_key("x"): v})
    assert np.array_equal(cache.get_many("a", [text_key("x"), text_key("y")])[text_key("x")], v)
    assert cache.get_many("b", [text_key("x")]) == {}
    cache.close()
    again = EmbeddingCache(tmp_path / "e.sqlite")
    assert text_key("x") in again.get_many("a", [text_key("x")])
    again.close()


class Counting:
    """The real embedder, counting the passages it embeds."""

    def __init__(self, inner) -> None:
        self.inner, self.identity, self.max_tokens, self.calls = inner, inner.identity, 512, []

    def embed_passages(self, texts):
        self.calls.append(list(texts))
        return self.inner.embed_passages(texts)

    def embed_query(self, text):
        return self.inner.embed_query(text)

    def count_tokens(self, text):
        return self.inner.count_tokens(text)


def test_cached_embedder_computes_a_text_once_and_returns_the_models_vectors(tmp_path, embedder):
    counting = Counting(embedder)
    cached = CachedEmbedder(counting, tmp_path / "e.sqlite")
    texts = ["센터는 포항에 있습니다.", "The voucher is yearly.", "센터는 포항에 있습니다."]
    first = cached.embed_passages(texts)
    assert counting.calls == [texts[:2]]  # a repeated text is embedded once
    assert np.array_equal(first, embedder.embed_passages(texts))
    assert cached.missing(texts + ["새 문장"]) == ["새 문장"]
    again = CachedEmbedder(counting, tmp_path / "e.sqlite")  # another process, later
    assert np.array_equal(again.embed_passages(texts[:2]), first[:2])
    assert len(counting.calls) == 1
    assert np.array_equal(again.embed_query("포항"), embedder.embed_query("포항"))
    both = again.embed_queries(["포항", "voucher"])  # side by side, through to the model
    assert np.array_equal(both[1], embedder.embed_query("voucher"))
    assert again.identity == embedder.identity and again.max_tokens == 512


def test_cached_embedder_without_a_usable_cache_still_embeds(tmp_path, embedder):
    blocked = tmp_path / "e.sqlite"
    blocked.mkdir()  # a folder where the database should be: it cannot be opened
    cached = CachedEmbedder(Counting(embedder), blocked)
    vectors = cached.embed_passages(["센터는 포항에 있습니다."])
    assert np.array_equal(vectors, embedder.embed_passages(["센터는 포항에 있습니다."]))
    assert cached.missing(["a"]) == ["a"]


def test_a_read_only_cached_embedder_reads_but_never_writes(tmp_path, embedder, monkeypatch):
    import ingest.cache

    monkeypatch.setattr(ingest.cache, "RETRY_S", 0.0)
    path = tmp_path / "e.sqlite"
    counting = Counting(embedder)
    reader = CachedEmbedder(counting, path, store=False)
    reader.embed_passages(["센터는 포항에 있습니다."])  # no file yet: embedded, nothing created
    assert not path.exists()
    CachedEmbedder(embedder, path).embed_passages(["센터는 포항에 있습니다."])  # an ingest
    counting.calls.clear()
    reader.embed_passages(["센터는 포항에 있습니다.", "새 문장"])  # the file is found now
    assert counting.calls == [["새 문장"]]
    assert reader.missing(["새 문장"]) == ["새 문장"]  # read, not stored
