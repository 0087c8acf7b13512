"""AskQueries: an ask's query texts embedded at once, the same vectors, nothing kept after."""

import threading

import numpy as np

from assistant.queries import AskQueries


class Counting:
    """The real embedder, with the texts of each query call recorded."""

    def __init__(self, inner):
        self.inner, self.identity, self.calls = inner, inner.identity, []

    def embed_query(self, text):
        self.calls.append([text])
        return self.inner.embed_query(text)

    def embed_queries(self, texts):
        self.calls.append(list(texts))
        return self.inner.embed_queries(texts)


def test_expected_texts_are_embedded_with_the_first_call_and_read_after(embedder):
    counting = Counting(embedder)
    queries = AskQueries(counting)
    with queries.ahead(["데이터바우처 지원 금액", "", "센터 위치"]):
        first = queries.embed_queries(["데이터바우처 지원 금액은 얼마인가요? data voucher",
                                       "센터 위치"])
        later = queries.embed_queries(["데이터바우처 지원 금액", "센터 위치"])
        again = queries.embed_query("센터 위치")
    assert counting.calls == [["데이터바우처 지원 금액은 얼마인가요? data voucher", "센터 위치",
                               "데이터바우처 지원 금액"]]
    assert np.array_equal(first[1], later[1]) and np.array_equal(again, later[1])
    assert np.array_equal(later[0], embedder.embed_query("데이터바우처 지원 금액"))


def test_outside_an_ask_and_after_it_nothing_is_remembered(embedder):
    counting = Counting(embedder)
    queries = AskQueries(counting)
    queries.embed_query("센터 위치")
    with queries.ahead(["센터 위치"]):
        queries.embed_query("센터 위치")
    queries.embed_query("센터 위치")
    with queries.ahead([]):
        queries.embed_query("센터 위치")
    assert counting.calls == [["센터 위치"]] * 4


def test_another_thread_is_not_in_this_ask(embedder):
    counting = Counting(embedder)
    queries = AskQueries(counting)
    with queries.ahead(["분석실 이용 시간"]):
        thread = threading.Thread(target=queries.embed_query, args=["센터 위치"])
        thread.start()
        thread.join()
        queries.embed_query("센터 위치")
    assert counting.calls == [["센터 위치"], ["센터 위치", "분석실 이용 시간"]]


def test_passages_and_token_counts_pass_through(embedder):
    queries = AskQueries(embedder)
    assert queries.identity == embedder.identity and queries.max_tokens == embedder.max_tokens
    assert np.array_equal(queries.embed_passages(["센터"]), embedder.embed_passages(["센터"]))
    assert queries.count_tokens("센터") == embedder.count_tokens("센터")
