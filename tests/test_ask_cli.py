"""`assistant ask` as a user runs it: a subprocess against the small index (env settings)."""

import json
import os
import socket
import subprocess
import sys

import pytest

from assistant.citations import parse_markers

from .conftest import REPO

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
    data = json.loads(out.stdout)
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
