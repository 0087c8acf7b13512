import numpy as np

from ingest.cache import EmbeddingCache, text_key


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
