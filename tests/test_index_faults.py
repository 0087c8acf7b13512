"""A damaged index gives one clear error naming the file (never a traceback), `verify_generation`
reports it, and a plain ingest rebuilds it; the read path works from a read-only or full disk."""

import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.index import IndexReader
from ingest.errors import IndexCorruptError
from ingest.pipeline import IngestOptions, Ingestor
from ingest.store import Generations, verify_current, verify_generation

from .conftest import REPO


def copy_index(small_index, tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the small index: (data dir, folder of the served generation)."""
    data = tmp_path / "data"
    shutil.copytree(small_index.data_dir, data)
    return data, data / "index" / Generations(data / "index").current()


def generation_files(folder: Path) -> list[str]:
    """Every file of a generation, relative to its folder."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def truncate(path: Path) -> None:
    """Cut a file to half its size (an empty file stays empty, so it is removed instead)."""
    size = path.stat().st_size
    if size:
        with open(path, "r+b") as fh:
            fh.truncate(size // 2)
    else:
        path.unlink()


def test_a_whole_generation_verifies(small_index):
    folder = small_index.data_dir / "index" / Generations(small_index.data_dir / "index").current()
    assert verify_generation(folder) == []
    assert {"manifest.json", "chunks.jsonl", "vectors.npy", "keyword/ids.json"} <= set(
        generation_files(folder))


def test_each_truncated_file_gives_a_clear_error_naming_it(small_index, tmp_path, embedder):
    data, folder = copy_index(small_index, tmp_path / "pristine")
    for rel in generation_files(folder):
        case = tmp_path / rel.replace("/", "_")
        shutil.copytree(data, case)
        broken = case / "index" / folder.name / rel
        truncate(broken)
        problems = verify_generation(case / "index" / folder.name)
        assert problems and any(Path(rel).name in p for p in problems), (rel, problems)
        with pytest.raises(IndexCorruptError) as caught:
            IndexReader(case, "", embedder.identity).chunks()
        message = str(caught.value)
        assert Path(rel).name in message and "assistant ingest" in message, (rel, message)


def test_chunks_cut_at_a_line_boundary_are_caught(small_index, tmp_path, embedder):
    data, folder = copy_index(small_index, tmp_path)
    lines = (folder / "chunks.jsonl").read_text("utf-8").splitlines(keepends=True)
    (folder / "chunks.jsonl").write_text("".join(lines[:-1]), "utf-8")
    assert any("chunks.jsonl" in p for p in verify_generation(folder))
    with pytest.raises(IndexCorruptError, match="chunks.jsonl"):
        IndexReader(data, "", embedder.identity).refresh()


def test_ask_on_a_damaged_index_prints_one_line_not_a_traceback(small_index, tmp_path):
    data, folder = copy_index(small_index, tmp_path)
    truncate(folder / "keyword" / "ids.json")
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data),
           "ASSISTANT_CORPUS_DIR": str(small_index.corpus_dir)}
    run = subprocess.run([sys.executable, "-m", "assistant.cli", "ask", "센터에는 무엇이 있나요?"],
                         env=env, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert "ids.json" in run.stderr and "assistant ingest" in run.stderr


def test_a_plain_ingest_rebuilds_a_damaged_index_and_says_so(small_index, tmp_path, embedder):
    data, folder = copy_index(small_index, tmp_path)
    truncate(folder / "chunks.jsonl")
    gens = Generations(data / "index")
    assert verify_current(gens)
    options = IngestOptions(data_dir=data, corpus_dir=small_index.corpus_dir)
    report = Ingestor(options, embedder).run()
    assert report.generation != folder.name and report.embedded == 0
    assert any("rebuilding" in w and "chunks.jsonl" in w for w in report.warnings)
    assert verify_current(gens) == []
    assert IndexReader(data, "", embedder.identity).keyword("보육공간", 3)


@contextlib.contextmanager
def tmpfs(mount: Path, size: str = "64m"):
    """A private tmpfs mounted at `mount` (root only; skips the test where mounting is denied)."""
    mount.mkdir(parents=True)
    run = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)],
                         capture_output=True, text=True, timeout=30)
    if run.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {run.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True, timeout=30)


def search_works(data: Path, embedder) -> None:
    reader = IndexReader(data, "", embedder.identity)
    assert reader.chunk(reader.keyword("보육공간", 3)[0][0]).doc_id == "t-center"
    best = reader.dense(embedder.embed_query("What leaves a data safe zone?"), 3)[0][0]
    assert reader.chunk(best).doc_id == "t-safe-zone-en"
    assert reader.count() == len(reader.chunks())


def test_the_reader_works_from_a_read_only_data_dir(small_index, tmp_path, embedder):
    with tmpfs(tmp_path / "ro") as mount:
        shutil.copytree(small_index.data_dir, mount / "data")
        remount = subprocess.run(["mount", "-o", "remount,ro", str(mount)],
                                 capture_output=True, text=True, timeout=30)
        assert remount.returncode == 0, remount.stderr
        with pytest.raises(OSError):
            (mount / "data" / "probe").write_text("x")
        search_works(mount / "data", embedder)


def test_the_reader_works_on_a_full_disk(small_index, tmp_path, embedder):
    with tmpfs(tmp_path / "full", size="32m") as mount:
        shutil.copytree(small_index.data_dir, mount / "data")
        with pytest.raises(OSError), open(mount / "filler", "wb") as fh:
            while True:
                fh.write(b"\0" * (1 << 20))
                fh.flush()
        search_works(mount / "data", embedder)
