"""What the chat shows: user text as text, answers with `[n]` markers linked to the sources
panel, and the panel itself (title, article or section, page, the cited sentence marked in its
snippet, an "open" link to the corpus document and the public source address)."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import quote

from assistant.models import Answer, Turn
from assistant.ui.labels import label

_MARKER = re.compile(r"\[(\d{1,2})\]")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
_CONTEXT = 220  # characters of the chunk shown on each side of the cited sentence


def as_text(message: str) -> str:
    """A user's message for a Markdown view: HTML and Markdown syntax escaped, so
    `<img src=x onerror=…>` or `<b>` show as typed."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(message, quote=False))


def plain(shown: str) -> str:
    """The user's text back from its escaped form (for history and conversation titles)."""
    return html.unescape(re.sub(r"\\(.)", r"\1", shown))


def message_text(message: dict) -> str:
    """A chat message's text, whether its content is a string or Gradio 6's list of parts
    (`[{"type": "text", "text": ...}]`, what the Chatbot sends back to handlers)."""
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        content = [content]
    if isinstance(content, list | tuple):
        return "".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content
                       if not isinstance(p, dict) or p.get("type", "text") == "text")
    return ""


def simple_messages(messages: list[dict] | None) -> list[dict[str, str]]:
    """The chat's messages as plain {"role", "content": text} dicts (what we store)."""
    return [{"role": m.get("role", "assistant"), "content": message_text(m)}
            for m in messages or [] if m.get("role") in ("user", "assistant")]


def answer_markdown(answer: Answer, turn: int) -> str:
    """The answer text with each `[n]` a link to its entry in the sources panel, then notices."""
    def link(match: re.Match) -> str:
        n = match.group(1)
        return f'<a class="cite" href="#src-{turn}-{n}" data-src="src-{turn}-{n}">[{n}]</a>'

    text = _MARKER.sub(link, answer.text) if answer.citations else answer.text
    notes = [f"<small>ℹ️ {html.escape(note)}</small>" for note in answer.notices]
    return "\n\n".join([text, *notes])


def _window(text: str, snippet: str) -> str:
    """The chunk around the cited sentences, those sentences in <mark>."""
    parts = [p.strip(" .…") for p in snippet.split(" … ") if p.strip(" .…")]
    spans = []
    for part in parts:
        at = text.find(part[:60])
        if at >= 0:
            spans.append((at, at + len(part)))
    if not spans:
        return f"<mark>{html.escape(snippet)}</mark>"
    start = max(0, min(s for s, _ in spans) - _CONTEXT)
    end = min(len(text), max(e for _, e in spans) + _CONTEXT)
    out, pos = [], start
    for s, e in sorted(spans):
        if s < pos:
            continue
        out += [html.escape(text[pos:s]), f"<mark>{html.escape(text[s:e])}</mark>"]
        pos = e
    out.append(html.escape(text[pos:end]))
    return ("… " if start else "") + "".join(out) + (" …" if end < len(text) else "")


def source_entries(answer: Answer, turn: int,
                   chunk_text=lambda chunk_id: "") -> list[dict[str, Any]]:
    """One entry per citation: what the panel shows, as plain data (kept with the
    conversation, so a reload shows the same panel)."""
    entries = []
    for c in answer.citations:
        view = f"/view/{quote(c.doc_id)}?q={quote(c.snippet[:200])}"
        if c.page:
            view += f"#page={c.page}"
        entries.append({"id": f"src-{turn}-{c.n}", "n": c.n, "title": c.title, "section": c.section,
                        "section_en": c.section_en, "page": c.page,
                        "snippet": _window(chunk_text(c.chunk_id) or c.snippet, c.snippet),
                        "view": view, "url": c.url, "document": c.source})
    return entries


def _where(entry: dict[str, Any], language: str) -> str:
    page = f"{label('page', language)} {entry['page']}" if entry.get("page") else ""
    english = entry.get("section_en", "") if language == "en" else ""
    return " · ".join(x for x in (entry.get("section", ""), english, page) if x) \
        or entry.get("where", "")


def sources_html(groups: list[list[dict[str, Any]]], language: str) -> str:
    """The sources panel: the entries of every answer, newest first."""
    if not any(groups):
        return f'<div class="sources-empty">{html.escape(label("sources_empty", language))}</div>'
    blocks = []
    for entries in reversed(groups):
        for e in entries:
            where = _where(e, language)
            url = (f' · <a href="{html.escape(e["url"])}" target="_blank" rel="noopener">'
                   f'{html.escape(label("source_link", language))}</a>') if e["url"] else ""
            blocks.append(
                f'<div class="source" id="{e["id"]}"><div class="source-head">[{e["n"]}] '
                f'<b>{html.escape(e["title"])}</b>'
                + (f' — {html.escape(where)}' if where else "")
                + f'</div><div class="snippet">{e["snippet"]}</div>'
                f'<div class="links"><a class="open" href="{html.escape(e["view"])}" '
                f'target="_blank" rel="noopener">{html.escape(label("open", language))}</a>'
                f' · <small>{html.escape(e["document"])}</small>{url}</div></div>')
    return '<div class="sources">' + "".join(blocks) + "</div>"


def history_turns(messages: list[dict]) -> list[Turn]:
    """Earlier turns from the chat's messages (user text unescaped, answers without notices)."""
    turns: list[Turn] = []
    for message in simple_messages(messages):
        content = message["content"]
        if message["role"] == "user":
            turns.append(Turn(plain(content)))
        elif turns:
            text = re.sub(r"<a class=\"cite\"[^>]*>(\[\d+\])</a>", r"\1", content)
            turns[-1].answer = text.split("\n\n<small>ℹ️")[0].strip()
    return turns
