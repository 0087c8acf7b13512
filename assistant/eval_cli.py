"""`assistant eval`: run a golden file through `Assistant.ask` and print or report metrics."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from assistant.evaluation import load_golden, normalise, score_item, summary_by
from assistant.service import Assistant
from assistant.settings import Settings
from ingest.errors import AssistantError
from ingest.keyword import tokenize

MODES = ("hybrid", "dense", "keyword", "langchain-baseline")
METRICS = ("hit_at_1", "hit_at_5", "mrr", "citation_hit", "answer_match", "refusal_precision",
           "refusal_recall", "citation_precision", "latency_p50_ms", "latency_p95_ms")


def supported(sentence: str, source_text: str) -> bool:
    """A cited sentence is supported when it is quoted from its source or nearly all its terms
    occur there."""
    sentence = sentence.replace("…", "").strip().strip("\"'“”")
    if not sentence:
        return True
    if normalise(sentence) in normalise(source_text):
        return True
    terms = set(tokenize(sentence, bigrams=False))
    if not terms:
        return False
    return len(terms & set(tokenize(source_text, bigrams=False))) / len(terms) >= 0.8


def evaluate(settings: Settings, golden: Path, *, k: int = 5, mode: str = "hybrid",
             assistant: Assistant | None = None) -> dict[str, Any]:
    """`{"summary": {...}, "items": [...]}` for one retrieval mode."""
    if mode not in MODES:
        raise AssistantError(f"unknown mode {mode!r}: use one of {', '.join(MODES)}")
    items = load_golden(golden)
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
            answer = runner.ask(item.question, audience=item.audience, history=item.history,
                                mode=mode, k=k)
            hits = answer.trace.hits
        texts = {h.chunk_id: h.text for h in hits}

        def support(sentence: str, chunk_id: str, texts=texts) -> bool:
            return chunk_id in texts and supported(sentence, texts[chunk_id])

        rows.append(score_item(item, answer, hits, support))
    summary = summary_by(rows, k)
    summary["overall"]["mode"] = mode
    return {"summary": summary, "items": rows}


def run_eval(settings: Settings, golden: Path, *, k: int, mode: str, json_out: bool,
             report_dir: Path | None) -> None:
    """Print metrics for `mode`; with a report folder, compare every mode in Markdown + PNG."""
    if report_dir is not None:
        from assistant.eval_report import write_report

        results = {m: evaluate(settings, golden, k=k, mode=m) for m in MODES}
        path = write_report(results, report_dir)
        result = results[mode]
        if not json_out:
            typer.echo(f"report written to {path}")
    else:
        result = evaluate(settings, golden, k=k, mode=mode)
    if json_out:
        out = {"summary": {**result["summary"]["overall"], "groups": result["summary"]},
               "items": result["items"]}
        typer.echo(json.dumps(out, ensure_ascii=False))
        return
    for group, metrics in result["summary"].items():
        shown = ", ".join(f"{m}={metrics[m]}" for m in METRICS if metrics.get(m) is not None)
        typer.echo(f"{group} ({metrics['items']} items): {shown}")
