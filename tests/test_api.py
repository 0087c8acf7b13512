"""The served app driven over HTTP: every REST route with its 4xx cases, streaming, admin auth,
upload → re-index → answer, and the query log written to SQLite (a real server, real httpx)."""

import io
import json
import time

import docx
import httpx
import pytest

from assistant.store import Store

from .conftest import ADMIN_PASSWORD, serve_app

VOUCHER_Q = "2023년 데이터바우처 AI 가공 유형은 최대 얼마까지 지원됐나요?"
ADMIN = {"Authorization": f"Bearer {ADMIN_PASSWORD}"}


@pytest.fixture(scope="module")
def server(small_index, tmp_path_factory):
    with serve_app(small_index, tmp_path_factory.mktemp("server"),
                   ASSISTANT_LOGIN_ATTEMPTS="3", ASSISTANT_LOGIN_WINDOW_S="4",
                   ASSISTANT_MAX_FILE_MB="0.5", ASSISTANT_MAX_QUESTION_CHARS="300",
                   ASSISTANT_RATE_PER_MINUTE="6", ASSISTANT_RATE_BURST="40") as served:
        yield served


@pytest.fixture
def http(server):
    with httpx.Client(base_url=server.url, timeout=120) as client:
        yield client


def wait_job(http, job_id: str) -> dict:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        job = http.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.5)
    pytest.fail(f"job {job_id} did not finish")


def test_health_readiness_and_openapi(http):
    assert http.get("/healthz").json() == {"status": "ok"}
    ready = http.get("/readyz").json()
    assert ready["status"] == "ready" and ready["chunks"] > 0
    spec = http.get("/openapi.json").json()
    for route in ("/api/ask", "/api/drafts", "/api/feedback", "/api/documents",
                  "/api/ingest", "/api/jobs/{job_id}", "/api/insights", "/readyz"):
        assert route in spec["paths"], route
    assert http.get("/docs").status_code == 200


def test_ask_returns_the_cli_json_with_citations_and_trace(http):
    body = http.post("/api/ask", json={"question": VOUCHER_Q, "audience": "startup"}).json()
    assert "6,000만 원" in body["answer"] and "[1]" in body["answer"]
    assert body["citations"][0]["doc_id"] == "t-voucher-2023"
    assert body["trace"]["decision"] == "answer" and body["query_id"] > 0
    assert {"question", "language", "audience", "refused", "notices"} <= set(body)


def test_ask_with_history_and_filters(http):
    first = http.post("/api/ask", json={"question": VOUCHER_Q}).json()
    body = http.post("/api/ask", json={
        "question": "구매 유형은요?", "history": [{"question": VOUCHER_Q,
                                                 "answer": first["answer"]}],
        "filters": {"category": "vouchers"}}).json()
    assert "1,000만 원" in body["answer"] and body["citations"][0]["doc_id"] == "t-voucher-2023"


@pytest.mark.parametrize("payload, status, code", [
    ({"question": "   "}, 400, "question_empty"),
    ({"question": "가" * 301}, 400, "question_too_long"),
    ({"question": "?!?! 🙂🙂 ..."}, 400, "question_symbols"),
    ({"question": VOUCHER_Q, "audience": "investor"}, 422, "invalid_request"),
    ({"question": VOUCHER_Q, "composer": "poetic"}, 422, "invalid_request"),
    ({"audience": "startup"}, 422, "invalid_request"),
])
def test_bad_questions_get_a_4xx_that_names_the_problem(http, payload, status, code):
    response = http.post("/api/ask", json=payload)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code and error["message"]


def test_errors_follow_the_callers_language(http):
    ko = http.post("/api/ask", json={"question": " "}).json()["error"]["message"]
    en = http.post("/api/ask", json={"question": " "},
                   headers={"Accept-Language": "en-US"}).json()["error"]["message"]
    assert "질문" in ko and "question is empty" in en
    assert http.post("/api/ask", content=b"{not json",
                     headers={"Content-Type": "application/json"}).status_code == 422


def test_streamed_answer_sends_pieces_then_the_whole_answer(http):
    events = []
    with http.stream("POST", "/api/ask?stream=true", json={"question": VOUCHER_Q}) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        event = None
        for line in response.iter_lines():
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                events.append((event, json.loads(line[6:])))
    kinds = [kind for kind, _ in events]
    assert kinds[0] == "delta" and kinds[-1] == "answer" and kinds.count("answer") == 1
    streamed = "".join(data["text"] for kind, data in events if kind == "delta")
    assert streamed == events[-1][1]["answer"] and "[1]" in streamed
    bad = http.post("/api/ask?stream=true", json={"question": ""})
    assert bad.status_code == 400


