"""Client/server mode against a real `chroma run` on a free loopback port: one process ingests,
replicas with their own (empty) data directories answer, agree on the served generation through
the pointer kept in Chroma, and follow a re-index without a restart."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.index import IndexReader
from ingest.errors import IndexCorruptError
from ingest.generations import meta_name
from ingest.pipeline import IngestOptions, Ingestor
from ingest.store import Generations, verify_current

from .conftest import DOCS, REPO, free_port, start_chroma, stop_process, write_docs

QUESTION = "2023년 데이터바우처 AI 가공 유형은 최대 얼마까지 지원되었나요?"


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    """A real Chroma server (`chroma run`) on a free 127.0.0.1 port, stopped after the module."""
    root = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    process = start_chroma(port, root / "db", root / "chroma.log")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_process(process)


@pytest.fixture(scope="module")
def ingested(chroma_url, tmp_path_factory, embedder):
    """The small corpus ingested through the server from this process: its ingest options."""
    root = tmp_path_factory.mktemp("server-ingest")
    options = IngestOptions(data_dir=root / "data", corpus_dir=write_docs(root / "corpus"),
                            chroma=chroma_url)
    report = Ingestor(options, embedder).run()
    assert not report.failed, report.failed
    return options


def ask_in_process(url: str, data_dir: Path, question: str) -> subprocess.Popen:
    """`assistant ask --json` in its own process, reading the index from the Chroma server."""
    data_dir.mkdir(parents=True)
    env = {**os.environ, "ASSISTANT_CHROMA": url, "ASSISTANT_DATA_DIR": str(data_dir),
           "ASSISTANT_CORPUS_DIR": str(data_dir / "no-corpus")}
    return subprocess.Popen([sys.executable, "-m", "assistant.cli", "ask", question, "--json"],
                            env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def test_two_processes_without_the_index_folder_answer_from_the_server(ingested, tmp_path):
    replicas = [ask_in_process(ingested.chroma, tmp_path / name, QUESTION) for name in "ab"]
    for proc in replicas:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        answer = json.loads(out)
        assert not answer["refused"], answer["answer"]
        assert answer["citations"][0]["doc_id"] == "t-voucher-2023", answer["citations"]
    for name in "ab":
        assert not (tmp_path / name / "index").exists()  # nothing read from (or made on) disk


def test_the_server_gives_the_cosines_its_search_gives(ingested, embedder):
    reader = IndexReader(ingested.data_dir / "elsewhere", ingested.chroma, embedder.identity)
    vector = embedder.embed_query(QUESTION)
    found = reader.dense(vector, 3)
    ids = [cid for cid, _ in found][::-1]
    assert reader.cosines(vector, ids) == pytest.approx([s for _, s in found][::-1], abs=1e-4)


def test_the_pointer_lives_in_chroma(ingested):
    gens = Generations(ingested.data_dir / "index", ingested.chroma, ingested.collection)
    record = gens.pointer(with_manifest=True)
    local = (ingested.data_dir / "index" / "CURRENT").read_text("utf-8")
    assert record["generation"] == local == gens.current()
    assert record["manifest"]["collection"] == record["collection"]
    assert record["chunks"] == record["manifest"]["chunks"] > 0
    assert meta_name(ingested.collection) in {c.name for c in gens.client().list_collections()}
    assert verify_current(gens) == []


def test_a_reindex_reaches_every_replica_without_a_restart(ingested, tmp_path, embedder):
    replicas = [IndexReader(tmp_path / name, ingested.chroma, embedder.identity) for name in "ab"]
    before = {r.generation for r in replicas}
    assert len(before) == 1 and not replicas[0].keyword("야간 개방", 3)

    overview = ingested.corpus_dir / "center" / "overview.md"
    overview.write_text(DOCS["center/overview.md"] + "\n## 야간 개방\n분석실은 평일 야간에 "
                        "밤 10시까지 개방합니다.\n", "utf-8")
    report = Ingestor(ingested, embedder).run()
    assert report.updated == 1 and report.generation not in before

    vector = embedder.embed_query("분석실 야간 개방 시간")
    for reader in replicas:
        reader.refresh()
        assert reader.generation == report.generation
        hit = reader.chunk(reader.keyword("야간 개방", 3)[0][0])
        assert "밤 10시" in hit.text
        assert "밤 10시" in reader.chunk(reader.dense(vector, 1)[0][0]).text


def test_a_lost_collection_is_reported_and_rebuilt(ingested, tmp_path, embedder):
    gens = Generations(ingested.data_dir / "index", ingested.chroma, ingested.collection)
    served = gens.pointer()["collection"]
    gens.client().delete_collection(served)
    assert any(served in p for p in verify_current(gens))
    with pytest.raises(IndexCorruptError, match="assistant ingest"):
        IndexReader(tmp_path / "c", ingested.chroma, embedder.identity).refresh()
    report = Ingestor(ingested, embedder).run()
    assert report.embedded == 0 and any("rebuilding" in w for w in report.warnings)
    assert verify_current(gens) == []
    reader = IndexReader(tmp_path / "d", ingested.chroma, embedder.identity)
    assert reader.count() == len(reader.chunks()) == report.chunks


def test_an_ingest_on_another_machine_continues_the_numbering(ingested, tmp_path, embedder):
    """A second ingest host with its own data dir publishes after the served generation."""
    corpus = shutil.copytree(ingested.corpus_dir, tmp_path / "corpus")
    served = Generations(ingested.data_dir / "index", ingested.chroma).current()
    other = IngestOptions(data_dir=tmp_path / "other", corpus_dir=corpus, chroma=ingested.chroma)
    report = Ingestor(other, embedder).run()
    assert report.generation > served
    assert IndexReader(tmp_path / "e", ingested.chroma, embedder.identity).generation == (
        report.generation)
