"""The Gradio UI: chat, staff desk, documents and insights tabs, Korean by default with an
English switch; every tab calls the one Workspace. Mounted at `/` by `assistant.server`."""

from __future__ import annotations

import socket
from typing import Any

import gradio as gr

from assistant.ui.admin import AdminTabs
from assistant.ui.chat import ChatTab, audience_choices, category_choices
from assistant.ui.desk import DeskTab
from assistant.ui.labels import examples, label
from assistant.ui.render import sources_html

CSS = """
#sources-panel .source{border-left:3px solid #d0d7de;padding:.4em .7em;margin:.5em 0}
#sources-panel .source.active{border-left-color:#f59e0b;background:#fffbeb}
#sources-panel mark{background:#fde68a;padding:0 .1em}
#sources-panel .snippet{font-size:.92em;color:#333;margin:.3em 0}
#sources-panel .links{font-size:.85em}
#chat a.cite{font-weight:600;text-decoration:none;cursor:pointer;
  color:var(--link-text-color,#2563eb)}
#chat a.cite:hover{text-decoration:underline}
#title h2{margin:.2em 0}
#new-chat{align-self:flex-end}
#ui-language{align-self:flex-start;flex-grow:0}
#ui-language .wrap{flex-wrap:nowrap;justify-content:flex-end}
"""

# [n] markers open their entry in the sources panel instead of following the link.
HEAD = """
<script>
document.addEventListener('click', function (event) {
  const link = event.target.closest('a.cite');
  if (!link) return;
  event.preventDefault();
  event.stopPropagation();
  const id = link.getAttribute('data-src') || link.getAttribute('href').slice(1);
  document.querySelectorAll('#sources-panel .source.active')
    .forEach(function (el) { el.classList.remove('active'); });
  const entry = document.getElementById(id);
  if (entry) {
    entry.classList.add('active');
    entry.scrollIntoView({behavior: 'smooth', block: 'center'});
  }
}, true);
</script>
"""

LANGUAGE_CHOICES = [("한국어", "ko"), ("English", "en")]


def free_port(host: str) -> int:
    """A free TCP port on `host`."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


# (component name, what to update, label key)
_RELABEL = [
    ("tab_chat", "label", "tab_chat"), ("tab_desk", "label", "tab_desk"),
    ("tab_documents", "label", "tab_documents"), ("tab_insights", "label", "tab_insights"),
    ("audience", "audience", "audience"), ("category", "category", "category"),
    ("question", "placeholder", "placeholder"), ("send", "value", "send"),
    ("comment", "label", "feedback_comment"),
    ("comment_send", "value", "feedback_send"), ("past", "label", "past_chats"),
    ("new", "value", "new_chat"), ("sources_title", "heading", "sources"),
    ("inquiry", "label", "desk_input"), ("make", "value", "desk_make"),
    ("from_chat", "value", "desk_from_chat"), ("draft", "label", "desk_draft"),
    ("docx", "value", "desk_docx"), ("md", "value", "desk_md"), ("file", "label", "desk_file"),
    ("docs_password", "label", "admin_password"), ("docs_login", "value", "admin_login"),
    ("ins_password", "label", "admin_password"), ("ins_login", "value", "admin_login"),
    ("upload", "label", "upload"), ("upload_button", "value", "upload_button"),
    ("reindex", "value", "reindex"), ("refresh", "value", "refresh"),
    ("doc_table", "label", "doc_list"), ("delete_choice", "label", "delete_doc"),
    ("delete", "value", "delete_button"), ("ins_refresh", "value", "insights_refresh"),
    ("ins_latency", "label", "latency"), ("ins_top", "label", "top_docs"),
    ("header", "header", "title"),
]


def _update(kind: str, key: str, language: str, audience: str) -> Any:
    text = label(key, language)
    if kind == "audience":
        return gr.update(choices=audience_choices(language), label=text)
    if kind == "category":
        return gr.update(choices=category_choices(language), label=text)
    if kind == "heading":
        return gr.update(value=f"### {text}")
    if kind == "header":
        return gr.update(value=f"## {text}\n{label('intro', language)}")
    if kind == "examples":
        return gr.update(samples=[[q] for q in examples(audience, language)], label=text)
    return gr.update(**{kind: text})


def build_ui(workspace, auth, settings) -> gr.Blocks:
    """The whole UI over one Workspace and the admin check."""
    chat, desk, admin = ChatTab(workspace), DeskTab(workspace), AdminTabs(workspace, auth)
    c: dict[str, Any] = {}
    with gr.Blocks(title=label("title", "ko"), analytics_enabled=False) as blocks:
        prefs = gr.BrowserState({"language": settings.ui_language, "audience": "startup"},
                                storage_key="pohang-assistant")
        is_admin = gr.State(False)
        with gr.Row(equal_height=True):
            c["header"] = gr.Markdown(f"## {label('title', 'ko')}\n{label('intro', 'ko')}",
                                      elem_id="title")
            c["language"] = gr.Radio(LANGUAGE_CHOICES, value="ko", show_label=False,
                                     container=False, elem_id="ui-language", scale=0,
                                     min_width=230)
        c["indexing"] = gr.Markdown(visible=False, elem_id="index-status")
        timer = gr.Timer(2.0, active=workspace.indexing() is not None)

        def indexing_status(prefs_value: dict | None):
            building = workspace.indexing()
            if building is None:
                return gr.update(visible=False), gr.Timer(active=False)
            text = label("indexing_banner", (prefs_value or {}).get("language", "ko")).format(
                percent=building["percent"])
            return gr.update(value=text, visible=True), gr.Timer(active=True)

        timer.tick(indexing_status, [prefs], [c["indexing"], timer], api_name=False,
                   show_progress="hidden", queue=False)
        with gr.Tabs():
            with gr.Tab(label("tab_chat", "ko"), id="chat") as c["tab_chat"]:
                c.update(chat.build(prefs))
            with gr.Tab(label("tab_desk", "ko"), id="desk") as c["tab_desk"]:
                c.update(desk.build(prefs, c["last_answer"]))
            with gr.Tab(label("tab_documents", "ko"), id="documents",
                        visible=auth.enabled) as c["tab_documents"]:
                admin.build_documents(c)
            with gr.Tab(label("tab_insights", "ko"), id="insights",
                        visible=auth.enabled) as c["tab_insights"]:
                admin.build_insights(c)
        admin.wire(c, prefs, is_admin)

        def relabel(language: str, prefs_value: dict, groups: list):
            audience = (prefs_value or {}).get("audience", "startup")
            updates = [_update(kind, key, language, audience) for _, kind, key in _RELABEL]
            updates.append(_update("examples", "examples", language, audience))
            return [*updates, sources_html(groups or [], language),
                    {**(prefs_value or {}), "language": language}]

        outputs = [c[name] for name, _, _ in _RELABEL] + [c["examples"], c["sources"], prefs]
        c["language"].change(relabel, [c["language"], prefs, c["groups"]], outputs,
                             api_name=False)
        restore, r_in, r_out = c["restore"]

        def on_load(prefs_value: dict | None):
            restored = restore(prefs_value)
            return (*restored, gr.update(value=restored[0].get("language", "ko")))

        blocks.load(on_load, r_in, [*r_out, c["language"]], api_name=False)
        blocks.load(indexing_status, [prefs], [c["indexing"], timer], api_name=False,
                    show_progress="hidden", queue=False)
    return blocks
