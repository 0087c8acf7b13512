"""The app database on a real SQLite file: schema versions, WAL, restarts, threads, records."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from assistant.store import MIGRATIONS, SCHEMA_VERSION, Store, open_store
from ingest.errors import AssistantError


def log(store: Store, question: str = "데이터바우처 신청 기간은?", **overrides) -> int:
    values = dict(
        question=question, audience="startup", language="ko", refused=False, decision="answer",
        reason="", chunk_ids=["d1#0"], doc_ids=["d1"], latency_ms=120.0,
    )
    values.update(overrides)
    return store.log_query(**values)


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "data") as store:
        yield store


def test_new_database_is_migrated_to_the_current_version(tmp_path):
    path = tmp_path / "nested" / "data" / "app.sqlite3"
    store = Store(path)
    assert path.exists()
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 1
    assert store.version == SCHEMA_VERSION
    store.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"conversations", "queries", "feedback", "jobs"} <= tables


def test_wal_mode_is_on(store):
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_records_survive_a_restart(tmp_path):
    store = open_store(tmp_path)
    query_id = log(store, conversation_id="c1", source="api")
    store.add_feedback(rating=-1, query_id=query_id, comment="틀렸어요")
    store.save_conversation("c1", browser_id="b1", title="바우처", audience="startup",
                            messages=[{"role": "user", "content": "신청 기간?"}])
    job_id = store.create_job("ingest")
    store.close()

    reopened = open_store(tmp_path)
    assert reopened.version == SCHEMA_VERSION
    [row] = reopened.queries()
    assert row["id"] == query_id and row["source"] == "api" and row["chunk_ids"] == ["d1#0"]
    assert reopened.feedback_rows()[0]["question"] == "데이터바우처 신청 기간은?"
    assert reopened.conversation("c1")["messages"][0]["content"] == "신청 기간?"
    assert reopened.job(job_id)["status"] == "queued"
    reopened.close()


def test_a_newer_database_is_refused(tmp_path):
    path = tmp_path / "app.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(AssistantError, match="schema version"):
        Store(path)
    with sqlite3.connect(path) as conn:  # left untouched
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
        assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0


def test_concurrent_writes_lose_nothing(store):
    def work(n: int) -> None:
        for i in range(25):
            query_id = log(store, question=f"질문 {n}-{i}")
            store.add_feedback(rating=1, query_id=query_id)
            store.save_conversation(f"c{n}", browser_id="b", title=str(i), audience="citizen",
                                    messages=[{"i": i}])

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queries = store.queries()
    assert len(queries) == 200
    assert len({q["question"] for q in queries}) == 200
    assert len(store.feedback_rows()) == 200
    assert len(store.conversations("b")) == 8
    assert all(store.conversation(f"c{n}")["messages"] == [{"i": 24}] for n in range(8))


def test_query_log_keeps_the_trace_summary(store):
    first = log(store, refused=True, decision="refuse", reason="no evidence", chunk_ids=[],
                doc_ids=[], latency_ms=42.5, language="en", source="cli")
    second = log(store)
    rows = store.queries()
    assert [r["id"] for r in rows] == [first, second]
    assert rows[0]["refused"] is True and rows[0]["reason"] == "no evidence"
    assert rows[0]["latency_ms"] == 42.5 and rows[0]["source"] == "cli"
    assert rows[1]["refused"] is False and rows[1]["doc_ids"] == ["d1"]
    assert [r["id"] for r in store.queries(limit=1)] == [second]
    assert store.queries(since=rows[1]["ts"]) == [rows[1]]


def test_feedback_validation(store):
    for rating in (0, 2, -2, True):
        with pytest.raises(ValueError):
            store.add_feedback(rating=rating)
    with pytest.raises(ValueError, match="no logged query"):
        store.add_feedback(rating=1, query_id=999)
    query_id = log(store, question="주차장 있나요?")
    store.add_feedback(rating=-1, comment="x" * 5000, query_id=query_id, answer="없습니다")
    store.add_feedback(rating=1, query_id=query_id, question="다른 질문")
    store.add_feedback(rating=1, question="로그 없는 질문")
    rows = store.feedback_rows()
    assert len(rows[0]["comment"]) == 2000
    assert rows[0]["question"] == "주차장 있나요?" and rows[0]["answer"] == "없습니다"
    assert rows[1]["question"] == "다른 질문"
    assert rows[2]["query_id"] is None and rows[2]["question"] == "로그 없는 질문"
    assert [r["rating"] for r in rows] == [-1, 1, 1]


def test_conversations_per_browser_newest_first(store):
    for cid in ("a", "b", "c"):
        store.save_conversation(cid, browser_id="me", title=cid.upper(), audience="citizen",
                                messages=[])
    store.save_conversation("other", browser_id="you", title="X", audience="citizen", messages=[])
    store.save_conversation("a", browser_id="me", title="A2", audience="staff",
                            messages=[{"role": "user", "content": "안녕"}])
    listed = store.conversations("me")
    assert [c["id"] for c in listed] == ["a", "c", "b"]
    assert set(listed[0]) == {"id", "title", "audience", "updated"}
    assert listed[0]["title"] == "A2" and listed[0]["audience"] == "staff"
    assert [c["id"] for c in store.conversations("me", limit=2)] == ["a", "c"]
    full = store.conversation("a")
    assert full["messages"] == [{"role": "user", "content": "안녕"}]
    assert full["created"] < full["updated"]
    store.delete_conversation("a")
    store.delete_conversation("missing")
    assert store.conversation("a") is None
    assert [c["id"] for c in store.conversations("me")] == ["c", "b"]


def test_job_lifecycle(store):
    job_id = store.create_job("ingest")
    assert len(job_id) == 32
    job = store.job(job_id)
    assert job["kind"] == "ingest" and job["status"] == "queued"
    assert job["progress"] == 0 and job["result"] is None
    store.update_job(job_id, status="running", progress=0.4, message="청킹 중")
    job = store.job(job_id)
    assert (job["status"], job["progress"], job["message"]) == ("running", 0.4, "청킹 중")
    store.update_job(job_id, progress=7)
    assert store.job(job_id)["progress"] == 1.0
    store.update_job(job_id, status="done", result={"documents": 3, "chunks": ["가", "나"]})
    job = store.job(job_id)
    assert job["status"] == "done" and job["message"] == "청킹 중"
    assert job["result"] == {"documents": 3, "chunks": ["가", "나"]}
    assert job["updated"] > job["created"]
    with pytest.raises(ValueError):
        store.update_job(job_id, status="paused")
    with pytest.raises(KeyError):
        store.update_job("nope", status="failed")
    assert store.job("nope") is None


def test_delete_older_than(store):
    old = log(store, question="old")
    store.add_feedback(rating=-1, query_id=old)
    recent = log(store, question="recent")
    cutoff = store.queries()[-1]["ts"]  # everything before the recent query
    store.add_feedback(rating=1, query_id=old)  # newer feedback on an old query outlives it
    store.add_feedback(rating=1, query_id=recent)
    assert store.delete_older_than(cutoff) == 2
    assert [q["question"] for q in store.queries()] == ["recent"]
    rows = store.feedback_rows()
    assert [(r["query_id"], r["question"]) for r in rows] == [(None, "old"), (recent, "recent")]
    assert store.delete_older_than(0) == 0
