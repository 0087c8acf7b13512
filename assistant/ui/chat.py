"""The chat tab: audience, category, examples, streamed cited answers, the sources panel,
👍/👎 with a comment, and conversations kept per browser (restored after a reload)."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import gradio as gr

from assistant.i18n import t, user_message
from assistant.inputs import check_question
from assistant.service import AUDIENCES
from assistant.ui.labels import CATEGORIES, examples, label
from assistant.ui.render import (
    answer_markdown,
    as_text,
    history_turns,
    message_text,
    plain,
    simple_messages,
    source_entries,
    sources_html,
)
from ingest.errors import AssistantError

log = logging.getLogger(__name__)


def audience_choices(language: str) -> list[tuple[str, str]]:
    """Audience radio choices (label, value) in the interface language."""
    return [(label(f"audience_{a}", language), a) for a in AUDIENCES]


def category_choices(language: str) -> list[tuple[str, str]]:
    """Category filter choices (label, value); "" is every category."""
    return [(label(f"category_{c or 'all'}", language), c) for c in CATEGORIES]


class ChatTab:
    """Builds the chat tab and its handlers over one Workspace."""

    def __init__(self, workspace) -> None:
        self.ws = workspace

    def chunk_text(self, chunk_id: str) -> str:
        """The text of a cited chunk (empty when the index changed since)."""
        try:
            return self.ws.assistant.reader.chunk(chunk_id).text
        except (KeyError, AssistantError):
            return ""

    # --- handlers -------------------------------------------------------------------------
    def respond(self, message: str, messages: list, audience: str, category: str,
                prefs: dict, groups: list, query_ids: list):
        """Stream one answer into the chat; bad input gets a notice and the box stays usable."""
        prefs = {"browser_id": uuid.uuid4().hex, **(prefs or {})}  # before the load event ran
        language = prefs.get("language", "ko")
        messages = simple_messages(messages)
        unchanged = (gr.update(), messages, gr.update(), groups, query_ids, gr.update(), prefs,
                     gr.update())
        try:
            question = check_question(message or "", self.ws.settings.max_question_chars)
        except AssistantError as exc:
            gr.Warning(user_message(exc, language))
            yield unchanged
            return
        history = history_turns(messages)
        turn = len(groups)
        messages = [*messages, {"role": "user", "content": as_text(question)},
                    {"role": "assistant", "content": "…"}]
        yield ("", messages, gr.update(), groups, query_ids, gr.update(), prefs, gr.update())
        conversation = prefs.get("conversation") or uuid.uuid4().hex
        try:
            text = ""
            for kind, value in self.ws.stream(question, audience=audience, history=history,
                                              category=category or "",
                                              conversation_id=conversation, source="ui"):
                if kind == "delta":
                    text += value
                    messages[-1] = {"role": "assistant", "content": text}
                    yield ("", messages, gr.update(), groups, query_ids, gr.update(), prefs,
                           gr.update())
                    continue
                answer, query_id = value
        except AssistantError as exc:
            gr.Warning(user_message(exc, language))
            yield (question, messages[:-2], gr.update(), groups, query_ids, gr.update(), prefs,
                   gr.update())
            return
        except Exception:
            log.exception("answer failed")
            gr.Warning(t("internal", language))
            yield (question, messages[:-2], gr.update(), groups, query_ids, gr.update(), prefs,
                   gr.update())
            return
        messages[-1] = {"role": "assistant", "content": answer_markdown(answer, turn)}
        groups = [*groups, source_entries(answer, turn, self.chunk_text)]
        query_ids = [*query_ids, query_id]
        prefs = {**prefs, "conversation": conversation, "audience": audience}
        self.save(prefs, messages, groups, query_ids, audience)
        yield ("", messages, sources_html(groups, language), groups, query_ids, answer, prefs,
               self.past(prefs, language))

    def save(self, prefs: dict, messages: list, groups: list, query_ids: list,
             audience: str) -> None:
        """Keep the conversation for this browser (a failed write only logs a warning)."""
        first = next((m["content"] for m in messages if m["role"] == "user"), "")
        try:
            self.ws.store.save_conversation(
                prefs["conversation"], browser_id=prefs.get("browser_id", ""),
                title=plain(first)[:60], audience=audience,
                messages=[{"messages": messages, "sources": groups, "query_ids": query_ids}])
        except Exception as exc:
            log.warning("conversation not saved: %s", exc)

    def past(self, prefs: dict, language: str):
        """The past-conversations dropdown for this browser."""
        rows = self.ws.store.conversations(prefs.get("browser_id", "")) \
            if prefs.get("browser_id") else []
        return gr.update(choices=[(r["title"] or "…", r["id"]) for r in rows],
                         value=prefs.get("conversation") or None,
                         label=label("past_chats", language))

    def restore(self, prefs: dict | None):
        """On page load: the browser's id, audience, language and its last conversation."""
        prefs = dict(prefs or {})
        prefs.setdefault("browser_id", uuid.uuid4().hex)
        messages, groups, query_ids = self.load(prefs.get("conversation", ""))
        if not messages:
            prefs["conversation"] = ""
        language = prefs.get("language", "ko")
        return (prefs, messages, groups, query_ids, sources_html(groups, language),
                gr.update(value=prefs.get("audience", "startup")), self.past(prefs, language))

    def load(self, conversation_id: str) -> tuple[list, list, list]:
        """A saved conversation's messages, source groups and query ids."""
        saved = self.ws.store.conversation(conversation_id) if conversation_id else None
        if not saved or not saved.get("messages"):
            return [], [], []
        body = saved["messages"][0]
        return body.get("messages", []), body.get("sources", []), body.get("query_ids", [])

    def switch(self, conversation_id: str, prefs: dict):
        """Open a past conversation from the list."""
        messages, groups, query_ids = self.load(conversation_id or "")
        prefs = {**prefs, "conversation": conversation_id or ""}
        return (messages, groups, query_ids,
                sources_html(groups, prefs.get("language", "ko")), prefs)

    def new(self, prefs: dict):
        """Start a new conversation (the old one stays in the list)."""
        prefs = {**prefs, "conversation": ""}
        return [], [], [], sources_html([], prefs.get("language", "ko")), prefs, None

    def like(self, data: gr.LikeData, query_ids: list, messages: list):
        """👍/👎 on an answer: stored at once; returns the feedback id for a comment."""
        messages = simple_messages(messages)
        index = int(data.index[0] if isinstance(data.index, list | tuple) else data.index)
        if not 0 <= index < len(messages):
            return None
        ordinal = sum(1 for m in messages[: index + 1] if m["role"] == "assistant") - 1
        query_id = query_ids[ordinal] if 0 <= ordinal < len(query_ids) else None
        rating = 1 if data.liked is True or data.liked == "Like" else -1
        question = message_text(messages[index - 1]) if index >= 1 else ""
        return self.ws.feedback(rating=rating, query_id=query_id, question=plain(question),
                                answer=messages[index]["content"][:4000])

    def comment(self, text: str, feedback_id: int | None, prefs: dict):
        """Attach a comment to the last 👍/👎."""
        language = prefs.get("language", "ko")
        if not feedback_id:
            gr.Info(label("feedback_none", language))
            return text
        self.ws.store.comment_feedback(feedback_id, text.strip())
        gr.Info(label("feedback_thanks", language))
        return ""

    def set_audience(self, audience: str, prefs: dict):
        """Remember the audience in the browser; show its example questions."""
        prefs = {**prefs, "audience": audience}
        return prefs, gr.update(samples=[[q] for q in examples(audience,
                                                                prefs.get("language", "ko"))])

    # --- layout ---------------------------------------------------------------------------
    def build(self, prefs: gr.BrowserState) -> dict[str, Any]:
        """The tab's components (returned by name, for relabelling and for the staff desk)."""
        c: dict[str, Any] = {}
        c["groups"] = groups = gr.State([])
        query_ids = gr.State([])
        c["last_answer"], feedback_id = gr.State(None), gr.State(None)
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=420):
                with gr.Row():
                    c["audience"] = gr.Radio(audience_choices("ko"), value="startup",
                                             label=label("audience", "ko"), elem_id="audience")
                    c["category"] = gr.Dropdown(category_choices("ko"), value="",
                                                label=label("category", "ko"),
                                                elem_id="category")
                c["chatbot"] = gr.Chatbot(show_label=False, height=460, elem_id="chat",
                                          sanitize_html=True, autoscroll=True,
                                          feedback_options=("Like", "Dislike"))
                with gr.Row():
                    c["question"] = gr.Textbox(show_label=False, scale=5, max_lines=6,
                                               placeholder=label("placeholder", "ko"),
                                               elem_id="question", autofocus=True)
                    c["send"] = gr.Button(label("send", "ko"), variant="primary", scale=1,
                                          elem_id="send", min_width=90)
                c["examples"] = gr.Dataset(components=[c["question"]],
                                           samples=[[q] for q in examples("startup", "ko")],
                                           label=label("examples", "ko"), elem_id="examples")
                with gr.Row():
                    c["comment"] = gr.Textbox(label=label("feedback_comment", "ko"), scale=4,
                                              elem_id="feedback-comment")
                    c["comment_send"] = gr.Button(label("feedback_send", "ko"), scale=1,
                                                  elem_id="feedback-send")
            with gr.Column(scale=2, min_width=300):
                with gr.Row():
                    c["past"] = gr.Dropdown([], label=label("past_chats", "ko"), scale=3,
                                            elem_id="past")
                    c["new"] = gr.Button(label("new_chat", "ko"), scale=1, min_width=150,
                                         size="md", elem_id="new-chat")
                c["sources_title"] = gr.Markdown(f"### {label('sources', 'ko')}")
                c["sources"] = gr.HTML(sources_html([], "ko"), elem_id="sources-panel")
        outputs = [c["question"], c["chatbot"], c["sources"], groups, query_ids,
                   c["last_answer"], prefs, c["past"]]
        inputs = [c["question"], c["chatbot"], c["audience"], c["category"], prefs, groups,
                  query_ids]
        for trigger in (c["question"].submit, c["send"].click):
            trigger(self.respond, inputs, outputs, concurrency_limit=4,
                    show_progress="minimal", api_name=False)
        c["examples"].click(lambda s: s[0], c["examples"], c["question"], api_name=False)
        c["chatbot"].like(self.like, [query_ids, c["chatbot"]], feedback_id, api_name=False)
        c["comment_send"].click(self.comment, [c["comment"], feedback_id, prefs], c["comment"],
                                api_name=False)
        c["audience"].change(self.set_audience, [c["audience"], prefs],
                             [prefs, c["examples"]], api_name=False)
        c["past"].input(self.switch, [c["past"], prefs],
                        [c["chatbot"], groups, query_ids, c["sources"], prefs], api_name=False)
        c["new"].click(self.new, prefs, [c["chatbot"], groups, query_ids, c["sources"], prefs,
                                         c["past"]], api_name=False)
        c["restore"] = (self.restore, [prefs], [prefs, c["chatbot"], groups, query_ids,
                                                c["sources"], c["audience"], c["past"]])
        gr.api(self.api_chat, api_name="chat")
        return c

    def api_chat(self, question: str, audience: str = "startup") -> dict:
        """For gradio_client: one answer as the JSON of `assistant ask --json`."""
        from assistant.workspace import answer_payload

        try:
            answer, query_id = self.ws.ask(question, audience=audience, source="gradio")
        except AssistantError as exc:
            raise gr.Error(user_message(exc, self.ws.settings.ui_language)) from exc
        return answer_payload(answer, query_id)
