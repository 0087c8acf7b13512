"""The chat page (Gradio): a thin view over `Assistant.ask`; it never touches Chroma or prompts."""

from __future__ import annotations

import socket

from assistant.models import Answer, Turn
from assistant.service import AUDIENCES, Assistant
from assistant.settings import Settings
from ingest.errors import AssistantError

SOURCES_HEADING = "**Sources / 출처**"
EXAMPLES = [
    "2023년 데이터바우처 AI 가공 유형은 최대 얼마까지 지원됐나요?",
    "포항 빅데이터 AI 혁신센터에는 어떤 공간이 있나요?",
    "What is a data safe zone?",
]


def render_sources(answer: Answer) -> str:
    """The sources list shown under an answer: title, article/section, page, snippet."""
    if not answer.citations:
        return ""
    lines = [SOURCES_HEADING]
    for c in answer.citations:
        where = " · ".join(x for x in (c.section, f"p. {c.page}" if c.page else "") if x)
        link = f" — <{c.url}>" if c.url else ""
        lines.append(f"[{c.n}] **{c.title}**" + (f" — {where}" if where else "") + link
                     + f"  \n> {c.snippet}")
    return "\n\n".join(lines)


def render(answer: Answer) -> str:
    """Answer text with its `[n]` markers, notices and sources list, as Markdown."""
    parts = [answer.text]
    parts += [f"_ℹ️ {note}_" for note in answer.notices]
    sources = render_sources(answer)
    if sources:
        parts.append(sources)
    return "\n\n".join(parts)


def _text(content) -> str | None:
    """The text of a message: a string, or Gradio 6's normalised `[{"type": "text", ...}]`."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = [c if isinstance(c, str) else c.get("text", "") for c in content
                 if isinstance(c, str) or (isinstance(c, dict) and c.get("type") == "text")]
        return "".join(texts) if texts else None
    return None


def history_turns(history: list[dict]) -> list[Turn]:
    """Earlier turns from Gradio's messages history (sources lists stripped)."""
    turns: list[Turn] = []
    for message in history:
        content = _text(message.get("content"))
        if content is None:
            continue
        if message.get("role") == "user":
            turns.append(Turn(content))
        elif message.get("role") == "assistant" and turns:
            turns[-1].answer = content.split(SOURCES_HEADING)[0].strip()
    return turns


class ChatPage:
    """The chat page: question box, audience selector, answers with citations and sources."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    def respond(self, message: str, history: list[dict], audience: str) -> str:
        """Gradio handler: the same core call as `assistant ask`, errors shown as gr.Error."""
        import gradio as gr

        try:
            answer = self.assistant.ask(message, audience=audience,
                                        history=history_turns(history))
        except AssistantError as exc:
            raise gr.Error(str(exc)) from exc
        return render(answer)

    def build(self):
        """The Gradio Blocks app: title, audience selector above the chat, then the chat."""
        import gradio as gr

        with gr.Blocks(title="포항 빅데이터 AI 혁신센터 · Knowledge assistant") as app:
            gr.Markdown(
                "## 포항 빅데이터 AI 혁신센터 · Knowledge assistant\n"
                "센터 프로그램·공간, 데이터바우처, 데이터 정책에 대해 물어보세요. "
                "Every statement cites its document, page or article."
            )
            audience = gr.Radio(
                list(AUDIENCES), value="startup", label="Audience / 대상",
                info="startup: eligibility and amounts first · citizen: plain language · "
                "staff: a formal reply draft",
            )
            gr.ChatInterface(
                self.respond,
                additional_inputs=[audience],
                examples=[[q, "startup"] for q in EXAMPLES],
                api_name="chat",
                fill_height=True,
            )
        return app


def free_port(host: str) -> int:
    """A free TCP port on `host`."""
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def launch(settings: Settings, *, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Load the model and index, then serve the chat page until interrupted."""
    assistant = Assistant(settings)
    assistant.warm_up()
    app = ChatPage(assistant).build()
    port = port or free_port(host)
    print(f"serving on http://{host}:{port}", flush=True)
    app.launch(server_name=host, server_port=port, show_error=True, quiet=True)
