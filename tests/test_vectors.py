"""Cosine search over a generation's vectors (assistant.vectors)."""

import numpy as np

from assistant.vectors import Vectors


def test_exact_vector_search_ranks_by_cosine():
    vectors = Vectors(["a", "b", "c"], np.array([[1, 0], [1, 1], [0, 0]], dtype=np.float32))
    best = vectors.search(np.array([2.0, 0.1]), 3)
    assert [cid for cid, _ in best] == ["a", "b", "c"]  # a zero vector ranks last, no NaN
    assert abs(best[0][1] - 0.99875) < 1e-4 and best[2][1] == 0.0
    assert vectors.count() == 3


def test_cosines_of_chosen_chunks_match_the_search():
    rng = np.random.default_rng(0)
    vectors = Vectors([str(i) for i in range(200)], rng.standard_normal((200, 16)))
    query = rng.standard_normal(16)
    found = vectors.search(query, 5)
    ids = [cid for cid, _ in found][::-1]
    assert np.allclose(vectors.cosines(query, ids), [s for _, s in found][::-1], atol=1e-6)
