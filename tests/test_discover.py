from pathlib import Path

from ingest.discover import discover, is_ignored, read_ignore, source_key
from ingest.loaders import SUPPORTED_SUFFIXES


def test_ignore_patterns_match_nested_and_root(tmp_path: Path):
    (tmp_path / ".ingestignore").write_text("# comment\nREADME.md\neval/**\n**/*.meta.yaml\n")
    pats = read_ignore(tmp_path)
    assert pats == ["README.md", "eval/**", "**/*.meta.yaml"]
    assert is_ignored("README.md", pats)
    assert is_ignored("eval/golden.yaml", pats)
    assert is_ignored("x.meta.yaml", pats) and is_ignored("a/b/x.meta.yaml", pats)
    assert not is_ignored("vouchers/README.md", pats)


def test_discover_reports_unsupported_and_too_large(tmp_path: Path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "ok.md").write_text("# hi\n\ntext")
    (root / "data.xyz").write_text("x")
    (root / "big.txt").write_text("가" * 40_000)  # 120 kB
    (root / ".hidden.md").write_text("skip me")
    files, failures = discover([root], root, SUPPORTED_SUFFIXES, max_file_mb=0.05)
    assert [f.source for f in files] == ["corpus/ok.md"]
    errors = {Path(f.path).name: f.error for f in failures}
    assert "unsupported file type '.xyz'" in errors["data.xyz"]
    assert "over the 0.05 MB limit" in errors["big.txt"]
    assert "ASSISTANT_MAX_FILE_MB" in errors["big.txt"]


def test_missing_path_is_reported(tmp_path: Path):
    files, failures = discover([tmp_path / "nope"], tmp_path, SUPPORTED_SUFFIXES, 1)
    assert not files and "no such file" in failures[0].error


def test_source_key_is_relative_to_corpus_parent(tmp_path: Path):
    root = tmp_path / "corpus"
    (root / "a").mkdir(parents=True)
    assert source_key(root / "a" / "x.md", root) == "corpus/a/x.md"
    outside = tmp_path / "other.md"
    assert source_key(outside, root) == outside.resolve().as_posix()
