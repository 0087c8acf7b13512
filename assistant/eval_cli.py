"""`assistant eval`: run a golden file through `Assistant.ask` and print (rich tables) or report
metrics, calibration and test parts side by side."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import typer

from assistant.compose.english import figures_supported
from assistant.evaluation import SPLITS, load_golden, normalise, score_item, summary_by
from assistant.i18n import UserInputError
from assistant.models import Answer, Trace
from assistant.service import Assistant
from assistant.settings import Settings
from ingest.errors import AssistantError
from ingest.keyword import tokenize

MODES = ("hybrid", "dense", "keyword", "langchain-baseline")
METRICS = ("hit_at_1", "hit_at_5", "mrr", "citation_hit", "answer_match", "first_line",
           "refusal_precision", "refusal_recall", "citation_precision", "cited_lines",
           "uncovered", "latency_p50_ms", "latency_p95_ms")
GROUP_METRICS = ("answer_match", "first_line", "hit_at_5", "refusal_recall")


def supported(sentence: str, source_text: str) -> bool:
    """A cited sentence is supported when it is quoted from its source or nearly all its terms
    occur there; an English lead before " — " (`assistant.compose.english`) must state only
    figures the source states, and the quote after it must be supported."""
    sentence = sentence.replace("…", "").strip().strip("\"'“”")
    if not sentence:
        return True
    lead, dash, quote = sentence.partition(" — ")
    if dash and quote:
        return figures_supported(lead, source_text) and supported(quote, source_text)
    if normalise(sentence) in normalise(source_text):
        return True
    terms = set(tokenize(sentence, bigrams=False))
    if not terms:
        return False
    return len(terms & set(tokenize(source_text, bigrams=False))) / len(terms) >= 0.8


def check_options(mode: str, split: str) -> None:
    """Refuse an unknown retrieval mode or split before any work is done."""
    if mode not in MODES:
        raise AssistantError(f"unknown mode {mode!r}: use one of {', '.join(MODES)}")
    if split not in (*SPLITS, "all"):
        raise AssistantError(f"unknown split {split!r}: use one of {', '.join(SPLITS)}, all")


def evaluate(settings: Settings, golden: Path, *, k: int = 5, mode: str = "hybrid",
             assistant: Assistant | None = None, split: str = "all") -> dict[str, Any]:
    """`{"summary": {...}, "items": [...]}` for one retrieval mode, on the items of `split`
    (calibration | test | all)."""
    check_options(mode, split)
    items = [i for i in load_golden(golden) if split in ("all", i.split)]
    if mode == "langchain-baseline":
        from assistant.baseline import Baseline

        runner = Baseline(settings)
    else:
        runner = assistant or Assistant(settings)
        runner.warm_up()
    rows = []
    for item in items:
        if mode == "langchain-baseline":
            answer, hits = runner.ask(item.question, audience=item.audience, k=k)
        else:
            try:
                answer = runner.ask(item.question, audience=item.audience,
                                    history=item.history, mode=mode, k=k)
            except UserInputError as exc:  # scored as a refusal; the other items still run
                answer = Answer(item.question, item.language, item.audience,
                                exc.message(item.language), [], refused=True,
                                trace=Trace(decision="refuse", reason=exc.key))
            hits = answer.trace.hits
        texts = {h.chunk_id: f"{h.section}\n{h.text}" for h in hits}

        def support(sentence: str, chunk_id: str, texts=texts) -> bool:
            """Checked against the cited chunk and its section (the citation names both: a
            statute article's label is in its heading): a retrieved one, or one the answer
            read for the same fact in its language (`in_answer_language`), from the index."""
            text = texts.get(chunk_id)
            if text is None and chunk_id and mode != "langchain-baseline":
                with contextlib.suppress(KeyError):
                    chunk = runner.reader.chunk(chunk_id)
                    text = f"{chunk.section}\n{chunk.text}"
            return text is not None and supported(sentence, text)

        rows.append(score_item(item, answer, hits, support))
    summary = summary_by(rows, k)
    summary["overall"]["mode"] = mode
    return {"summary": summary, "items": rows}


def run_eval(settings: Settings, golden: Path, *, k: int, mode: str, json_out: bool,
             report_dir: Path | None, split: str = "all") -> None:
    """Print metrics for `mode`; with a report folder, compare every mode in Markdown + PNG."""
    check_options(mode, split)
    if report_dir is not None:
        from assistant.eval_report import write_report

        results = {m: evaluate(settings, golden, k=k, mode=m, split=split) for m in MODES}
        path = write_report(results, report_dir, k=k)
        result = results[mode]
        if not json_out:
            typer.echo(f"report written to {path}")
    else:
        result = evaluate(settings, golden, k=k, mode=mode, split=split)
    if json_out:
        out = {"summary": {**result["summary"]["overall"], "groups": result["summary"]},
               "items": result["items"]}
        typer.echo(json.dumps(out, ensure_ascii=False))
        return
    print_tables(result["summary"], mode)


def print_tables(summary: dict[str, Any], mode: str) -> None:
    """Calibration | test | gap for every metric, then the language and audience groups."""
    from rich.console import Console
    from rich.table import Table

    from assistant.eval_report import fmt, side_by_side, split_groups

    sizes = {s: summary[f"split={s}"]["items"] for s in SPLITS}
    table = Table(title=f"{mode}: {summary['overall']['items']} items")
    table.add_column("metric")
    for s in SPLITS:
        table.add_column(f"{s} ({sizes[s]})", justify="right")
    table.add_column("gap", justify="right")
    for row in side_by_side(summary, METRICS):
        table.add_row(*row)
    groups = Table(title="by language and audience")
    for name in ("group", "part", "items", *GROUP_METRICS):
        groups.add_column(name, justify="left" if name in ("group", "part") else "right")
    for group, part, metrics in split_groups(summary):
        groups.add_row(group, part, str(metrics["items"]),
                       *(fmt(metrics.get(m)) for m in GROUP_METRICS))
    console = Console(width=100)
    console.print(table)
    console.print(groups)
