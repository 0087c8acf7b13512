"""The `assistant` command (typer): ingest, ask, eval, serve — thin wrappers over the core.

Heavy modules (torch, chromadb, gradio, the embedding model) are imported inside the commands, so
`assistant --help` stays instant.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ingest.errors import AssistantError

if TYPE_CHECKING:  # imported by each command: `assistant --help` does not load pydantic
    from assistant.settings import Settings

app = typer.Typer(
    help="Knowledge assistant of the Pohang Big Data AI Innovation Center.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _fail(exc: AssistantError, code: int = 2) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(code)


@app.command()
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders (default: corpus)")]
    = None,
    rebuild: Annotated[bool, typer.Option(help="Start over: ignore the current index")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
    if_missing: Annotated[
        bool, typer.Option(help="Do nothing when an index already exists (used by make run)")
    ] = False,
) -> None:
    """Index documents into Chroma + the keyword index; exit 1 if some files failed."""
    from assistant.ingest_cli import run_ingest
    from assistant.settings import Settings

    settings = Settings()
    try:
        code = run_ingest(settings, paths or [], rebuild=rebuild, json_out=json_out,
                          if_missing=if_missing)
    except AssistantError as exc:
        _fail(exc)
    raise typer.Exit(code)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in Korean or English")],
    audience: Annotated[str, typer.Option(help="startup | citizen | staff")] = "startup",
    history: Annotated[Path | None, typer.Option(help="JSON file: [{question, answer}]")] = None,
    composer: Annotated[str, typer.Option(help="extractive | llm")] = "extractive",
    json_out: Annotated[bool, typer.Option(
        "--json", help="Print one JSON object (with the trace)")] = False,
    trace: Annotated[bool, typer.Option(
        "--trace", help="Also print one line: decision, reason, top hits and scores")] = False,
    local: Annotated[bool, typer.Option(
        "--local", help="Answer in this process even when `assistant serve` is running")] = False,
) -> None:
    """Answer a question with citations (or say the documents do not cover it); a running
    `assistant serve` over the same data directory answers it when there is one."""
    from assistant.ask_cli import run_ask
    from assistant.settings import Settings

    try:
        if trace and not json_out:
            _ask_with_trace(Settings(), question, audience, history, composer)
        else:
            run_ask(Settings(), question, audience=audience, history_file=history,
                    composer=composer, json_out=json_out, local=local)
    except AssistantError as exc:
        _fail(exc)


def _ask_with_trace(settings: Settings, question: str, audience: str, history: Path | None,
                    composer: str) -> None:
    """`ask --trace` (always local): the answer as `ask` prints it, then the one-line trace."""
    from assistant.ask_cli import format_answer, read_history
    from assistant.evaluation import trace_summary
    from assistant.models import answer_json
    from assistant.service import Assistant

    assistant = Assistant(settings)
    turns = read_history(history)
    assistant.composer(composer)  # fail fast, as `run_ask` does
    answer = assistant.ask(question, audience=audience, history=turns, composer=composer)
    typer.echo(format_answer(answer_json(answer)))
    typer.echo("\n" + trace_summary(answer.trace.to_json()))


@app.command(name="eval")
def eval_(
    golden: Annotated[Path, typer.Option(help="Golden questions YAML")] = Path(
        "corpus/eval/golden.yaml"),
    k: Annotated[int, typer.Option(help="Hits considered for hit@k")] = 5,
    mode: Annotated[str, typer.Option(
        help="hybrid | dense | keyword | langchain-baseline")] = "hybrid",
    json_out: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
    report: Annotated[Path | None, typer.Option(
        help="Write a Markdown report and a PNG chart into this folder")] = None,
    split: Annotated[str, typer.Option(
        help="Items to run: calibration | test | all")] = "all",
) -> None:
    """Run the golden questions through the same path as `ask`; print calibration vs test."""
    from assistant.eval_cli import run_eval
    from assistant.settings import Settings

    try:
        run_eval(Settings(), golden, k=k, mode=mode, json_out=json_out, report_dir=report,
                 split=split)
    except AssistantError as exc:
        _fail(exc)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port (0 = a free one)")] = 7860,
    index_if_missing: Annotated[bool, typer.Option(
        help="No index yet: build it inside the server, answering from it in steps (make run)"
    )] = False,
) -> None:
    """Serve the app on 127.0.0.1: chat, staff desk, admin tabs (UI at /) and the REST API
    (/api, OpenAPI at /docs)."""
    from assistant.server import check_start
    from assistant.server import serve as run_server
    from assistant.settings import Settings

    settings = Settings()
    try:
        check_start(settings)
        run_server(settings, host=host, port=port, index_if_missing=index_if_missing)
    except AssistantError as exc:
        _fail(exc)


def main() -> None:  # pragma: no cover - console entry
    """Entry point for `python -m assistant`."""
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

