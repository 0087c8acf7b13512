"""Golden-set evaluation: retrieval (hit@k, MRR), answers, refusals, citations, latency.

Runs every item through the same `Assistant.ask` path as the CLI and the UI. Metric names are a
contract (see `assistant eval --json`): hit_at_1, hit_at_5, mrr, citation_hit, answer_match,
first_line, cited_lines, uncovered, refusal_precision, refusal_recall, citation_precision,
latency_p50_ms, latency_p95_ms. Items belong to a `split`: thresholds are tuned on
`calibration` and the quality gates read `test`; `summary_by` reports both.
"""

from __future__ import annotations

import fnmatch
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

import yaml

from assistant.citations import MARKER
from assistant.models import Answer, Audience, Hit, Language, Turn
from ingest.errors import AssistantError

_MARKER = re.compile(r"\[(\d+)\]")
SPLITS = ("calibration", "test")


@dataclass
class GoldenItem:
    """One golden question (schema: corpus/eval/golden.yaml)."""

    id: str
    question: str
    language: str = "ko"
    audience: str = "startup"
    history: list[Turn] = field(default_factory=list)
    expect_sources: list[str] = field(default_factory=list)
    expect_any: list[str] = field(default_factory=list)
    expect_refusal: bool = False
    tags: list[str] = field(default_factory=list)
    split: str = "calibration"  # "calibration" (thresholds are tuned on it) | "test"
    expect_all: list[str] = field(default_factory=list)  # every one must appear in the answer

    @property
    def expected(self) -> list[str]:
        """Every expected answer string (expect_any, then expect_all)."""
        return self.expect_any + self.expect_all


def _strings(entry: dict, key: str, where: str) -> list[str]:
    """A list-of-strings field; one string counts as a one-item list (not as its characters)."""
    value = entry.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(x, str | int | float) for x in value):
        raise AssistantError(f"{where}: `{key}` must be a list of strings")
    return [str(x) for x in value]


def _history(entry: dict, where: str) -> list[Turn]:
    turns = entry.get("history") or []
    if not isinstance(turns, list) or not all(isinstance(t, dict) and t.get("question")
                                              for t in turns):
        raise AssistantError(f"{where}: `history` must be a list of {{question, answer}} items")
    return [Turn(str(t["question"]), str(t.get("answer") or "")) for t in turns]


def _choice(entry: dict, key: str, allowed: tuple[str, ...], default: str, where: str) -> str:
    value = str(entry.get(key) or default)
    if value not in allowed:
        raise AssistantError(f"{where}: `{key}` is {value!r}, expected one of {', '.join(allowed)}")
    return value


def load_golden(path: Path) -> list[GoldenItem]:
    """Read and check a golden file; errors name the item and the field, unknown keys are
    ignored (a golden file may carry notes for people or for other tools)."""
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise AssistantError(f"cannot read golden file {path}: {exc}") from exc
    if not isinstance(raw, list):
        raise AssistantError(f"{path}: expected a YAML list of items")
    items = []
    for i, entry in enumerate(raw):
        if not isinstance(entry, dict) or not entry.get("question"):
            raise AssistantError(f"{path}: item {i + 1} has no `question`")
        item_id = str(entry.get("id") or f"item-{i + 1}")
        where = f"{path}: item {i + 1} ({item_id})"
        refusal = entry.get("expect_refusal")
        refusal = False if refusal is None else refusal
        if not isinstance(refusal, bool):
            raise AssistantError(f"{where}: `expect_refusal` must be true or false")
        items.append(GoldenItem(
            id=item_id, question=str(entry["question"]),
            language=_choice(entry, "language", get_args(Language), "ko", where),
            audience=_choice(entry, "audience", get_args(Audience), "startup", where),
            history=_history(entry, where),
            expect_sources=_strings(entry, "expect_sources", where),
            expect_any=_strings(entry, "expect_any", where),
            expect_refusal=refusal, tags=_strings(entry, "tags", where),
            split=_choice(entry, "split", SPLITS, "calibration", where),
            expect_all=_strings(entry, "expect_all", where),
        ))
    return items


def normalise(text: str) -> str:
    """Lower-case, no spaces, no thousands separators: for answer matching."""
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text.lower())
    return re.sub(r"\s+", "", text)


def matches(source: str, globs: list[str]) -> bool:
    """Whether a source path matches one of the expected globs."""
    return any(fnmatch.fnmatch(source, g) for g in globs)


def source_rank(hits: list[Hit], globs: list[str]) -> int | None:
    """1-based rank of the first hit from an expected source, or None."""
    for rank, hit in enumerate(hits, start=1):
        if matches(hit.source, globs):
            return rank
    return None


def cited_sentences(answer: Answer) -> list[tuple[str, int]]:
    """(sentence text without markers, n) for every `[n]` in the answer."""
    out = []
    for line in answer.text.splitlines():
        for part in re.split(r"(?<=\])\s+", line):
            ns = [int(n) for n in _MARKER.findall(part)]
            text = _MARKER.sub("", part).strip(" -•*·")
            out += [(text, n) for n in ns]
    return out


def answer_matches(item: GoldenItem, text: str) -> bool:
    """One of `expect_any` (when given) and every one of `expect_all` (when given) is in `text`."""
    said = normalise(text)
    return ((not item.expect_any or any(normalise(x) in said for x in item.expect_any))
            and all(normalise(x) in said for x in item.expect_all))


