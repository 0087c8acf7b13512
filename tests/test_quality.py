"""Quality gates on the real corpus and golden set: a regression guard for retrieval and answers.

Runs `evaluate` (hybrid, the `ask` path) once on the real corpus index, built once per session by
`corpus_index`. The gates read only the held-out test part (`split: test` items); the calibration
part, on which thresholds are tuned, must stay within MAX_GAP of it. Dense-only and keyword-only
are compared on retrieval alone (hit@5, all items), which is what the comparison gate measures
and saves two full answer passes.

TARGETS are issue 7's "done when" figures; they are not all met yet (docs/quality.md shows how
far each is). GATES are regression floors just under what the code reaches on the test part
today: raise them as the answers improve, never lower them to make a change pass.
"""

import pytest

from assistant.eval_cli import evaluate
from assistant.evaluation import load_golden, source_rank
from assistant.followup import make_standalone
from assistant.service import Assistant

from .conftest import REPO

GOLDEN = REPO / "corpus" / "eval" / "golden.yaml"
TEST = "split=test"  # the gates read only the held-out part; thresholds are tuned on the other
TARGETS = {  # issue 7, on the test part: metric: (comparison, target)
    "answer_match": (">=", 0.92),
    "first_line": (">=", 0.85),
    "refusal_precision": (">=", 0.95),
    "refusal_recall": (">=", 0.95),
    "citation_precision": ("==", 1.0),
    "hit_at_5": (">=", 0.95),
    "cited_lines": ("<=", 3.0),
}
GATES = {  # regression floors on the test part (measured 0.906, 0.787, 0.950, 1.000 on 2026-12-05)
    "answer_match": (">=", 0.90),
    "first_line": (">=", 0.78),
    "refusal_precision": (">=", 0.94),  # one test refusal is about 0.05 of either
    "refusal_recall": (">=", 0.94),
    "citation_precision": ("==", 1.0),  # every cited sentence is supported by its source: exactly
    "hit_at_5": (">=", 0.95),
    "cited_lines": ("<=", 3.0),  # answers stay short: at most three cited lines on average
}
MAX_GAP = {  # |calibration - test|: larger means the calibration over-fits its own items
    "answer_match": 0.05,
    "first_line": 0.05,
    # the target is 0.05; one refusal item moves either figure by about 0.05 (measured
    # 2026-12-05, ninth session: precision 1.000 vs 0.950, recall 1.000 vs 1.000)
    "refusal_precision": 0.08,
    "refusal_recall": 0.08,
}
GAP_METRICS = tuple(MAX_GAP)
MEETS = {">=": lambda v, t: v >= t, "<=": lambda v, t: v <= t, "==": lambda v, t: v == t}


@pytest.fixture(scope="module")
def assistant(corpus_index, embedder):
    return Assistant(corpus_index, embedder=embedder)


@pytest.fixture(scope="module")
def hybrid(corpus_index, assistant):
    return evaluate(corpus_index, GOLDEN, k=5, mode="hybrid", assistant=assistant)


def retrieval_hit_at_5(assistant: Assistant, mode: str) -> float:
    """hit@5 as `evaluate` counts it, from retrieval alone (same standalone rule as `ask`)."""
    ranked = [i for i in load_golden(GOLDEN) if i.expect_sources and not i.expect_refusal]
    found = 0
    for item in ranked:
        question = make_standalone(item.question, item.history) if item.history else item.question
        hits, _ = assistant.retrieve(question, k=5, mode=mode)
        rank = source_rank(hits, item.expect_sources)
        found += bool(rank and rank <= 5)
    return round(found / len(ranked), 4)


def misses(result, metric: str, split: str = "test") -> list[str]:
    """Ids of the items of `split` that pull `metric` down."""
    rows = [r for r in result["items"] if r["split"] == split]
    if metric == "hit_at_5":
        return [r["id"] for r in rows if r["citation_hit"] is not None
                and not r["expect_refusal"] and not (r["rank"] and r["rank"] <= 5)]
    if metric in ("answer_match", "first_line"):
        return [r["id"] for r in rows if r[metric] is False]
    if metric == "refusal_precision":
        return [r["id"] for r in rows if r["refused"] and not r["expect_refusal"]]
    if metric == "refusal_recall":
        return [r["id"] for r in rows if r["expect_refusal"] and not r["refused"]]
    if metric == "cited_lines":
        return [f"{r['id']} ({r['cited_lines']})" for r in rows if (r["cited_lines"] or 0) > 3]
    return [r["id"] for r in rows if r["citations_supported"] < r["citations_checked"]]


@pytest.mark.parametrize("metric", list(GATES))
def test_test_part_meets_the_gate(hybrid, metric):
    part = hybrid["summary"][TEST]
    value = part[metric]
    assert value is not None, (f"{metric}: no item of the test part to measure ({part['items']} "
                               "test items: golden items need `split: test`)")
    op, target = GATES[metric]
    assert MEETS[op](value, target), (
        f"{TEST} {metric}={value}, gate {op} {target} (issue target {TARGETS[metric][1]}); "
        "failing: " + ", ".join(misses(hybrid, metric)))


@pytest.mark.parametrize("metric", GAP_METRICS)
def test_calibration_and_test_agree(hybrid, metric):
    cal, test = (hybrid["summary"][f"split={s}"][metric] for s in ("calibration", "test"))
    assert cal is not None and test is not None, f"{metric}: calibration={cal}, test={test}"
    # the figures are rounded to 4 places: 0.8846 - 0.8346 is 0.0500 (not 0.05000000000000004)
    assert round(abs(cal - test), 4) <= MAX_GAP[metric], (
        f"{metric}: calibration={cal}, test={test}, gap > {MAX_GAP[metric]}; failing in test: "
        + ", ".join(misses(hybrid, metric)) + "; in calibration: "
        + ", ".join(misses(hybrid, metric, "calibration")))


@pytest.mark.parametrize("other", ["dense", "keyword"])
def test_hybrid_retrieves_at_least_as_well_as_one_retriever(hybrid, assistant, other):
    fused = hybrid["summary"]["overall"]["hit_at_5"]
    single = retrieval_hit_at_5(assistant, other)
    assert fused >= single, f"hybrid hit_at_5={fused} < {other}-only {single}"


def test_every_item_was_evaluated(hybrid):
    overall = hybrid["summary"]["overall"]
    assert overall["items"] == len(hybrid["items"]) == len(load_golden(GOLDEN)) >= 100
    assert overall["mode"] == "hybrid"
