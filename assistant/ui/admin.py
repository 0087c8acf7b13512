"""The admin tabs: documents (upload, re-index with progress, list, delete) and insights
(what the corpus is missing, latency, most cited documents). Every handler checks the
session's admin flag, which only a correct password sets (failed logins are rate-limited)."""

from __future__ import annotations

import datetime as dt
import logging
import time
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.i18n import UserInputError, user_message
from assistant.ui.labels import label
from ingest.errors import AssistantError

log = logging.getLogger(__name__)
_POLL_S = 0.5
# Trades the login ticket for the HttpOnly admin session cookie (see assistant.auth).
SESSION_JS = """(ticket) => { if (ticket) { fetch('/api/admin/session', {method: 'POST',
  headers: {'Content-Type': 'application/json'}, credentials: 'same-origin',
  body: JSON.stringify({ticket: ticket})}); } return []; }"""


class AdminTabs:
    """Documents and insights, over one Workspace and the admin password check."""

    def __init__(self, workspace, auth) -> None:
        self.ws = workspace
        self.auth = auth

    def login(self, password: str, prefs: dict, request: gr.Request):
        """Check the password; on success show the admin panels."""
        language = prefs.get("language", "ko")
        client = request.client.host if request and request.client else "?"
        try:
            self.auth.check(password or None, client)
        except AssistantError as exc:
            gr.Warning(user_message(exc, language))
            hidden = gr.update(visible=False)
            return False, hidden, hidden, "", gr.update(), gr.update(), ""
        gr.Info(label("admin_ok", language))
        shown, hidden = gr.update(visible=True), gr.update(visible=False)
        # the page trades this one-time ticket for the admin cookie Gradio's upload route needs
        return True, shown, shown, "", hidden, hidden, self.auth.issue_ticket()

    @staticmethod
    def _require(is_admin: bool) -> None:
        if not is_admin:
            raise UserInputError("admin_required", status=401)

    def table(self, language: str = "ko") -> list[list[Any]]:
        """Rows of the documents table."""
        rows = []
        for d in self.ws.documents():
            when = (dt.datetime.fromtimestamp(d["indexed_at"]).strftime("%Y-%m-%d %H:%M")
                    if d["indexed_at"] else "")
            rows.append([d["doc_id"], d["title"], d["source"], d["chunks"], when, d["error"]])
        return rows

    def refresh(self, is_admin: bool, prefs: dict):
        """The documents table and the delete choices."""
        if not is_admin:
            return gr.update(), gr.update()
        rows = self.table(prefs.get("language", "ko"))
        return rows, gr.update(choices=[r[0] for r in rows if r[0]])

    def _wait(self, job_id: str, progress: gr.Progress, language: str) -> str:
        while True:
            job = self.ws.job(job_id)
            progress(job.get("progress") or 0.0, desc=job.get("message") or job["status"])
            if job["status"] in ("done", "failed"):
                break
            time.sleep(_POLL_S)
        if job["status"] == "failed":
            return label("ingest_failed", language).format(message=job.get("message", ""))
        result = job.get("result") or {}
        files = sum(result.get(k, 0) for k in ("added", "updated", "unchanged"))
        return label("ingest_done", language).format(
            files=files, chunks=result.get("chunks", 0), failed=len(result.get("failed", [])))

    def _run(self, action, is_admin: bool, prefs: dict, progress: gr.Progress):
        language = prefs.get("language", "ko")
        try:
            self._require(is_admin)
            job_id = action(language)
            if not job_id:
                return gr.update(), gr.update(), gr.update()
            message = self._wait(job_id, progress, language)
        except AssistantError as exc:
            gr.Warning(user_message(exc, language))
            return gr.update(), gr.update(), gr.update()
        gr.Info(message)
        rows, choices = self.refresh(True, prefs)
        return rows, choices, message

    def upload(self, files, is_admin: bool, prefs: dict, progress=gr.Progress()):
        """Save uploads (type and size checked first), then re-index with a progress bar;
        the upload box is cleared once the files are in the corpus."""
        saved: list[str] = []

        def action(language: str) -> str | None:
            if not files:
                raise UserInputError("upload_none")
            paths = [Path(f if isinstance(f, str) else f.name) for f in files]
            for path in paths:
                self.ws.catalogue.check_upload(path.name, path.stat().st_size)
            for path in paths:
                self.ws.catalogue.save_upload(path.name, path.read_bytes())
                saved.append(path.name)
                path.unlink(missing_ok=True)  # Gradio's temporary copy
            return self.ws.start_ingest()

        result = self._run(action, is_admin, prefs, progress)
        return (*result, None if saved else gr.update())

    def reindex(self, is_admin: bool, prefs: dict, progress=gr.Progress()):
        """Re-index the whole corpus."""
        return self._run(lambda language: self.ws.start_ingest(), is_admin, prefs, progress)

    def delete(self, doc_id: str, is_admin: bool, prefs: dict, progress=gr.Progress()):
        """Delete a document and re-index (its chunks go with it)."""
        def action(language: str) -> str | None:
            if not doc_id:
                return None
            self.ws.catalogue.delete(doc_id)
            gr.Info(label("deleted", language).format(doc_id=doc_id))
            return self.ws.start_ingest()

        return self._run(action, is_admin, prefs, progress)

    def insights(self, is_admin: bool, prefs: dict):
        """Summary, latency plot and most cited documents."""
        from assistant.insights import insights_markdown

        if not is_admin:
            return gr.update(), gr.update(), gr.update()
        import pandas as pd

        data = self.ws.insights()  # insights_markdown escapes what users typed
        language = prefs.get("language", "ko")
        latency = pd.DataFrame(
            [{"time": dt.datetime.fromtimestamp(p["t"]), "p50": p["p50_ms"], "p95": p["p95_ms"]}
             for p in data["latency"]], columns=["time", "p50", "p95"])
        top = [[d["doc_id"], d["count"]] for d in data["top_documents"]]
        return insights_markdown(data, language), latency, top

    def _login_row(self, c: dict, name: str) -> None:
        with gr.Row() as c[f"{name}_login_row"]:
            c[f"{name}_password"] = gr.Textbox(label=label("admin_password", "ko"),
                                               type="password", scale=3,
                                               elem_id=f"{name}-password")
            c[f"{name}_login"] = gr.Button(label("admin_login", "ko"), scale=1,
                                           elem_id=f"{name}-login")

    def build_documents(self, c: dict) -> None:
        """The documents tab body (inside a gr.Tab)."""
        self._login_row(c, "docs")
        with gr.Column(visible=False) as c["docs_panel"]:
            c["upload"] = gr.File(label=label("upload", "ko"), file_count="multiple",
                                  file_types=[".md", ".txt", ".html", ".htm", ".docx", ".pdf",
                                              ".hwp", ".hwpx"], elem_id="upload")
            with gr.Row():
                c["upload_button"] = gr.Button(label("upload_button", "ko"), variant="primary",
                                               elem_id="upload-button")
                c["reindex"] = gr.Button(label("reindex", "ko"), elem_id="reindex")
                c["refresh"] = gr.Button(label("refresh", "ko"), elem_id="docs-refresh")
            c["ingest_status"] = gr.Markdown(elem_id="ingest-status")
            c["doc_table"] = gr.Dataframe(
                headers=[label(k, "ko") for k in ("col_doc", "col_title", "col_source",
                                                  "col_chunks", "col_indexed", "col_error")],
                label=label("doc_list", "ko"), interactive=False, wrap=True,
                elem_id="doc-table")
            with gr.Row():
                c["delete_choice"] = gr.Dropdown([], label=label("delete_doc", "ko"), scale=3)
                c["delete"] = gr.Button(label("delete_button", "ko"), variant="stop", scale=1)

    def build_insights(self, c: dict) -> None:
        """The insights tab body (inside a gr.Tab)."""
        self._login_row(c, "ins")
        with gr.Column(visible=False) as c["ins_panel"]:
            c["ins_refresh"] = gr.Button(label("insights_refresh", "ko"), elem_id="ins-refresh")
            c["ins_summary"] = gr.Markdown(elem_id="ins-summary")
            c["ins_latency"] = gr.LinePlot(x="time", y="p95", label=label("latency", "ko"),
                                           elem_id="ins-latency")
            c["ins_top"] = gr.Dataframe(headers=[label("col_doc", "ko"),
                                                 label("col_count", "ko")],
                                        label=label("top_docs", "ko"), interactive=False)

    def wire(self, c: dict, prefs, is_admin: gr.State) -> None:
        """Connect the admin handlers (after both tabs are built)."""
        panels = [is_admin, c["docs_panel"], c["ins_panel"]]
        rows = [c["docs_login_row"], c["ins_login_row"]]
        ticket = gr.Textbox(visible=False, elem_id="admin-ticket")
        for name in ("docs", "ins"):
            for trigger in (c[f"{name}_login"].click, c[f"{name}_password"].submit):
                trigger(self.login, [c[f"{name}_password"], prefs],
                        [*panels, c[f"{name}_password"], *rows, ticket], api_name=False).then(
                    None, [ticket], None, js=SESSION_JS)
        table_out = [c["doc_table"], c["delete_choice"]]
        c["docs_login"].click(self.refresh, [is_admin, prefs], table_out, api_name=False)
        c["refresh"].click(self.refresh, [is_admin, prefs], table_out, api_name=False)
        job_out = [*table_out, c["ingest_status"]]
        c["upload_button"].click(self.upload, [c["upload"], is_admin, prefs],
                                 [*job_out, c["upload"]], api_name=False, concurrency_limit=1)
        c["reindex"].click(self.reindex, [is_admin, prefs], job_out, api_name=False,
                           concurrency_limit=1)
        c["delete"].click(self.delete, [c["delete_choice"], is_admin, prefs], job_out,
                          api_name=False, concurrency_limit=1)
        c["ins_refresh"].click(self.insights, [is_admin, prefs],
                               [c["ins_summary"], c["ins_latency"], c["ins_top"]],
                               api_name=False)
        for trigger in (c["ins_login"].click, c["tab_insights"].select):
            trigger(self.insights, [is_admin, prefs],
                    [c["ins_summary"], c["ins_latency"], c["ins_top"]], api_name=False)
