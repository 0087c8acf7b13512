import os
from pathlib import Path

from ingest.discover import IGNORE_FILE, discover, is_ignored, read_ignore, source_key
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


def test_links_loops_and_special_files_are_refused_with_a_reason(tmp_path: Path):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "ok.md").write_text("# ok\n\ntext")
    (root / "passwd.md").symlink_to("/etc/passwd")
    (root / "etc").symlink_to("/etc")
    (root / "loop.md").symlink_to("loop.md")
    (root / "gone.md").symlink_to("nothing-here.md")
    (root / "sub" / "alias.md").symlink_to("../ok.md")  # inside: the real file is indexed once
    os.mkfifo(root / "pipe.md")
    files, failures = discover([root], root, SUPPORTED_SUFFIXES, max_file_mb=1)
    assert [f.source for f in files] == ["corpus/ok.md"]
    errors = {Path(f.path).name: f.error for f in failures}
    assert set(errors) == {"passwd.md", "etc", "loop.md", "gone.md", "pipe.md"}
    assert "outside the corpus folder" in errors["passwd.md"]
    assert "outside the corpus folder" in errors["etc"]
    assert "link loop" in errors["loop.md"]
    assert "dangling link" in errors["gone.md"]
    assert "FIFO" in errors["pipe.md"]


def test_a_link_inside_the_corpus_given_explicitly_is_still_fenced(tmp_path: Path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "passwd.md").symlink_to("/etc/passwd")
    files, failures = discover([root / "passwd.md"], root, SUPPORTED_SUFFIXES, 1)
    assert not files and "outside the corpus folder" in failures[0].error


def test_explicit_paths_outside_the_corpus_are_read_only_when_regular(tmp_path: Path):
    root = tmp_path / "corpus"
    root.mkdir()
    outside = tmp_path / "elsewhere.md"
    outside.write_text("# elsewhere\n\ntext")
    os.mkfifo(tmp_path / "pipe.md")
    files, failures = discover([outside, tmp_path / "pipe.md"], root, SUPPORTED_SUFFIXES, 1)
    assert [f.source for f in files] == [outside.resolve().as_posix()]
    assert files[0].size == outside.stat().st_size and files[0].mtime > 0
    assert [Path(f.path).name for f in failures] == ["pipe.md"]
    assert "FIFO" in failures[0].error


def test_files_under_an_outside_folder_stay_inside_it(tmp_path: Path):
    root, other = tmp_path / "corpus", tmp_path / "other"
    root.mkdir()
    other.mkdir()
    (other / "a.md").write_text("# a\n\ntext")
    (other / "secret.md").symlink_to(root.parent / "private.md")
    (root.parent / "private.md").write_text("private")
    files, failures = discover([other], root, SUPPORTED_SUFFIXES, 1)
    assert [Path(f.source).name for f in files] == ["a.md"]
    assert "outside the folder being ingested" in failures[0].error


def test_names_with_control_characters_are_refused_and_shown_escaped(tmp_path: Path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a\nFAILED b.md").write_text("text")
    files, failures = discover([root], root, SUPPORTED_SUFFIXES, 1)
    assert not files and failures[0].path.endswith("a\\nFAILED b.md")
    assert "control characters" in failures[0].error


def test_an_ignore_file_linked_outside_the_corpus_is_not_read(tmp_path: Path):
    root = tmp_path / "corpus"
    root.mkdir()
    (tmp_path / "patterns").write_text("*.md\n")
    (root / IGNORE_FILE).symlink_to(tmp_path / "patterns")
    assert read_ignore(root) == []
