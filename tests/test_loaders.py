from __future__ import annotations

import io
import random
import shutil
import zipfile
from pathlib import Path

import pytest

from ingest.errors import LoadError
from ingest.loaders import SUPPORTED_SUFFIXES, load_file
from ingest.loaders.text import decode_text

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str, **kwargs):
    return load_file(FIXTURES / name, f"corpus/{name}", **kwargs)


def test_supported_suffixes():
    assert {".md", ".markdown", ".txt", ".html", ".htm", ".docx", ".pdf", ".hwp",
            ".hwpx"} == SUPPORTED_SUFFIXES


def test_korean_pdf_pages_text_and_sidecar():
    doc = load("ko-guide.pdf")
    assert doc.format == "pdf"
    assert [b.page for b in doc.blocks] == [1, 2, 3]
    assert "데이터 바우처는 중소기업이" in doc.blocks[0].text
    assert "신청 방법" in doc.blocks[1].text
    assert "제2조의2(지원 한도)" in doc.blocks[2].text
    assert all("\x00" not in b.text for b in doc.blocks)
    # sidecar wins over the PDF's own /Title; PDF info fills what the sidecar lacks
    assert doc.doc_id == "vouchers/ko-guide"
    assert doc.title == "데이터 바우처 지원사업 안내 (2024)"
    assert doc.metadata["subject"] == "데이터 바우처"
    assert doc.metadata["audience"] == ["중소기업", "예비창업자"]
    assert doc.metadata["valid_from"] == "2024-01-01"
    assert doc.metadata["sources"] == ["https://example.org/voucher"]
    assert doc.warnings == []


def test_english_pdf_uses_pdf_title_and_derived_doc_id():
    doc = load_file(FIXTURES / "english.pdf", "handbooks/english.pdf")
    assert doc.doc_id == "handbooks/english"
    assert doc.title == "Open Data Handbook"
    assert doc.blocks[1].page == 2 and "standard licence" in doc.blocks[1].text


def test_pdf_with_a_scanned_page_warns_and_keeps_the_others():
    doc = load("mixed-scanned.pdf")
    assert [b.page for b in doc.blocks] == [1, 3]
    assert doc.warnings == ["page 2: scanned page, no text (OCR is not supported)"]


def test_pdf_encrypted_with_empty_user_password_is_read():
    doc = load("encrypted-empty-password.pdf")
    assert "Open data is data" in doc.blocks[0].text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("scanned-only.pdf", "no text layer on any page"),
        ("encrypted-password.pdf", "encrypted with a password: remove the password"),
        ("corrupt.pdf", "not a readable PDF"),
        ("empty.md", "empty"),
        ("binary.txt", "binary"),
        ("broken-frontmatter.md", "line 3"),
    ],
)
def test_bad_files_raise_actionable_load_errors(name, expected):
    with pytest.raises(LoadError, match=expected) as info:
        load(name)
    assert "Traceback" not in str(info.value)
    assert ":" in str(info.value)  # what is wrong: what to do


def test_pdf_time_limit_then_worker_recovers():
    with pytest.raises(LoadError, match=r"took longer than 0.1 s"):
        load("bomb.pdf", pdf_timeout_s=0.1)  # inflating 16 MB and scanning it takes seconds
    assert load("english.pdf").blocks


def test_pdf_memory_limit_then_worker_recovers():
    with pytest.raises(LoadError, match="needs more than 32 MB to parse"):
        load("bomb.pdf", pdf_memory_mb=32)
    assert load("ko-guide.pdf").blocks


