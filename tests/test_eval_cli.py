"""`assistant eval` end to end on the small index with tests/fixtures/golden_small.yaml."""

import json
import os
import subprocess
import sys

import pytest

from .conftest import FIXTURES, REPO

GOLDEN = FIXTURES / "golden_small.yaml"
METRICS = ("hit_at_1", "hit_at_5", "mrr", "citation_hit", "answer_match", "refusal_precision",
           "refusal_recall", "citation_precision", "latency_p50_ms", "latency_p95_ms")
MODES = ("hybrid", "dense", "keyword", "langchain-baseline")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def env(small_index):
    return {"ASSISTANT_DATA_DIR": str(small_index.data_dir),
            "ASSISTANT_CORPUS_DIR": str(small_index.corpus_dir)}


def run_eval(env, *args, timeout=300):
    return subprocess.run([sys.executable, "-m", "assistant.cli", "eval", *args], cwd=REPO,
                          env={**os.environ, **env}, capture_output=True, text=True,
                          timeout=timeout)


def check_rates(metrics: dict) -> None:
    assert set(METRICS) <= set(metrics)
    for name in METRICS:
        value = metrics[name]
        if name.startswith("latency"):
            assert value is not None and value >= 0
        elif value is not None:
            assert 0.0 <= value <= 1.0, (name, value)


def test_eval_json(env):
    out = run_eval(env, "--golden", str(GOLDEN), "--k", "5", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    summary, items = data["summary"], data["items"]
    check_rates(summary)
    assert summary["items"] == 8 and summary["mode"] == "hybrid"
    for metric in ("hit_at_5", "refusal_recall", "refusal_precision", "citation_precision"):
        assert summary[metric] is not None
    assert {"language=ko", "language=en", "audience=startup", "audience=citizen",
            "audience=staff"} <= set(summary["groups"])
    for group in summary["groups"].values():
        check_rates(group)
    assert summary["groups"]["language=en"]["items"] == 2
    assert [i["id"] for i in items][:2] == ["voucher-ai-ko", "center-spaces-ko"]
    by_id = {i["id"]: i for i in items}
    assert by_id["application-month-ko"]["rank"] is None  # no expect_sources: not ranked
    assert by_id["application-month-ko"]["citation_hit"] is None
    assert by_id["weather-ko"]["refused"] is True and by_id["weather-ko"]["answer_match"] is None
    assert by_id["voucher-ai-ko"]["rank"] == 1 and by_id["voucher-ai-ko"]["answer_match"]


def test_eval_report_compares_every_mode(env, small_index, tmp_path):
    report = tmp_path / "report"
    out = run_eval(env, "--golden", str(GOLDEN), "--report", str(report))
    assert out.returncode == 0, out.stderr
    assert f"report written to {report / 'quality.md'}" in out.stdout
    assert "overall (8 items): hit_at_1=" in out.stdout
    markdown = (report / "quality.md").read_text("utf-8")
    for mode in MODES:
        assert f"| {mode} |" in markdown
    assert "![chart](quality.png)" in markdown and "| language=en | 2 |" in markdown
    png = (report / "quality.png").read_bytes()
    assert png.startswith(PNG_MAGIC) and len(png) > 10_000
    assert list((small_index.data_dir / "baseline").glob("*/complete")), \
        "the baseline store is built under the data directory"


@pytest.mark.parametrize("args, message", [
    (["--mode", "bm25"], "unknown mode 'bm25'"),
    (["--golden", "no/such/golden.yaml"], "cannot read golden file"),
])
def test_eval_bad_options_are_one_clear_line(env, args, message):
    out = run_eval(env, *args)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert message in out.stderr and len(out.stderr.strip().splitlines()) == 1


def test_eval_golden_schema_error_names_the_item(env, tmp_path):
    golden = tmp_path / "golden.yaml"
    golden.write_text("- id: fine\n  question: 센터는?\n- id: broken\n  question: q\n"
                      "  audience: investor\n", "utf-8")
    out = run_eval(env, "--golden", str(golden), "--json")
    assert out.returncode == 2 and out.stdout == ""
    assert "item 2 (broken): `audience` is 'investor'" in out.stderr
