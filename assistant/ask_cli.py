"""`assistant ask`: one question from the command line, printed as text or as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from assistant.models import Answer, Turn, answer_json
from assistant.service import Assistant
from assistant.settings import Settings
from ingest.errors import AssistantError


def read_history(path: Path | None) -> list[Turn]:
    """Turns from a JSON file `[{"question": ..., "answer": ...}, ...]`."""
    if path is None:
        return []
    try:
        data = json.loads(path.read_text("utf-8"))
        return [Turn(str(t["question"]), str(t.get("answer", ""))) for t in data]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise AssistantError(
            f"cannot read history file {path}: {exc}. It must be a JSON list of "
            '{"question": "...", "answer": "..."} objects'
        ) from exc


def format_answer(answer: Answer) -> str:
    """The answer with its sources list, for a terminal."""
    lines = [answer.text]
    for note in answer.notices:
        lines.append(f"\n[notice] {note}")
    if answer.citations:
        lines.append("\nSources:")
        for c in answer.citations:
            where = ", ".join(x for x in (c.section, f"p. {c.page}" if c.page else "") if x)
            lines.append(f"  [{c.n}] {c.title}" + (f" — {where}" if where else "")
                         + f" ({c.source})")
    return "\n".join(lines)


def run_ask(settings: Settings, question: str, *, audience: str, history_file: Path | None,
            composer: str, json_out: bool) -> None:
    """Answer one question and print it."""
    assistant = Assistant(settings)
    history = read_history(history_file)
    assistant.composer(composer)  # fail fast: an unknown composer or no LLM configured
    answer = assistant.ask(question, audience=audience, history=history, composer=composer)
    if json_out:
        typer.echo(json.dumps(answer_json(answer), ensure_ascii=False))
    else:
        typer.echo(format_answer(answer))
