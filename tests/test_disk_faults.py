"""A full disk and a read-only data directory (real tmpfs mounts; the tests need root, as CI
has): ingest fails with a clear error and the previous generation is still served; `ask` and
`serve` answer from a read-only data directory, only logging degrades."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from .conftest import REPO, serve_app

VOUCHER_Q = "2023년 데이터바우처 AI 가공 유형은 최대 얼마까지 지원됐나요?"
pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")


def mount_tmpfs(where: Path, size_kb: int) -> None:
    where.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(where)],
                   check=True)


def umount(where: Path) -> None:
    subprocess.run(["umount", "-l", str(where)], check=False)


def du_kb(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) // 1024


def cli(args, data: Path, corpus: Path):
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data), "ASSISTANT_CORPUS_DIR": str(corpus)}
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def mounted(tmp_path):
    where = tmp_path / "mnt"
    yield where
    umount(where)


def test_full_disk_ingest_fails_clearly_and_the_old_index_is_served(small_index, tmp_path,
                                                                   mounted):
    corpus = tmp_path / "corpus"
    shutil.copytree(small_index.corpus_dir, corpus)
    mount_tmpfs(mounted, du_kb(small_index.data_dir) + 512)
    data = mounted / "data"
    shutil.copytree(small_index.data_dir, data)
    current = (data / "index" / "CURRENT").read_text()
    big = "\n\n".join(f"## 절 {i}\n\n" + f"{i}번 규정은 데이터 활용의 서로 다른 조건 {i * 13}을 "
                      "정합니다. " * 4 for i in range(400))
    (corpus / "policies" / "big.md").write_text("---\ndoc_id: t-big\ntitle: 큰 문서\n---\n" + big)
    done = cli(["ingest"], data, corpus)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and "space" in done.stderr.lower()
    assert (data / "index" / "CURRENT").read_text() == current
    answer = json.loads(cli(["ask", VOUCHER_Q, "--json"], data, corpus).stdout)
    assert "6,000만 원" in answer["answer"]


def test_ask_and_serve_work_from_a_read_only_data_directory(small_index, tmp_path, mounted):
    mount_tmpfs(mounted, du_kb(small_index.data_dir) + 4096)
    data = mounted / "data"
    shutil.copytree(small_index.data_dir, data)
    subprocess.run(["mount", "-o", "remount,ro", str(mounted)], check=True)
    done = cli(["ask", VOUCHER_Q, "--json"], data, small_index.corpus_dir)
    assert done.returncode == 0, done.stderr
    assert "6,000만 원" in json.loads(done.stdout)["answer"]
    served_root = tmp_path / "served"
    served_root.mkdir()
    with serve_app(small_index, served_root, ASSISTANT_DATA_DIR=str(data)) as served:
        with httpx.Client(base_url=served.url, timeout=120) as http:
            body = http.post("/api/ask", json={"question": VOUCHER_Q}).json()
            assert "6,000만 원" in body["answer"] and body["query_id"]
        assert "kept in memory" in served.output()
