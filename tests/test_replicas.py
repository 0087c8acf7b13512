"""Two `assistant serve` replicas over one real Chroma server (`chroma run` on loopback), each
with its own empty data directory: both answer at once; when Chroma stops, /readyz fails and
/api/ask is a 503 that says the knowledge base is unavailable; both recover by themselves when
Chroma is back on the same address."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from ingest.pipeline import IngestOptions, Ingestor

from .conftest import ADMIN_PASSWORD, REPO, free_port, start_chroma, write_docs
from .conftest import stop_process as stop

QUESTION = "2023년 데이터바우처 AI 가공 유형은 최대 얼마까지 지원됐나요?"


def start_replica(root: Path, chroma_url: str, corpus: Path) -> tuple[str, subprocess.Popen]:
    port = free_port()
    env = {**os.environ, "ASSISTANT_CHROMA": chroma_url, "ASSISTANT_DATA_DIR": str(root),
           "ASSISTANT_CORPUS_DIR": str(corpus), "ASSISTANT_ADMIN_ENABLED": "true",
           "ASSISTANT_ADMIN_PASSWORD": ADMIN_PASSWORD, "GRADIO_ANALYTICS_ENABLED": "False"}
    log = (root.parent / f"{root.name}.log").open("w", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port",
                                str(port)], cwd=REPO, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    return f"http://127.0.0.1:{port}", process


def wait_status(url: str, path: str, status: int, limit_s: float = 180) -> httpx.Response:
    deadline = time.monotonic() + limit_s
    last = None
    while time.monotonic() < deadline:
        try:
            last = httpx.get(url + path, timeout=10)
            if last.status_code == status:
                return last
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    pytest.fail(f"{url}{path} never answered {status} (last: {last and last.text})")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, embedder):
    root = tmp_path_factory.mktemp("replicas")
    port = free_port()
    chroma = {"process": start_chroma(port, root / "db", root / "chroma.log")}
    url = f"http://127.0.0.1:{port}"
    corpus = write_docs(root / "corpus")
    report = Ingestor(IngestOptions(data_dir=root / "ingest-data", corpus_dir=corpus,
                                    chroma=url), embedder).run()
    assert not report.failed
    replicas = [start_replica(root / f"replica{i}", url, corpus) for i in (1, 2)]
    try:
        for replica_url, _ in replicas:
            wait_status(replica_url, "/readyz", 200)
        yield {"replicas": [u for u, _ in replicas], "chroma": chroma, "port": port,
               "root": root}
    finally:
        for _, process in replicas:
            stop(process)
        stop(chroma["process"])


def test_two_replicas_answer_at_once_from_one_chroma_server(cluster):
    results = {}

    def ask(url):
        results[url] = httpx.post(url + "/api/ask", json={"question": QUESTION}, timeout=120)

    threads = [threading.Thread(target=ask, args=(u,)) for u in cluster["replicas"]]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    for url in cluster["replicas"]:
        body = results[url].json()
        assert "6,000만 원" in body["answer"] and body["citations"][0]["doc_id"] == \
            "t-voucher-2023"
    generations = {httpx.get(u + "/readyz").json()["generation"] for u in cluster["replicas"]}
    assert len(generations) == 1
    for i in (1, 2):  # nothing of the index lives in a replica's data directory
        assert not (cluster["root"] / f"replica{i}" / "index").exists()
    for url in cluster["replicas"]:  # yet each lists the served documents
        listed = {d["doc_id"] for d in httpx.get(url + "/api/documents").json()["documents"]}
        assert "t-voucher-2023" in listed


def test_chroma_down_is_a_clear_503_and_replicas_recover(cluster):
    first = cluster["replicas"][0]
    stop(cluster["chroma"]["process"])
    ready = wait_status(first, "/readyz", 503, limit_s=60)
    assert ready.json()["status"] == "unavailable"
    down = httpx.post(first + "/api/ask", json={"question": QUESTION}, timeout=60)
    assert down.status_code == 503
    assert down.json()["error"]["code"] == "index_unavailable"
    assert "지식 베이스" in down.json()["error"]["message"]
    cluster["chroma"]["process"] = start_chroma(cluster["port"], cluster["root"] / "db",
                                                cluster["root"] / "chroma.log")
    for url in cluster["replicas"]:
        wait_status(url, "/readyz", 200, limit_s=120)
        body = httpx.post(url + "/api/ask", json={"question": QUESTION}, timeout=120).json()
        assert "6,000만 원" in body["answer"]