def test_drafts_as_json_docx_and_markdown(http):
    inquiry = ("제목: 데이터바우처 문의\n\n안녕하세요.\n" + VOUCHER_Q
               + "\n\n감사합니다.\n홍길동 드림")
    body = http.post("/api/drafts", json={"text": inquiry}).json()
    markdown = body["markdown"]
    assert "6,000만 원" in markdown and "[1]" in markdown and "2023년 데이터바우처" in markdown
    assert "Sources / 출처" not in markdown and body["draft"]["references"]
    response = http.post("/api/drafts", json={"text": VOUCHER_Q}, headers={
        "Accept": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"})
    assert response.status_code == 200 and "attachment" in response.headers["content-disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "2023년 데이터바우처" in text and "6,000만 원" in text
    edited = http.post("/api/drafts", json={"markdown": "고친 초안 [1]"},
                       headers={"Accept": "text/markdown"})
    assert edited.text == "고친 초안 [1]" and edited.headers["content-type"].startswith(
        "text/markdown")
    empty = http.post("/api/drafts", json={"text": "  "})
    assert empty.status_code == 400 and empty.json()["error"]["code"] == "nothing_to_draft"


def test_feedback_is_stored_and_validated(http, server):
    answer = http.post("/api/ask", json={"question": VOUCHER_Q}).json()
    ok = http.post("/api/feedback", json={"rating": -1, "comment": "금액이 궁금했어요",
                                          "query_id": answer["query_id"]})
    assert ok.status_code == 201 and ok.json()["id"] > 0
    assert http.post("/api/feedback", json={"rating": 5}).status_code == 422


def test_documents_metadata_file_and_view(http):
    docs = http.get("/api/documents").json()["documents"]
    voucher = next(d for d in docs if d["doc_id"] == "t-voucher-2023")
    assert voucher["chunks"] >= 1 and voucher["indexed_at"] > 0 and voucher["error"] == ""
    meta = http.get("/api/documents/t-voucher-2023").json()
    assert meta["title"] == "2023년 데이터바우처" and meta["source"].endswith(".md")
    file = http.get(meta["file"])
    assert file.status_code == 200 and "6,000만 원" in file.text
    view = http.get("/view/t-voucher-2023", params={"q": "최대 6,000만 원까지"})
    assert "<mark" in view.text and "<h1>2023년 데이터바우처</h1>" in view.text
    pdf = next(d for d in docs if d["format"] == "pdf")
    assert http.get(f"/view/{pdf['doc_id']}").headers["content-type"] == "application/pdf"
    missing = http.get("/api/documents/no-such-doc")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "document_unknown"
    assert http.get("/view/..%2F..%2Fetc%2Fpasswd").status_code == 404


@pytest.mark.parametrize("method, path", [
    ("post", "/api/ingest"), ("get", "/api/insights"), ("delete", "/api/documents/t-center"),
])
def test_admin_routes_refuse_without_the_password(http, method, path):
    response = getattr(http, method)(path)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "admin_required"


def test_failed_logins_are_rate_limited(http):
    wrong = {"Authorization": "Bearer wrong"}
    codes = [http.get("/api/insights", headers=wrong).status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    assert http.get("/api/insights", headers=ADMIN).status_code == 429  # blocked for a while
    time.sleep(4.5)
    assert http.get("/api/insights", headers=ADMIN).status_code == 200


def test_upload_checks_type_and_size_before_saving(http, server):
    bad_type = http.post("/api/documents", headers=ADMIN,
                         files={"files": ("notes.exe", b"MZ...", "application/octet-stream")})
    assert bad_type.status_code == 415 and "notes.exe" in bad_type.json()["error"]["message"]
    too_big = http.post("/api/documents", headers=ADMIN,
                        files={"files": ("big.txt", b"a " * 400_000, "text/plain")})
    assert too_big.status_code == 413
    uploads = server.settings.corpus_dir / "uploads"
    assert not uploads.exists() or not any(uploads.iterdir())


def test_upload_reindex_answer_then_delete(http):
    doc = ("---\ntitle: 센터 주차 안내\ndoc_id: t-parking\ncategory: center\nlanguage: ko\n---\n"
           "# 센터 주차 안내\n\n센터 방문객은 지하 주차장을 2시간 무료로 이용할 수 있습니다.\n")
    saved = http.post("/api/documents", headers=ADMIN,
                      files={"files": ("../주차 안내\n.md", doc.encode(), "text/markdown")})
    assert saved.status_code == 201, saved.text
    [path] = saved.json()["saved"]
    assert path.startswith("corpus/uploads/주차-안내") and path.endswith(".md") and "\n" not in path
    job = wait_job(http, saved.json()["job_id"])
    assert job["status"] == "done" and job["progress"] == 1.0, job
    answer = http.post("/api/ask", json={"question": "센터 주차장은 몇 시간 무료인가요?"}).json()
    assert "2시간" in answer["answer"] and answer["citations"][0]["doc_id"] == "t-parking"
    deleted = http.delete("/api/documents/t-parking", headers=ADMIN).json()
    assert wait_job(http, deleted["job_id"])["status"] == "done"
    docs = [d["doc_id"] for d in http.get("/api/documents").json()["documents"]]
    assert "t-parking" not in docs
    assert http.get("/api/jobs/nope").status_code == 404


def test_busy_reindex_is_a_409(http):
    first = http.post("/api/ingest", headers=ADMIN)
    second = http.post("/api/ingest", headers=ADMIN)
    assert first.status_code == 202
    assert second.status_code in (202, 409)  # 409 while the first one still runs
    if second.status_code == 409:
        assert second.json()["error"]["code"] == "ingest_busy"
    wait_job(http, first.json()["job_id"])


def test_insights_group_what_was_not_answered(http):
    for q in ("포항 내일 날씨 어때요?", "포항 내일 날씨 어때요", "내일 포항 날씨 어때요?"):
        assert http.post("/api/ask", json={"question": q}).json()["refused"] is True
    data = http.get("/api/insights", headers=ADMIN).json()
    top = data["missing"][0]
    assert top["count"] >= 2 and "날씨" in top["question"]
    assert data["top_documents"] and data["totals"]["queries"] >= 3
    assert data["latency"] and data["latency"][0]["p50_ms"] > 0


def test_query_log_holds_question_audience_chunks_refusal_and_latency(http, server):
    http.post("/api/ask", json={"question": VOUCHER_Q, "audience": "citizen"})
    store = Store(server.settings.store_path)  # a second reader while the server runs
    try:
        rows = [r for r in store.queries() if r["audience"] == "citizen"]
    finally:
        store.close()
    row = rows[-1]
    assert row["question"] == VOUCHER_Q and row["chunk_ids"] and row["latency_ms"] > 0
    assert row["refused"] is False and row["decision"] == "answer" and row["source"] == "api"


def test_one_client_flooding_is_rate_limited_and_others_are_served(server):
    flood = httpx.Client(base_url=server.url, timeout=60,
                         transport=httpx.HTTPTransport(local_address="127.0.0.9"))
    with flood:
        codes = [flood.post("/api/ask", json={"question": " "}).status_code for _ in range(45)]
        limited = flood.post("/api/ask", json={"question": VOUCHER_Q})
    assert codes[:40] == [400] * 40 and codes[-1] == 429
    assert limited.status_code == 429 and limited.json()["error"]["code"] == "rate_limited"
    with httpx.Client(base_url=server.url, timeout=60,
                      transport=httpx.HTTPTransport(local_address="127.0.0.10")) as other:
        assert other.post("/api/ask", json={"question": VOUCHER_Q}).status_code == 200


def test_an_oversized_body_is_refused_before_it_is_read(http):
    response = http.post("/api/ask", content=b'{"question": "' + b"a" * 400_000 + b'"}',
                         headers={"Content-Type": "application/json"})
    assert response.status_code == 413


def test_personal_data_is_masked_in_the_query_log(http, server):
    question = "010-1234-5678 번호로 연락 주세요. 데이터바우처 한도는요?"
    http.post("/api/ask", json={"question": question})
    http.post("/api/feedback", json={"rating": -1, "comment": "메일 hong@example.com",
                                     "question": question})
    store = Store(server.settings.store_path)
    try:
        logged = store.queries()[-1]["question"]
        comment = store.feedback_rows()[-1]["comment"]
    finally:
        store.close()
    assert "010-1234-5678" not in logged and "[전화번호]" in logged
    assert comment == "메일 [이메일]"
