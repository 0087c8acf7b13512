"""The one core behind UI and API: answers logged with their trace, streamed pieces equal the
answer, feedback and drafts, one re-index at a time, and logging that never breaks an answer
(real Assistant, real Chroma, real SQLite)."""

import shutil
import time

import pytest

from assistant.i18n import UserInputError
from assistant.server import build_workspace
from assistant.settings import Settings
from assistant.workspace import pieces

VOUCHER_Q = "2023년 데이터바우처 AI 가공 유형은 최대 얼마까지 지원됐나요?"


@pytest.fixture(scope="module")
def workspace(small_index, tmp_path_factory, embedder):
    from assistant.service import Assistant

    root = tmp_path_factory.mktemp("workspace")
    shutil.copytree(small_index.data_dir, root / "data")
    shutil.copytree(small_index.corpus_dir, root / "corpus")
    settings = Settings(data_dir=root / "data", corpus_dir=root / "corpus")
    ws = build_workspace(settings, Assistant(settings, embedder=embedder))
    yield ws
    ws.store.close()


def wait(ws, job_id):
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        job = ws.job(job_id)
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.2)
    pytest.fail("job did not finish")


@pytest.mark.parametrize("text, size, expected", [
    ("a b c d", 3, ["a b c ", "d"]),
    ("하나  둘\n셋", 2, ["하나  둘\n", "셋"]),
    ("", 3, []),
])
def test_pieces_keep_every_character(text, size, expected):
    assert list(pieces(text, size)) == expected and "".join(expected) == text


def test_ask_is_logged_with_trace_chunks_and_latency(workspace):
    answer, query_id = workspace.ask(VOUCHER_Q, audience="citizen", source="api")
    row = workspace.store.queries()[-1]
    assert row["id"] == query_id and row["question"] == VOUCHER_Q
    assert row["chunk_ids"] == [c.chunk_id for c in answer.citations]
    assert row["doc_ids"] == ["t-voucher-2023"] and row["decision"] == "answer"
    assert row["latency_ms"] > 0 and row["source"] == "api" and row["refused"] is False


def test_refusal_is_logged_with_its_reason(workspace):
    answer, _ = workspace.ask("포항 내일 날씨 어때요?")
    row = workspace.store.queries()[-1]
    assert answer.refused and row["refused"] is True and row["reason"]


def test_stream_sends_pieces_that_add_up_to_the_answer(workspace):
    events = list(workspace.stream(VOUCHER_Q))
    assert [k for k, _ in events][-1] == "answer"
    answer, query_id = events[-1][1]
    assert "".join(v for k, v in events if k == "delta") == answer.text and query_id


def test_category_filter_reaches_retrieval(workspace):
    answer, _ = workspace.ask("What is a data safe zone?", category="vouchers")
    assert all(c.doc_id != "t-safe-zone-en" for c in answer.citations)


def test_feedback_is_validated_and_stored(workspace):
    _, query_id = workspace.ask(VOUCHER_Q)
    feedback_id = workspace.feedback(rating=-1, comment="  더 자세히  ", query_id=query_id)
    workspace.store.comment_feedback(feedback_id, "금액 기준 연도가 궁금해요")
    row = workspace.store.feedback_rows()[-1]
    assert row["rating"] == -1 and row["question"] == VOUCHER_Q
    assert row["comment"] == "금액 기준 연도가 궁금해요"
    with pytest.raises(UserInputError):
        workspace.feedback(rating=0)


def test_draft_from_an_inquiry_email(workspace):
    email = f"보낸 사람: 김민수\n제목: 바우처 문의\n\n안녕하세요.\n{VOUCHER_Q}\n\n감사합니다."
    draft, answer = workspace.draft(email)
    assert answer.audience == "staff" and "6,000만 원" in draft.body
    assert draft.references[0].title == "2023년 데이터바우처"
    with pytest.raises(UserInputError, match="no answer to draft"):
        workspace.draft("   ")


def test_one_reindex_at_a_time_and_failures_listed(workspace):
    bad = workspace.settings.corpus_dir / "uploads" / "broken.pdf"
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_bytes(b"%PDF-1.4 not really")
    job_id = workspace.start_ingest()
    with pytest.raises(UserInputError) as info:
        workspace.start_ingest()
    assert info.value.status == 409
    job = wait(workspace, job_id)
    assert job["status"] == "done" and job["progress"] == 1.0
    failed = [d for d in workspace.documents() if d["error"]]
    assert failed and failed[0]["source"].endswith("broken.pdf")
    bad.unlink()
    assert wait(workspace, workspace.start_ingest())["status"] == "done"
    with pytest.raises(UserInputError):
        workspace.job("no-such-job")


def test_a_store_that_cannot_write_never_breaks_an_answer(small_index, tmp_path, embedder):
    from assistant.service import Assistant

    shutil.copytree(small_index.data_dir, tmp_path / "data")
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=small_index.corpus_dir)
    ws = build_workspace(settings, Assistant(settings, embedder=embedder))
    ws.store.close()  # every write now fails inside sqlite3
    answer, query_id = ws.ask(VOUCHER_Q)
    assert "6,000만 원" in answer.text and query_id is None


def test_a_first_build_says_it_is_indexing_then_answers(tmp_path, embedder, monkeypatch):
    import threading

    from assistant.service import Assistant

    from .conftest import write_docs

    release = threading.Event()

    class Gated:  # the real embedder, held at its first passage batch until released
        identity, max_tokens = embedder.identity, embedder.max_tokens

        def embed_passages(self, texts):
            release.wait(120)
            return embedder.embed_passages(texts)

        def embed_query(self, text):
            return embedder.embed_query(text)

        def count_tokens(self, text):
            return embedder.count_tokens(text)

    settings = Settings(data_dir=tmp_path / "data", corpus_dir=write_docs(tmp_path / "corpus"),
                        build_publish_s=0.001)
    ws = build_workspace(settings, Assistant(settings, embedder=Gated()))
    job_id = ws.start_ingest(first_build=True)
    deadline = time.monotonic() + 120
    while ws.indexing() is None or ws.job(job_id)["status"] != "running":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    for call in (lambda: ws.ask(VOUCHER_Q), ws.ready):
        with pytest.raises(UserInputError) as info:
            call()
        assert info.value.status == 503 and info.value.key == "index_building"
        assert "being indexed" in str(info.value)
    release.set()
    assert wait(ws, job_id)["status"] == "done" and ws.indexing() is None
    answer, _ = ws.ask(VOUCHER_Q)
    assert "6,000만 원" in answer.text and not any("색인" in n for n in answer.notices)
    assert ws.ready()["indexing"] is None
    monkeypatch.setattr(ws, "indexing", lambda: {"job_id": job_id, "percent": 40,
                                                  "message": ""})
    answer, _ = ws.ask(VOUCHER_Q)  # part of the corpus served: answered, with a notice
    assert any("40%" in n and "색인" in n for n in answer.notices)
    ws.store.close()
