"""`assistant eval` end to end on the small index with tests/fixtures/golden_small.yaml."""

import json
import os
import subprocess
import sys

import pytest
import yaml

from .conftest import FIXTURES, REPO

GOLDEN = FIXTURES / "golden_small.yaml"
TEST_PART = ("safe-zone-en", "pdf-limit-ko", "weather-en")  # the rest stays calibration
METRICS = ("hit_at_1", "hit_at_5", "mrr", "citation_hit", "answer_match", "first_line",
           "refusal_precision", "refusal_recall", "citation_precision", "cited_lines",
           "uncovered", "latency_p50_ms", "latency_p95_ms")
ITEM_KEYS = {"id", "split", "answer", "refused", "answer_match", "first_line", "cited_lines",
             "trace", "rank", "citation_hit"}
MODES = ("hybrid", "dense", "keyword", "langchain-baseline")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def env(small_index):
    return {"ASSISTANT_DATA_DIR": str(small_index.data_dir),
            "ASSISTANT_CORPUS_DIR": str(small_index.corpus_dir)}


@pytest.fixture
def split_golden(tmp_path):
    """golden_small.yaml with three items moved to the test part, plus a key eval ignores."""
    items = yaml.safe_load(GOLDEN.read_text("utf-8"))
    for item in items:
        item["split"] = "test" if item["id"] in TEST_PART else "calibration"
        item["reviewed_by"] = "someone"
    path = tmp_path / "golden-split.yaml"
    path.write_text(yaml.safe_dump(items, allow_unicode=True), "utf-8")
    return path


def run_eval(env, *args, timeout=300):
    return subprocess.run([sys.executable, "-m", "assistant.cli", "eval", *args], cwd=REPO,
                          env={**os.environ, **env}, capture_output=True, text=True,
                          timeout=timeout)


def check_rates(metrics: dict) -> None:
    assert set(METRICS) <= set(metrics)
    for name in METRICS:
        value = metrics[name]
        if name == "uncovered" or (name.startswith("latency") and metrics["items"]):
            assert value is not None and value >= 0
        elif name.startswith("latency"):
            assert value is None  # an empty group (e.g. no test items)
        elif name == "cited_lines":
            assert value is None or value >= 0
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
    assert all(ITEM_KEYS <= set(i) for i in items)
    assert by_id["voucher-ai-ko"]["first_line"] is True
    assert by_id["voucher-ai-ko"]["cited_lines"] >= 1 and by_id["weather-ko"]["cited_lines"] is None
    trace = by_id["voucher-ai-ko"]["trace"]
    assert trace["decision"] == "answer" and trace["hits"][0]["source"].endswith("voucher-2023.md")
    assert by_id["weather-ko"]["trace"]["decision"] in ("refuse", "uncovered")
    # no item says `split`: every one counts as calibration, the test part is empty
    assert {i["split"] for i in items} == {"calibration"}
    assert summary["groups"]["split=calibration"]["items"] == 8
    assert summary["groups"]["split=test"]["items"] == 0


def test_eval_split_restricts_the_items(env, split_golden):
    out = run_eval(env, "--golden", str(split_golden), "--split", "test", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [i["id"] for i in data["items"]] == list(TEST_PART)
    groups = data["summary"]["groups"]
    assert groups["split=test"]["items"] == 3 and groups["split=calibration"]["items"] == 0
    assert groups["split=test/language=en"]["items"] == 2
    assert groups["split=test/audience=startup"]["items"] == 1


def test_eval_report_compares_every_mode(env, small_index, tmp_path, split_golden):
    report = tmp_path / "report"
    out = run_eval(env, "--golden", str(split_golden), "--report", str(report))
    assert out.returncode == 0, out.stderr
    assert f"report written to {report / 'quality.md'}" in out.stdout
    header = next(line for line in out.stdout.splitlines() if "metric" in line)
    assert header.index("calibration (5)") < header.index("test (3)") < header.index("gap")
    assert "answer_match" in out.stdout and "first_line" in out.stdout
    assert "language=en" in out.stdout and "audience=citizen" in out.stdout
    markdown = (report / "quality.md").read_text("utf-8")
    for mode in MODES:
        assert f"| {mode} |" in markdown
    assert "![chart](quality.png)" in markdown
    assert "## Calibration (5 items) vs test (3 items), hybrid" in markdown
    assert "| metric | calibration | test | gap |" in markdown
    assert "| language=en | test | 2 |" in markdown and "| language=ko | calibration | 5 |" \
        in markdown
    assert "## Failing test items (" in markdown
    png = (report / "quality.png").read_bytes()
    assert png.startswith(PNG_MAGIC) and len(png) > 10_000
    assert list((small_index.data_dir / "baseline").glob("*/complete")), \
        "the baseline store is built under the data directory"


@pytest.mark.parametrize("args, message", [
    (["--mode", "bm25"], "unknown mode 'bm25'"),
    (["--split", "dev"], "unknown split 'dev'"),
    (["--mode", "bm25", "--report", "never-written"], "unknown mode 'bm25'"),
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


def test_eval_scores_a_question_the_assistant_rejects_and_runs_the_others(env, tmp_path):
    """A bare year is a follow-up ("2023?" after a question); a question of symbols only is
    rejected, and eval scores it as a refusal instead of stopping the run."""
    golden = tmp_path / "golden.yaml"
    items = [
        {"id": "symbols", "question": "?!?! 🙂", "expect_refusal": True},
        {"id": "bare-year", "question": "2023?", "language": "en", "expect_refusal": False,
         "history": [{"question": "What was the maximum for AI processing vouchers in 2023?",
                      "answer": "6,000만 원 [1]"}],
         "expect_sources": ["corpus/vouchers/voucher-2023*"], "expect_any": ["6,000만 원"]},
    ]
    golden.write_text(yaml.safe_dump(items, allow_unicode=True), "utf-8")
    out = run_eval(env, "--golden", str(golden), "--json")
    assert out.returncode == 0, out.stderr
    rows = {i["id"]: i for i in json.loads(out.stdout)["items"]}
    assert rows["symbols"]["refused"] and rows["symbols"]["trace"]["reason"] == "question_symbols"
    assert not rows["bare-year"]["refused"] and rows["bare-year"]["trace"]["followup"]


SOURCE = "2023년 데이터바우처 AI 가공 유형은 최대 6,000만 원까지 지원되었습니다."


@pytest.mark.parametrize("line, ok", [
    (SOURCE, True),
    ("up to 60 million KRW (6,000만 원) — " + SOURCE, True),
    ("up to 70 million KRW (7,000만 원) — " + SOURCE, False),  # a figure the source lacks
    ("up to 60 million KRW (6,000만 원) — 2024년에는 1억 원을 지원합니다.", False),
    ("완전히 다른 문장입니다.", False),
])
def test_supported_checks_english_leads_by_their_figures(line, ok):
    from assistant.eval_cli import supported

    assert supported(line, SOURCE) is ok
