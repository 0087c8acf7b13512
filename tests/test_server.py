"""`assistant serve`: the app is assembled in one place, refuses to start without an admin
password when admin is on, binds loopback, and keeps Gradio's telemetry off."""

import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.server import build_app, check_start
from assistant.settings import Settings
from ingest.errors import AssistantError

from .conftest import REPO


def test_check_start_needs_a_password_when_admin_is_on(tmp_path):
    with pytest.raises(AssistantError, match="ASSISTANT_ADMIN_PASSWORD"):
        check_start(Settings(data_dir=tmp_path, admin_enabled=True))
    check_start(Settings(data_dir=tmp_path, admin_enabled=True, admin_password="s3cret-pw"))
    check_start(Settings(data_dir=tmp_path))  # admin off: no password needed


def test_app_routes_health_and_gradio_config_without_an_index(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus")
    app = build_app(settings, warm_up=False)
    with TestClient(app) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["status"] == "unavailable"
        assert "ingest" in ready.json()["error"]["message"]  # says what to do
        config = client.get("/config").json()
        assert config["analytics_enabled"] is False
        assert client.get("/").status_code == 200
        ask = client.post("/api/ask", json={"question": "센터에 어떤 공간이 있나요?"})
        assert ask.status_code == 503 and ask.json()["error"]["code"] == "index_missing"


def test_admin_on_without_password_refuses_to_start(tmp_path):
    env = {"ASSISTANT_ADMIN_ENABLED": "true", "ASSISTANT_ADMIN_PASSWORD": "",
           "ASSISTANT_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "serve", "--port", "0"],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "ASSISTANT_ADMIN_PASSWORD" in done.stderr and "Traceback" not in done.stderr


def test_gradio_uploads_are_admin_only_size_limited_and_removed_after_the_server(
        small_index, tmp_path):
    import httpx

    from .conftest import ADMIN_PASSWORD, serve_app

    def post(name: str, data: bytes, **kwargs) -> httpx.Response:
        return httpx.post(route, files={"files": (name, data, "text/markdown")}, timeout=60,
                          **kwargs)

    admin = {"Authorization": f"Bearer {ADMIN_PASSWORD}"}
    with serve_app(small_index, tmp_path / "a", ASSISTANT_MAX_FILE_MB="0.1") as served:
        route = served.url + "/gradio_api/upload"
        refused = post("a.md", b"# hi\n", headers={"Accept-Language": "en"})
        assert refused.status_code == 401 and "admin" in refused.json()["error"]["message"]
        assert post("a.md", b"# hi\n", cookies={"assistant_admin": "forged"}).status_code == 401
        assert post("a.md", b"# hi\n", headers={"Authorization": "Bearer wrong"}
                    ).status_code == 401
        ok = post("a.md", b"# hi\n", headers=admin)
        assert ok.status_code == 200, ok.text
        [saved] = ok.json()
        assert "assistant-uploads" in saved and Path(saved).exists()
        big = post("b.md", b"x" * 200_000, headers=admin)
        assert big.status_code in (400, 413)
    with serve_app(small_index, tmp_path / "b"):  # a stopped server's uploads are gone
        assert not Path(saved).exists()


def test_the_login_ticket_buys_the_upload_cookie_once(tmp_path):
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=tmp_path / "corpus",
                        admin_enabled=True, admin_password="s3cret-pw")
    app = build_app(settings, warm_up=False)
    files = {"files": ("a.md", b"# hi\n", "text/markdown")}
    with TestClient(app) as client:
        assert client.post("/gradio_api/upload", files=files).status_code == 401
        ticket = app.state.auth.issue_ticket()
        opened = client.post("/api/admin/session", json={"ticket": ticket})
        assert opened.status_code == 200
        cookie = opened.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        assert client.post("/gradio_api/upload", files=files).status_code == 200
        client.cookies.clear()
        again = client.post("/api/admin/session", json={"ticket": ticket})
        assert again.status_code == 401  # a ticket opens one session
        assert client.post("/gradio_api/upload", files=files).status_code == 401


def test_a_first_run_serves_at_once_and_builds_the_index_inside(tmp_path):
    import os

    import httpx

    from .conftest import free_port, stop_process, wait_http, write_docs

    corpus = write_docs(tmp_path / "corpus")
    port = free_port()
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path / "data"),
           "ASSISTANT_CORPUS_DIR": str(corpus), "GRADIO_ANALYTICS_ENABLED": "False",
           "ASSISTANT_BUILD_PUBLISH_S": "0.5"}
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port),
         "--index-if-missing"], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"

    def output() -> str:
        log.seek(0)
        return log.read()

    try:
        wait_http(url + "/healthz", process, output, 180)
        assert httpx.get(url + "/", timeout=30).status_code == 200  # the page, at once
        wait_http(url + "/readyz", process, output, 300)
        answer = httpx.post(url + "/api/ask", timeout=120, json={
            "question": "2023년 데이터바우처 AI 가공 유형은 최대 얼마까지 지원됐나요?"})
        assert answer.status_code == 200, answer.text
        deadline = time.monotonic() + 300
        while "indexing done" not in output():
            assert time.monotonic() < deadline, output()
            time.sleep(0.5)
        assert "indexing the documents" in output() and "Traceback" not in output()
        assert httpx.get(url + "/readyz").json()["indexing"] is None
    finally:
        stop_process(process)
        log.close()