def cited_lines(text: str) -> list[str]:
    """The lines of an answer that carry a `[n]` marker, in order."""
    return [line for line in text.splitlines() if MARKER.search(line)]


def first_line_holds(item: GoldenItem, answer: Answer) -> bool | None:
    """Whether the first cited line holds an expected string: the answer comes first, not
    buried; None for items without expected strings or expected to be refused."""
    if not item.expected or item.expect_refusal:
        return None
    lines = cited_lines(answer.text)
    if answer.refused or not lines:
        return False
    said = normalise(MARKER.sub("", lines[0]))
    return any(normalise(x) in said for x in item.expected)


def score_item(item: GoldenItem, answer: Answer, hits: list[Hit], support) -> dict[str, Any]:
    """Per-item results; `support(sentence, chunk_id) -> bool` checks one citation."""
    rank = source_rank(hits, item.expect_sources) if item.expect_sources else None
    cited = [c.source for c in answer.citations]
    n_to_chunk = {c.n: c.chunk_id for c in answer.citations}
    checks = [support(text, n_to_chunk.get(n, "")) for text, n in cited_sentences(answer)]
    return {
        "id": item.id, "split": item.split, "language": item.language,
        "audience": item.audience, "question": item.question,
        "expect_refusal": item.expect_refusal, "expect_any": item.expect_any,
        "expect_all": item.expect_all, "expect_sources": item.expect_sources,
        "refused": answer.refused, "decision": answer.trace.decision, "rank": rank,
        "citation_hit": any(matches(s, item.expect_sources) for s in cited)
        if item.expect_sources else None,
        "answer_match": answer_matches(item, answer.text)
        if item.expected and not item.expect_refusal else None,
        "first_line": first_line_holds(item, answer),
        "cited_lines": None if answer.refused else len(cited_lines(answer.text)),
        "citations_checked": len(checks), "citations_supported": sum(checks),
        "latency_ms": answer.timings_ms.get("total_ms", 0.0),
        "answer": answer.text, "sources": [h.source for h in hits], "tags": item.tags,
        "trace": answer.trace.to_json(),
    }


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 1)
    return round(statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1], 1)


def summarise(rows: list[dict[str, Any]], k: int = 5) -> dict[str, Any]:
    """Aggregate metrics over item rows (see the module docstring for the names)."""
    ranked = [r for r in rows if not r["expect_refusal"] and r["citation_hit"] is not None]
    refused = [r for r in rows if r["refused"]]
    should = [r for r in rows if r["expect_refusal"]]
    checked = sum(r["citations_checked"] for r in rows)
    latencies = [r["latency_ms"] for r in rows]
    return {
        "items": len(rows),
        "hit_at_1": _mean([1.0 if r["rank"] == 1 else 0.0 for r in ranked]),
        "hit_at_5": _mean([1.0 if r["rank"] and r["rank"] <= k else 0.0 for r in ranked]),
        "mrr": _mean([1.0 / r["rank"] if r["rank"] else 0.0 for r in ranked]),
        "citation_hit": _mean([1.0 if r["citation_hit"] else 0.0 for r in ranked]),
        "answer_match": _mean([1.0 if r["answer_match"] else 0.0 for r in rows
                               if r["answer_match"] is not None]),
        "first_line": _mean([1.0 if r["first_line"] else 0.0 for r in rows
                             if r["first_line"] is not None]),
        "cited_lines": _mean([r["cited_lines"] for r in rows if r["cited_lines"] is not None]),
        "uncovered": sum(r["decision"] == "uncovered" for r in rows),
        "refusal_precision": _mean([1.0 if r["expect_refusal"] else 0.0 for r in refused]),
        "refusal_recall": _mean([1.0 if r["refused"] else 0.0 for r in should]),
        "citation_precision": round(sum(r["citations_supported"] for r in rows) / checked, 4)
        if checked else None,
        "latency_p50_ms": _pct(latencies, 50),
        "latency_p95_ms": _pct(latencies, 95),
    }


def summary_by(rows: list[dict[str, Any]], k: int = 5) -> dict[str, Any]:
    """Overall metrics plus the same per split (each split also per language and audience),
    per language, per audience and per tag; both splits are always present."""
    out: dict[str, Any] = {"overall": summarise(rows, k)}
    for split in SPLITS:
        part = [r for r in rows if r["split"] == split]
        out[f"split={split}"] = summarise(part, k)
        for key in ("language", "audience"):
            for value in sorted({r[key] for r in part}):
                out[f"split={split}/{key}={value}"] = summarise(
                    [r for r in part if r[key] == value], k)
    for key in ("language", "audience"):
        for value in sorted({r[key] for r in rows}):
            out[f"{key}={value}"] = summarise([r for r in rows if r[key] == value], k)
    tagged = {t for r in rows for t in r["tags"]}
    for tag in sorted(tagged):
        out[f"tag={tag}"] = summarise([r for r in rows if tag in r["tags"]], k)
    return out


def trace_summary(trace: dict[str, Any], top: int = 3) -> str:
    """One line from a trace's JSON: decision, reason, and the top hits with their scores."""
    hits = ", ".join(f"{h['source']} ({h['score']:.4f})" for h in trace.get("hits", [])[:top])
    reason = f" ({trace['reason']})" if trace.get("reason") else ""
    return f"trace: {trace.get('decision', 'answer')}{reason}; top hits: {hits or 'none'}"
