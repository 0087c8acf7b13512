"""HWPX and HWP 5 loading: text, headings and tables through the parser child process, and
actionable errors for encrypted, DRM-protected, corrupt, truncated and hostile files.

Fixtures in tests/fixtures/hwp/ come from scripts/build_hwp_fixtures.py (described in the
README.md beside them)."""

from __future__ import annotations

import base64
import importlib.util
import io
import random
import re
import shutil
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from ingest.chunking import chunk_document
from ingest.errors import LoadError
from ingest.loaders import SUPPORTED_SUFFIXES, load_file

REPO = Path(__file__).resolve().parents[1]
HWP = REPO / "tests" / "fixtures" / "hwp"
CORPUS_DOC = REPO / "corpus" / "vouchers" / "voucher-2026-process-ko.hwpx"
SOURCE_MD = REPO / "corpus" / "vouchers" / "voucher-2026-application-ko.md"


def _script():
    path = REPO / "scripts" / "build_hwp_fixtures.py"
    spec = importlib.util.spec_from_file_location("build_hwp_fixtures", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _script()


def load(name: str, **kwargs):
    return load_file(HWP / name, f"hwp/{name}", **kwargs)


def test_hangul_suffixes_are_supported():
    assert {".hwp", ".hwpx"} <= SUPPORTED_SUFFIXES


@pytest.mark.parametrize(("name", "fmt"), [("sample.hwpx", "hwpx"), ("sample.hwp", "hwp")])
def test_korean_paragraphs_headings_and_table_rows(name, fmt):
    doc = load(name)
    text = doc.blocks[0].text
    assert (doc.format, doc.doc_id, doc.title) == (fmt, "hwp/sample", "데이터 바우처 신청 안내")
    assert len(doc.blocks) == 1 and doc.blocks[0].page is None and doc.warnings == []
    assert text.startswith("# 데이터 바우처 신청 안내\n\n이 안내는 테스트용 문서입니다.")
    assert "\n# 신청 자격\n\n데이터 바우처는 중소기업과 예비창업자의" in text  # 개요 1
    assert "\n## 제출 서류\n" in text  # 개요 2
    assert "서류 | 분량\n사업계획서 | 15~20쪽\n발표 자료 | 최대 10쪽" in text
    assert "센터 상담 창구로 문의하세요.\n평일 오전 9시부터 받습니다." in text  # a line break


def test_headings_become_chunk_sections():
    doc = load("sample.hwp")
    chunks = chunk_document(doc, max_tokens=60, overlap=0, count_tokens=lambda s: len(s.split()))
    sections = {c.section for c in chunks}
    assert "신청 자격 > 제출 서류" in sections
    table = next(c for c in chunks if "사업계획서 | 15~20쪽" in c.text)
    assert table.section == "신청 자격 > 제출 서류"


def test_parsing_happens_in_the_child_process(monkeypatch):
    import ingest.loaders.hwp as hwp
    import ingest.loaders.hwpx as hwpx

    def refuse(path):
        raise AssertionError("the main process must not parse Hangul files")

    monkeypatch.setattr(hwpx, "parse_hwpx", refuse)
    monkeypatch.setattr(hwp, "parse_hwp", refuse)
    assert load("sample.hwpx").blocks and load("sample.hwp").blocks


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("encrypted.hwp", r"^encrypted with a password: save it without a password from Hangul"),
        ("drm.hwp", r"^a distribution \(DRM-protected\) document: ask the publisher"),
        ("not-ole.hwp", r"^not a readable HWP file \(not an OLE compound file\): .*re-save"),
        ("truncated.hwpx", r"^not a readable HWPX file \(not a zip: .*corrupt or truncated"),
        ("not-zip.hwpx", r"^not a readable HWPX file \(not a zip"),
    ],
)
def test_bad_hangul_files_raise_actionable_load_errors(name, expected):
    with pytest.raises(LoadError, match=expected) as info:
        load(name)
    assert "Traceback" not in str(info.value)


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_truncated_and_damaged_hwp(tmp_path):
    sample = (HWP / "sample.hwp").read_bytes()
    cut = _write(tmp_path, "cut.hwp", sample[: len(sample) // 2])
    with pytest.raises(LoadError, match=r"^not a readable HWP file \(.+\): the file may be"):
        load_file(cut, "cut.hwp")
    header = b"HWP Document File".ljust(32, b"\0") + bytes.fromhex("0001010501000000")
    no_body = _write(tmp_path, "nobody.hwp", build.cfb({"FileHeader": header.ljust(256, b"\0")}))
    with pytest.raises(LoadError, match=r"no BodyText/Section streams"):
        load_file(no_body, "nobody.hwp")
    swapped = _write(tmp_path, "swapped.hwpx", sample)
    with pytest.raises(LoadError, match=r"an HWP 5 file named \.hwpx: rename it to \.hwp"):
        load_file(swapped, "swapped.hwpx")
    empty = _write(tmp_path, "empty.hwp", b"")
    with pytest.raises(LoadError, match="the file is empty"):
        load_file(empty, "empty.hwp")


def test_zip_bomb_is_rejected_by_the_archive_check_without_parent_memory(tmp_path):
    bomb = _write(tmp_path, "bomb.hwpx", build.hwpx_bomb(megabytes=16))
    assert bomb.stat().st_size < 100_000  # 16 MB of XML inside
    tracemalloc.start()
    try:
        with pytest.raises(LoadError, match=r"^rejected before parsing \(part Contents/section0"
                                            r"\.xml is compressed \d+:1 \(16 MB uncompressed\), "
                                            r"over the 100:1 limit\): .*zip bomb"):
            load_file(bomb, "bomb.hwpx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024  # the parent never inflated it
    assert load("sample.hwpx").blocks  # the child is still usable


def test_xml_entities_are_refused(tmp_path):
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><sec>&lol2;</sec>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(HWP / "sample.hwpx") as src, zipfile.ZipFile(buffer, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            out.writestr(info, laughs if info.filename == "Contents/section0.xml" else data)
    path = _write(tmp_path, "laughs.hwpx", buffer.getvalue())
    with pytest.raises(LoadError, match=r"section0\.xml declares a DOCTYPE or entities"):
        load_file(path, "laughs.hwpx")


def test_hwp_stream_inflating_past_the_limit_is_a_bomb(monkeypatch):
    import ingest.loaders.hwp as hwp

    monkeypatch.setattr(hwp, "MAX_STREAM_BYTES", 64)  # in-process: the child keeps its own
    result = hwp.parse_hwp(str(HWP / "sample.hwp"))
    assert result["kind"] == "bomb" and "inflates to more than" in result["reason"]


def test_memory_limit_applies_to_hangul_files_then_the_worker_recovers(tmp_path):
    text = base64.b64encode(random.Random(0).randbytes(6_000_000)).decode()  # 8 MB, 1.3:1
    big = _write(tmp_path, "big.hwpx", build.hwpx_bytes("big", [("p", text)]))
    with pytest.raises(LoadError, match="needs more than 32 MB to parse; the HWPX file"):
        load_file(big, "big.hwpx", pdf_memory_mb=32)
    assert load("sample.hwp").blocks


def test_sidecar_metadata_wins(tmp_path):
    shutil.copy(HWP / "sample.hwpx", tmp_path / "guide.hwpx")
    (tmp_path / "guide.meta.yaml").write_text(
        "doc_id: guide-ko\ntitle: 새 제목\naudience: startup\n", encoding="utf-8")
    doc = load_file(tmp_path / "guide.hwpx", "x/guide.hwpx")
    assert (doc.doc_id, doc.title, doc.metadata["audience"]) == ("guide-ko", "새 제목", ["startup"])


def test_corpus_hwpx_document():
    doc = load_file(CORPUS_DOC, "corpus/vouchers/voucher-2026-process-ko.hwpx")
    text = doc.blocks[0].text
    assert doc.format == "hwpx" and doc.doc_id == "voucher-2026-process-ko"
    assert doc.title == "2026년 데이터바우처 지원사업 신청 절차"
    assert doc.metadata["category"] == "vouchers" and doc.metadata["year"] == 2026
    assert "# 신청 일정" in text and "# 준비 서류" in text
    assert "공고 | 1월 말 ~ 2월 초 | 한국데이터산업진흥원(K-DATA)이 공고" in text
    assert "사업계획서 | 15~20쪽 분량" in text
    # every figure comes from the Markdown notice it is built from
    assert set(re.findall(r"\d+", text)) <= set(re.findall(r"\d+", SOURCE_MD.read_text("utf-8")))


def test_fixtures_and_corpus_document_are_generated_by_the_script():
    for name, data in build.fixtures().items():
        assert (HWP / name).read_bytes() == data, f"{name}: run scripts/build_hwp_fixtures.py"
    assert CORPUS_DOC.read_bytes() == build.hwpx_bytes(build.PROCESS_TITLE, build.PROCESS)


def test_ingest_reports_bad_hangul_files_by_name(tmp_path, corpus, embedder):
    from ingest.pipeline import IngestOptions, Ingestor

    for name in ("sample.hwpx", "encrypted.hwp", "drm.hwp", "truncated.hwpx"):
        shutil.copy(HWP / name, corpus / "vouchers" / name)
    shutil.copy(HWP / "sample.hwp", corpus / "vouchers" / "sample5.hwp")  # its own doc_id
    report = Ingestor(IngestOptions(data_dir=tmp_path / "data", corpus_dir=corpus), embedder).run()
    failed = {Path(f.path).name: f.error for f in report.failed}
    assert set(failed) == {"encrypted.hwp", "drm.hwp", "truncated.hwpx"}
    assert "password" in failed["encrypted.hwp"] and "DRM" in failed["drm.hwp"]
    assert "corrupt or truncated" in failed["truncated.hwpx"]
    assert report.added == 6  # 4 small-corpus files and the two samples