def test_pdf_sidecar_with_bad_yaml_is_named(tmp_path):
    shutil.copy(FIXTURES / "english.pdf", tmp_path / "guide.pdf")
    (tmp_path / "guide.meta.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"sidecar guide\.meta\.yaml"):
        load_file(tmp_path / "guide.pdf", "guide.pdf")


def test_empty_pdf(tmp_path):
    (tmp_path / "empty.pdf").write_bytes(b"")
    with pytest.raises(LoadError, match="empty"):
        load_file(tmp_path / "empty.pdf", "empty.pdf")


def test_markdown_front_matter():
    doc = load("guide-ko.md")
    assert doc.doc_id == "guides/guide-ko"
    assert doc.format == "markdown"
    assert doc.title == "데이터 안심구역 이용 안내"
    assert doc.metadata["audience"] == ["연구자", "기업"]
    assert doc.metadata["valid_from"] == "2024-03-01"
    assert doc.metadata["as_of"] == "2024-02-15"
    assert doc.metadata["doc_group"] == "safe-zone"
    assert doc.metadata["owner"] == "데이터팀"  # free extra keys are kept
    assert not doc.blocks[0].text.startswith("---")
    assert doc.blocks[0].page is None


def test_markdown_title_falls_back_to_heading_then_file_name(tmp_path):
    (tmp_path / "a.md").write_text("intro\n\n# 첫 제목\n\n본문\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\naudience: 기업\n---\n본문만\n", encoding="utf-8")
    assert load_file(tmp_path / "a.md", "x/a.md").title == "첫 제목"
    doc = load_file(tmp_path / "b.md", "x/b.md")
    assert doc.title == "b.md" and doc.doc_id == "x/b"
    assert doc.metadata["audience"] == ["기업"]


def test_markdown_front_matter_must_be_a_mapping(tmp_path):
    (tmp_path / "list.md").write_text("---\n- a\n- b\n---\n본문\n", encoding="utf-8")
    with pytest.raises(LoadError, match="mapping"):
        load_file(tmp_path / "list.md", "list.md")


def test_cp949_text_is_decoded():
    doc = load("cp949-ko.txt")
    assert doc.format == "text"
    assert doc.blocks[0].text.startswith("포항 데이터 센터 공지")


def test_undecodable_and_control_heavy_text():
    with pytest.raises(LoadError, match="not UTF-8 or CP949/EUC-KR: re-save the file as UTF-8"):
        decode_text(b"\xff\xfe\xfd valid? no \xff")
    with pytest.raises(LoadError, match="binary"):
        decode_text(b"\x01\x02\x03\x04\x05 text \x06\x07\x08\x0e\x0f")
    assert decode_text("\ufeff가나다".encode()) == "가나다"


def test_text_normalisation(tmp_path):
    decomposed = "\u1100\u1161"  # 가 as two jamo: NFC composes it
    (tmp_path / "n.txt").write_text(f"{decomposed}\r\n\n\n\n\n끝  \n", encoding="utf-8")
    assert load_file(tmp_path / "n.txt", "n.txt").blocks[0].text == "가\n\n\n끝"


def test_html_drops_scripts_and_keeps_headings():
    doc = load("page.html")
    text = doc.blocks[0].text
    assert doc.title == "센터 소개"
    assert "secret" not in text and "color" not in text and "자바스크립트" not in text
    assert "comment" not in text
    assert "# 센터 소개" in text and "## 주요 사업" in text and "### 교육 일정" in text
    assert "포항 빅데이터 AI 혁신센터는 지역 기업의 데이터 활용을 돕습니다." in text
    assert "- 데이터 바우처" in text and "과정 | 기간" in text
    assert "매월 둘째 주 화요일\n오후 2시" in text


def test_docx_headings_paragraphs_tables():
    doc = load("report.docx")
    text = doc.blocks[0].text
    assert doc.format == "docx" and doc.title == "2024 사업 보고서"
    assert text.startswith("# 사업 개요\n\n올해 센터는 40개 기업을 지원했습니다.")
    assert "## 성과 지표" in text
    assert "지원 기업 | 40" in text


def test_corrupt_docx(tmp_path):
    (tmp_path / "bad.docx").write_bytes(b"this is not a zip file")
    with pytest.raises(LoadError, match="not a valid .docx"):
        load_file(tmp_path / "bad.docx", "bad.docx")


def test_statute_text_is_one_block():
    doc = load("statute-excerpt.txt")
    assert "제28조의2(가명정보의 처리 등)" in doc.blocks[0].text


@pytest.mark.parametrize(
    ("attrs", "backdrop", "hidden"),
    [
        ({"hidden": ""}, "#ffffff", True),
        ({"aria-hidden": "true"}, "#ffffff", True),
        ({"style": "DISPLAY: None !important"}, "#ffffff", True),
        ({"style": "visibility:collapse"}, "#ffffff", True),
        ({"style": "font-size: 0.5pt"}, "#ffffff", True),
        ({"style": "font-size: 0em"}, "#ffffff", True),
        ({"style": "font-size: 12px"}, "#ffffff", False),
        ({"style": "opacity: 0.0"}, "#ffffff", True),
        ({"style": "height:0; overflow:hidden"}, "#ffffff", True),
        ({"style": "text-indent:-10000px"}, "#ffffff", True),
        ({"style": "color: rgb(255, 255, 255)"}, "#ffffff", True),
        ({"style": "color: rgba(0, 0, 0, 0)"}, "#ffffff", True),
        ({"style": "color:#fff"}, "#000000", False),  # white on a dark parent: visible
        ({"style": "color:#333; background:#333 url(x.png)"}, "#ffffff", True),
        ({"color": "white", "style": "background-color: navy"}, "#ffffff", False),
        ({"style": "color: red"}, "#ffffff", False),
        ({"style": "color: white; background: url(dark.png)"}, "#ffffff", False),
        ({"style": "color: white; background: transparent"}, "#ffffff", True),
    ],
)
def test_hidden_by_attrs(attrs, backdrop, hidden):
    from ingest.loaders.html import hidden_by_attrs

    assert hidden_by_attrs(attrs, backdrop) is hidden


def test_depth_pre_scan_follows_the_tag_stack():
    from ingest.loaders.html import check_depth

    check_depth("<div>" * 256 + "</div>" * 256)
    check_depth("<p>a</p>" * 10_000 + "<br>" * 10_000 + "<!-- <div>" * 300 + " -->")
    check_depth("<div>" * 200 + "</span>" * 300 + "</div>" * 200 + "<div>" * 200)
    with pytest.raises(LoadError, match="nested more than 256 deep"):
        check_depth("<div>" * 257)
    with pytest.raises(LoadError, match="nested more than 10 deep"):
        check_depth("<p>unclosed " * 11, limit=10)  # bs4's html.parser nests unclosed <p>


def test_strip_hidden_html_in_markdown_text():
    from ingest.loaders.html import strip_hidden_html

    assert strip_hidden_html("a <!-- x --> b <span hidden>y</span> c") == "a  b  c"
    assert strip_hidden_html("a <div hidden><div>x</div> y</div> b") == "a  b"
    kept = "keep <b>bold</b> <br/> <img src=x>"
    assert strip_hidden_html(kept) == kept
    assert strip_hidden_html("a <!-- never closed\nsecret") == "a"
    assert strip_hidden_html("a <script>evil()</script> b") == "a  b"


def test_archive_check_counts_entries_and_total_size(monkeypatch):
    from ingest.loaders import archive

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for i in range(20):
            out.writestr(f"media/{i}.bin", random.Random(i).randbytes(1000))
    monkeypatch.setattr(archive, "MAX_ENTRIES", 10)
    with pytest.raises(archive.Rejected, match="20 parts, over the limit of 10"):
        archive.check_archive(zipfile.ZipFile(buffer))
    monkeypatch.setattr(archive, "MAX_ENTRIES", 5000)
    monkeypatch.setattr(archive, "MAX_TOTAL_BYTES", 10_000)
    with pytest.raises(archive.Rejected, match=r"0 MB uncompressed, over the 0 MB limit"):
        archive.check_archive(zipfile.ZipFile(buffer))
