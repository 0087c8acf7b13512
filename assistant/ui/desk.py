"""The staff desk tab: a question or a pasted inquiry e-mail becomes a formal reply draft
(greeting, cited body, references, closing), edited in place and exported as .docx or .md."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.i18n import UserInputError, t, user_message
from assistant.ui.labels import label
from ingest.errors import AssistantError

log = logging.getLogger(__name__)


class DeskTab:
    """Builds the staff desk over one Workspace; exports go to the export folder."""

    def __init__(self, workspace) -> None:
        self.ws = workspace

    def make(self, text: str, prefs: dict):
        """Draft a reply to the question or inquiry e-mail."""
        from assistant.drafts import draft_markdown

        language = prefs.get("language", "ko")
        try:
            draft, _ = self.ws.draft(text or "")
        except AssistantError as exc:
            gr.Warning(user_message(exc, language))
            return gr.update()
        except Exception:
            log.exception("draft failed")
            gr.Warning(t("internal", language))
            return gr.update()
        return draft_markdown(draft)

    def from_chat(self, answer, prefs: dict):
        """Draft from the last chat answer (no new search)."""
        from assistant.drafts import draft_markdown, make_draft

        language = prefs.get("language", "ko")
        if answer is None:
            gr.Warning(t("nothing_to_draft", language))
            return gr.update(), gr.update()
        return answer.question, draft_markdown(make_draft(answer))

    def export(self, markdown: str, inquiry: str, ext: str, prefs: dict):
        """Write the (edited) draft as .docx or .md under the export folder; offer the file."""
        from assistant.drafts import draft_filename, markdown_to_docx

        language = prefs.get("language", "ko")
        if not (markdown or "").strip():
            gr.Warning(UserInputError("nothing_to_draft").message(language))
            return None
        folder = Path(self.ws.settings.export_dir) / uuid.uuid4().hex[:12]
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / draft_filename((inquiry or "").strip() or markdown, ext)
        if ext == "docx":
            path.write_bytes(markdown_to_docx(markdown, language=language))
        else:
            path.write_text(markdown, encoding="utf-8")
        return str(path)

    def build(self, prefs: gr.BrowserState, last_answer: gr.State) -> dict[str, Any]:
        """The tab's components, by name."""
        c: dict[str, Any] = {}
        with gr.Row(equal_height=False):
            with gr.Column(scale=2):
                c["inquiry"] = gr.Textbox(label=label("desk_input", "ko"), lines=10,
                                          placeholder=label("desk_placeholder", "ko"),
                                          elem_id="desk-inquiry")
                with gr.Row():
                    c["make"] = gr.Button(label("desk_make", "ko"), variant="primary",
                                          elem_id="desk-make")
                    c["from_chat"] = gr.Button(label("desk_from_chat", "ko"),
                                               elem_id="desk-from-chat")
            with gr.Column(scale=3):
                c["draft"] = gr.Textbox(label=label("desk_draft", "ko"), lines=18,
                                        max_lines=40, interactive=True, elem_id="desk-draft")
                with gr.Row():
                    c["docx"] = gr.Button(label("desk_docx", "ko"), elem_id="desk-docx")
                    c["md"] = gr.Button(label("desk_md", "ko"), elem_id="desk-md")
                c["file"] = gr.File(label=label("desk_file", "ko"), interactive=False,
                                    elem_id="desk-file")
        c["make"].click(self.make, [c["inquiry"], prefs], c["draft"], api_name=False,
                        concurrency_limit=4)
        c["from_chat"].click(self.from_chat, [last_answer, prefs], [c["inquiry"], c["draft"]],
                             api_name=False)
        for ext in ("docx", "md"):
            c[ext].click(lambda md, q, p, ext=ext: self.export(md, q, ext, p),
                         [c["draft"], c["inquiry"], prefs], c["file"], api_name=False)
        return c
