"""The chat page: rendering, Gradio history, and `assistant serve` asked through gradio_client."""

import os
import subprocess
import sys
import time
import urllib.request

import gradio as gr
import pytest
from gradio_client import Client

from assistant.models import Answer, Citation, Turn
from assistant.service import Assistant
from assistant.ui import SOURCES_HEADING, ChatPage, free_port, history_turns, render, render_sources

from .conftest import REPO

VOUCHER_Q = "2023년 데이터바우처 AI 가공 유형은 최대 얼마까지 지원됐나요?"
PDF_CITATION = Citation(1, "vouchers/ko-guide", "데이터 바우처 지원사업 안내 (2024)",
                        "corpus/vouchers/ko-guide.pdf", 3, "제2조의2(지원 한도)",
                        "수요기업 1곳당 지원 한도는 4천5백만 원으로 한다.", 0.03,
                        url="https://example.org/voucher")
MD_CITATION = Citation(2, "t-center", "센터 소개", "corpus/center/overview.md", None, "", "분석실",
                       0.02)


def test_render_sources_lists_title_section_page_snippet_and_link():
    answer = Answer("q", "ko", "startup", "한도는 4천5백만 원입니다. [1] 공간 [2]",
                    [PDF_CITATION, MD_CITATION])
    lines = render_sources(answer).split("\n\n")
    assert lines[0] == SOURCES_HEADING
    assert lines[1] == ("[1] **데이터 바우처 지원사업 안내 (2024)** — 제2조의2(지원 한도) · p. 3"
                        " — <https://example.org/voucher>  \n"
                        "> 수요기업 1곳당 지원 한도는 4천5백만 원으로 한다.")
    assert lines[2] == "[2] **센터 소개**  \n> 분석실"


def test_render_keeps_markers_and_adds_notices_and_sources():
    answer = Answer("q", "ko", "startup", "한도는 4천5백만 원입니다. [1]", [PDF_CITATION],
                    notices=["언어 모델 서버를 사용할 수 없어"])
    text = render(answer)
    assert text.startswith("한도는 4천5백만 원입니다. [1]\n\n_ℹ️ 언어 모델 서버를 사용할 수 없어_")
    assert text.index(SOURCES_HEADING) > text.index("[1]")


def test_render_refusal_has_no_sources():
    refusal = Answer("q", "ko", "startup", "죄송합니다.", [], refused=True)
    assert render_sources(refusal) == "" and render(refusal) == "죄송합니다."


def test_history_turns_from_plain_messages():
    history = [
        {"role": "user", "content": "첫 질문"},
        {"role": "assistant", "content": f"답 [1]\n\n{SOURCES_HEADING}\n\n[1] **문서**"},
        {"role": "assistant", "content": {"path": "image.png"}},  # files are skipped
        {"role": "user", "content": "둘째 질문"},
    ]
    assert history_turns(history) == [Turn("첫 질문", "답 [1]"), Turn("둘째 질문", "")]
    assert history_turns([{"role": "assistant", "content": "orphan answer"}]) == []


def test_history_turns_from_gradio_6_normalised_messages():
    """From the second turn on, ChatInterface passes the Chatbot's preprocessed value."""
    chatbot = gr.Chatbot()
    shown = chatbot.postprocess([
        {"role": "user", "content": VOUCHER_Q},
        {"role": "assistant", "content": f"6,000만 원 [1]\n\n{SOURCES_HEADING}\n\n[1] x"},
    ])
    history = chatbot.preprocess(shown)
    assert isinstance(history[0]["content"], list)  # [{"type": "text", "text": ...}]
    assert history_turns(history) == [Turn(VOUCHER_Q, "6,000만 원 [1]")]


def test_respond_uses_the_history_for_follow_ups(small_index, embedder, monkeypatch):
    assistant = Assistant(small_index, embedder=embedder)
    answers = []
    real_ask = assistant.ask

    def recording_ask(*args, **kwargs):  # the real core, with its answers kept for the checks
        answers.append(real_ask(*args, **kwargs))
        return answers[-1]

    monkeypatch.setattr(assistant, "ask", recording_ask)
    page = ChatPage(assistant)
    first = page.respond(VOUCHER_Q, [], "startup")
    chatbot = gr.Chatbot()
    history = chatbot.preprocess(chatbot.postprocess([
        {"role": "user", "content": VOUCHER_Q}, {"role": "assistant", "content": first}]))
    page.respond("그럼 구매 유형은요?", history, "citizen")
    follow = answers[-1]
    assert follow.audience == "citizen"
    assert "데이터바우처" in follow.standalone_question and "2023" in follow.standalone_question
    with pytest.raises(gr.Error, match="unknown audience"):
        page.respond(VOUCHER_Q, [], "investor")


# ---------- `assistant serve` for real ----------

def wait_until_up(url: str, process: subprocess.Popen, log, limit_s: float = 120.0) -> None:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            pytest.fail(f"serve exited with {process.returncode}:\n{log.read()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    log.seek(0)
    pytest.fail(f"serve did not answer within {limit_s} s:\n{log.read()}")


@pytest.fixture(scope="module")
def served(small_index, tmp_path_factory):
    """`assistant serve` on a free loopback port over the small index; always terminated."""
    port = free_port("127.0.0.1")
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(small_index.data_dir),
           "ASSISTANT_CORPUS_DIR": str(small_index.corpus_dir), "GRADIO_ANALYTICS_ENABLED": "False"}
    log = (tmp_path_factory.mktemp("serve") / "serve.log").open("w+", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "serve", "--host", "127.0.0.1", "--port",
         str(port)], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        log.close()


def test_serve_answers_through_gradio_client(served):
    client = Client(served, verbose=False)
    api = client.view_api(print_info=False, return_format="dict")["named_endpoints"]["/chat"]
    assert [p["parameter_name"] for p in api["parameters"]] == ["message", "audience"]
    reply = client.predict(VOUCHER_Q, "startup", api_name="/chat")
    assert isinstance(reply, str)
    assert "6,000만 원" in reply and "[1]" in reply
    sources = reply.split(SOURCES_HEADING)[1]
    assert "[1] **2023년 데이터바우처**" in sources and "> 2023년 데이터바우처 AI 가공" in sources


def test_serve_audience_selector_and_errors(served):
    client = Client(served, verbose=False)
    staff = client.predict("What is a data safe zone?", "staff", api_name="/chat")
    assert staff.startswith("Dear inquirer") and "[1] **Data safe zones**" in staff
    refusal = client.predict("What's the weather in Pohang tomorrow?", "citizen",
                             api_name="/chat")
    assert "documents do not cover" in refusal and SOURCES_HEADING not in refusal
    with pytest.raises(Exception, match="question is empty"):
        client.predict("   ", "startup", api_name="/chat")
