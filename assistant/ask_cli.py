"""`assistant ask`: one question from the command line, printed as text or as JSON.

A running `assistant serve` over the same data directory leaves `<data_dir>/serve.json`
(`{"url", "pid"}`); `ask` then sends the question to its REST API (httpx) instead of loading
the model, Kiwi and the index itself. Without a live server, or with `--local`, the question is
answered in this process. Both paths print the same answer JSON through one formatter. The
server path imports nothing heavy: `assistant.service` is imported by the local path only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from assistant.models import Turn, answer_json
from assistant.serve_process import SERVE_FILE, alive
from assistant.settings import Settings
from ingest.errors import AssistantError

HEALTH_TIMEOUT_S = 0.5


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


def format_answer(data: dict[str, Any]) -> str:
    """The answer JSON (`assistant.models.answer_json`) with its sources list, for a terminal."""
    lines = [data["answer"]]
    for note in data.get("notices", []):
        lines.append(f"\n[notice] {note}")
    if data.get("citations"):
        lines.append("\nSources:")
        for c in data["citations"]:
            page = f"p. {c['page']}" if c.get("page") else ""
            english = c.get("section_en", "") if data.get("language") == "en" else ""
            where = ", ".join(x for x in (c.get("section", ""), english, page) if x)
            lines.append(f"  [{c['n']}] {c['title']}" + (f" — {where}" if where else "")
                         + f" ({c['source']})")
    return "\n".join(lines)


def run_ask(settings: Settings, question: str, *, audience: str, history_file: Path | None,
            composer: str, json_out: bool, local: bool = False) -> None:
    """Answer one question (by the running server when there is one) and print it."""
    history = read_history(history_file)
    data = None if local else ask_server(settings, question, audience=audience,
                                         history=history, composer=composer)
    if data is None:
        data = ask_locally(settings, question, audience=audience, history=history,
                           composer=composer)
    typer.echo(json.dumps(data, ensure_ascii=False) if json_out else format_answer(data))


def ask_locally(settings: Settings, question: str, *, audience: str, history: list[Turn],
                composer: str) -> dict[str, Any]:
    """The answer JSON computed in this process (loads the model, Kiwi and the index)."""
    from assistant.service import Assistant

    assistant = Assistant(settings)
    assistant.composer(composer)  # fail fast: an unknown composer or no LLM configured
    answer = assistant.ask(question, audience=audience, history=history, composer=composer)
    return answer_json(answer)


def server_url(data_dir: Path) -> str | None:
    """The address of the `assistant serve` named in `<data_dir>/serve.json`, if its process
    is alive (whether it answers is checked by the caller)."""
    try:
        record = json.loads((data_dir / SERVE_FILE).read_text("utf-8"))
        url, pid = str(record["url"]), int(record["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return url if pid > 0 and alive(pid) else None


def ask_server(settings: Settings, question: str, *, audience: str, history: list[Turn],
               composer: str) -> dict[str, Any] | None:
    """The answer JSON from the running server (`POST /api/ask`), or None when there is no
    server that answers `/healthz` at once, or it rejects the request's options (the local path
    then words the error). Its domain errors are raised as AssistantError."""
    url = server_url(settings.data_dir)
    if url is None:
        return None
    import httpx

    body = {"question": question, "audience": audience, "composer": composer,
            "history": [{"question": t.question, "answer": t.answer} for t in history]}
    timeout = httpx.Timeout(settings.request_timeout_s + 10, connect=HEALTH_TIMEOUT_S)
    try:
        with httpx.Client(base_url=url, timeout=timeout, trust_env=False,
                          headers={"Accept-Language": "en"}) as client:
            health = client.get("/healthz", timeout=HEALTH_TIMEOUT_S)
            if health.status_code != 200 or health.json().get("status") != "ok":
                return None
            response = client.post("/api/ask", json=body)
            data = response.json()
    except (httpx.HTTPError, ValueError, AttributeError):
        return None  # not reachable, or not our server: answer here
    if response.status_code == 422:  # options the API refuses: the local check says why
        return None
    if response.is_error:
        error = data.get("error") if isinstance(data, dict) else None
        message = error.get("message") if isinstance(error, dict) else None
        raise AssistantError(message or f"the server at {url} answered {response.status_code}")
    if not isinstance(data, dict) or "answer" not in data:
        return None
    data.pop("query_id", None)
    return data
