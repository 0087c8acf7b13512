"""Kill `assistant ingest` at several moments: readers always see a whole generation (the old or
the new one), and the next run completes the work."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from assistant.index import IndexReader
from ingest.pipeline import IngestOptions, Ingestor
from ingest.store import Generations, read_manifest, verify_current

from .conftest import DOCS, REPO


def run_cli(args, env, **kw):
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=300, **kw)


def cli_env(data: Path, corpus: Path) -> dict:
    return {**os.environ, "ASSISTANT_DATA_DIR": str(data), "ASSISTANT_CORPUS_DIR": str(corpus)}


def assert_consistent(data: Path, identity: str) -> set[str]:
    gens = Generations(data / "index")
    name = gens.current()
    manifest = read_manifest(data / "index" / name)
    reader = IndexReader(data, "", identity)
    ids = {c.chunk_id for c in reader.chunks()}
    assert len(ids) == manifest["chunks"]
    assert set(reader._keyword.ids) == ids
    assert reader._collection.count() == len(ids)
    assert {c.source for c in reader.chunks()} <= set(manifest["files"])
    assert verify_current(gens) == []
    return {c.doc_id for c in reader.chunks()}


def test_kill_during_ingest_leaves_old_or_new_index(tmp_path, corpus, embedder):
    data = tmp_path / "data"
    env = cli_env(data, corpus)
    first = run_cli(["ingest", "--json"], env)
    assert first.returncode == 0, first.stderr
    old_docs = assert_consistent(data, embedder.identity)

    big = corpus / "policies" / "long.md"
    line = "{i}번째 문단은 데이터 정책의 서로 다른 내용 {n}을 설명합니다. "
    paragraphs = [f"## 조항 {i}\n\n" + line.format(i=i, n=i * 7) * 3 for i in range(80)]
    big.write_text("---\ndoc_id: t-long\ntitle: 긴 문서\n---\n" + "\n\n".join(paragraphs))
    new_docs = old_docs | {"t-long"}

    for delay in (1.0, 3.0, 5.0, 7.0):
        proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "ingest", "--json"],
                                env=env, cwd=REPO, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        seen = assert_consistent(data, embedder.identity)
        assert seen in (old_docs, new_docs)

    final = run_cli(["ingest", "--json"], env)
    assert final.returncode == 0, final.stderr
    report = json.loads(final.stdout)
    assert report["failed"] == []
    assert assert_consistent(data, embedder.identity) == new_docs
    again = json.loads(run_cli(["ingest", "--json"], env).stdout)
    assert again["embedded"] == 0 and again["unchanged"] == 5


def test_an_open_reader_serves_a_finished_reindex_without_a_restart(tmp_path, corpus, embedder):
    options = IngestOptions(data_dir=tmp_path / "data", corpus_dir=corpus)
    Ingestor(options, embedder).run()
    reader = IndexReader(options.data_dir, "", embedder.identity)
    first = reader.generation
    assert not reader.keyword("야간 개방", 3)

    night = "\n## 야간 개방\n분석실은 평일 야간에 밤 10시까지 개방합니다.\n"
    (corpus / "center" / "overview.md").write_text(DOCS["center/overview.md"] + night, "utf-8")
    report = Ingestor(options, embedder).run()
    assert reader.generation == first  # a question in flight keeps its generation
    reader.refresh()  # what the service does before each question
    assert reader.generation == report.generation != first
    assert "밤 10시" in reader.chunk(reader.keyword("야간 개방", 3)[0][0]).text
    best = reader.dense(embedder.embed_query("분석실 야간 개방 시간"), 1)[0][0]
    assert "밤 10시" in reader.chunk(best).text
