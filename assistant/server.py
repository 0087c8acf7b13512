"""`assistant serve`: one FastAPI app with the REST API and the Gradio UI mounted at `/`.

Every part (Assistant, Store, Catalogue, AdminAuth, Workspace) is built here once and passed
in; the routes and the UI only call the Workspace.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import sqlite3
import threading
import time
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from assistant.auth import AdminAuth
from assistant.serve_process import (
    SERVE_FILE,
    Announcement,
    build_if_missing,
    upload_folder,
)
from assistant.settings import Settings
from ingest.errors import AssistantError

log = logging.getLogger(__name__)
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # the app promises to run offline


def build_workspace(settings: Settings, assistant=None):
    """The Workspace over the configured Assistant, Store and Catalogue."""
    from assistant.documents import Catalogue
    from assistant.service import Assistant
    from assistant.store import Store
    from assistant.workspace import Workspace

    try:
        store = Store(settings.store_path)
    except (sqlite3.Error, OSError) as exc:  # read-only or full disk: answers still served
        log.warning("cannot write %s (%s): conversations, feedback and query logs are kept in "
                    "memory until restart", settings.store_path, exc)
        store = Store(Path(":memory:"))
    assistant = assistant or Assistant(settings)
    catalogue = Catalogue(settings.corpus_dir, assistant.reader, settings.upload_dir,
                          settings.max_file_mb)
    return Workspace(settings, assistant, store, catalogue)


def build_app(settings: Settings, workspace=None, *, warm_up: bool = True) -> FastAPI:
    """The served app: REST routes, error handlers, and the Gradio UI at `/`.

    With `warm_up`, Kiwi, the model and the index load first (see `Assistant.warm_up`), one
    after another in this thread, and the app is returned ready. Loading them in a thread beside
    gradio's import was slower: both are Python work that holds the GIL, and the two threads
    contending for it took 5.0–6.1 s where one after the other took 4.3–4.7 s (10k chunks, 2
    cores, docs/benchmarks.md)."""
    auth = AdminAuth(settings.admin_password.get_secret_value(),
                     enabled=settings.admin_enabled, attempts=settings.login_attempts,
                     window_s=settings.login_window_s, session_s=settings.admin_session_s)
    workspace = workspace or build_workspace(settings)
    if warm_up:
        _warm(workspace)
        threading.Thread(target=_purge, args=(workspace,), daemon=True).start()
    from assistant.ui.gradio_import import import_gradio

    gr = import_gradio()  # before assistant.ui.app, whose modules import gradio themselves
    from assistant.api import error_response, language_of, router
    from assistant.i18n import t
    from assistant.ui.app import build_ui

    upload_limit = int(settings.max_file_mb * 1024 * 1024)
    app = FastAPI(title="포항 빅데이터 AI 혁신센터 · Knowledge assistant API",
                  description="Cited answers, staff drafts, documents and insights. The same "
                  "core as `assistant ask`.", version="1.0",
                  max_body_size=upload_limit + 1024 * 1024)  # one upload plus form overhead
    app.state.workspace, app.state.auth = workspace, auth

    @app.exception_handler(AssistantError)
    async def domain_error(request: Request, exc: AssistantError) -> JSONResponse:
        return error_response(exc, language_of(request))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [f"{'.'.join(str(p) for p in e['loc'] if p != 'body')}: {e['msg']}"
                    for e in exc.errors()]
        return JSONResponse({"error": {"code": "invalid_request",
                                       "message": "; ".join(problems)}}, status_code=422)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s", request.url.path)
        return JSONResponse({"error": {"code": "internal", "message": t(
            "internal", language_of(request))}}, status_code=500)

    app.include_router(router)
    _guard_gradio_uploads(app, auth)
    blocks = build_ui(workspace, auth, settings)
    # Gradio's queue: as many events at once as the answer pool has workers, and a bounded
    # queue (a full queue tells the user to retry instead of growing without end).
    blocks.queue(default_concurrency_limit=settings.answer_workers,
                 max_size=settings.answer_queue + settings.answer_workers)
    return gr.mount_gradio_app(
        app, blocks, path="/", max_file_size=int(settings.max_file_mb * 1024 * 1024),
        allowed_paths=[str(settings.export_dir)], show_error=False, footer_links=[],
        ssr_mode=False, mcp_server=False, enable_monitoring=False,
        css=_css(), head=_head())


SESSION_COOKIE = "assistant_admin"


def _guard_gradio_uploads(app: FastAPI, auth: AdminAuth) -> None:
    """Close Gradio's own upload route to everyone but a logged-in admin, and add the route
    where the page trades its login ticket for the admin session cookie."""
    from assistant.api import client_of, language_of
    from assistant.i18n import t

    @app.middleware("http")
    async def uploads_need_admin(request: Request, call_next):
        if request.url.path.rstrip("/") in ("/gradio_api/upload", "/upload"):
            bearer = request.headers.get("authorization", "")
            token = bearer[7:].strip() if bearer.lower().startswith("bearer ") else ""
            allowed = auth.session_ok(request.cookies.get(SESSION_COOKIE))
            if not allowed and token:
                try:
                    auth.check(token, client_of(request))
                    allowed = True
                except AssistantError as exc:
                    from assistant.api import error_response

                    return error_response(exc, language_of(request))
            if not allowed:
                return JSONResponse({"error": {"code": "admin_required", "message": t(
                    "admin_required", language_of(request))}}, status_code=401)
        return await call_next(request)

    @app.post("/api/admin/session", tags=["admin"], include_in_schema=False)
    async def admin_session(request: Request) -> JSONResponse:
        try:
            body = await request.json()
        except ValueError:
            body = {}
        ticket = str(body.get("ticket") or "") if isinstance(body, dict) else ""
        session = auth.open_session(ticket)
        if session is None:
            return JSONResponse({"error": {"code": "admin_required", "message": t(
                "admin_required", language_of(request))}}, status_code=401)
        response = JSONResponse({"ok": True})
        response.set_cookie(SESSION_COOKIE, session, max_age=int(auth.session_s), httponly=True,
                            samesite="strict", secure=request.url.scheme == "https", path="/")
        return response


def _warm(workspace) -> None:
    """Kiwi, the model and the index (see `Assistant.warm_up`); a failure (no index yet, say)
    is logged, and /readyz reports it until it is fixed."""
    try:
        workspace.assistant.warm_up()
    except Exception as exc:  # /readyz reports it; the server keeps running
        log.warning("warm-up failed: %s", exc)


def _purge(workspace, every_s: float = 3600.0) -> None:
    """Delete logs past the retention setting now and every hour."""
    while True:
        workspace.purge_old()
        time.sleep(every_s)


def _css() -> str:
    from assistant.ui.app import CSS

    return CSS


def _head() -> str:
    from assistant.ui.app import HEAD

    return HEAD


def serve(settings: Settings, *, host: str = "127.0.0.1", port: int = 7860,
          index_if_missing: bool = False) -> None:
    """Serve until stopped (refuses to start without an admin password when admin is on).

    Once listening it leaves `<data_dir>/serve.json` (`{"url", "pid"}`) for `assistant ask`,
    which then sends its questions here. On exit the file goes, and so does the temporary folder
    of this process's Gradio uploads (a killed process's folder goes at the next start)."""
    import uvicorn

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)
    uploads = upload_folder()
    os.environ["GRADIO_TEMP_DIR"] = str(uploads)  # read when gradio is imported (below)
    announcement = Announcement(settings.data_dir / SERVE_FILE)
    try:
        app = build_app(settings)
        if index_if_missing:
            build_if_missing(settings, app.state.workspace)
        if port == 0:
            from assistant.ui.app import free_port

            port = free_port(host)
        print(f"serving on http://{host}:{port}", flush=True)
        server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
        local = "127.0.0.1" if host in ("", "0.0.0.0", "::") else host
        url = f"http://[{local}]:{port}" if ":" in local else f"http://{local}:{port}"
        threading.Thread(target=announcement.when_started, args=(server, url), daemon=True).start()
        with contextlib.suppress(KeyboardInterrupt):
            server.run()
        if not server.started:  # as uvicorn.run: e.g. the port is taken
            raise SystemExit(3)  # uvicorn's STARTUP_FAILURE
    finally:
        announcement.withdraw()
        shutil.rmtree(uploads, ignore_errors=True)


def _terminated(signum: int, frame) -> None:
    """SIGTERM (raised again by uvicorn once it has shut down) runs the clean-up in `serve`."""
    raise SystemExit(128 + signum)


def check_start(settings: Settings) -> None:
    """Fail before loading anything when the settings cannot serve."""
    AdminAuth(settings.admin_password.get_secret_value(), enabled=settings.admin_enabled)


__all__ = ["build_app", "build_workspace", "check_start", "serve", "AssistantError"]
