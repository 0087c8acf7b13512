"""Headings as chunking reads them (ingest/headings.py): normal form and English titles."""

from ingest.headings import (
    english_heading,
    english_section,
    fixed_section,
    heading_fixes,
    heading_label,
)


def test_english_heading_labels():
    english = {"제2장 데이터": "Data", "제3절 처리": "Processing", "별표": "Annex"}
    assert english_heading("제2장 데이터", english) == "Chapter 2 Data"
    assert english_heading("제3절 처리", english) == "Section 3 Processing"
    assert english_heading("별표", english) == "Annex"
    assert english_heading("제4장 없음", english) == ""
    assert english_section("제2장 데이터 > 제3절 처리 > 제9조 (x)", english) == \
        "Section 3 Processing"
    assert english_section("", english) == english_section("제2장 데이터", {}) == ""


def test_heading_label_is_the_heading_without_its_amendment_note():
    assert heading_label("제28조의2  (가명정보의 처리 등) <신설 2020.2.4>") == \
        "제28조의2 (가명정보의 처리 등)"
    assert heading_label(" 제1장\t총칙 ") == "제1장 총칙"
    assert heading_label("이용 안내") == "이용 안내"


def test_a_heading_published_wrong_is_cited_as_fixed():
    fixes = heading_fixes({"제20조 (품질관리 사업)  <개정 2024.1.1>": "제20조의2 (품질관리 사업)",
                           "": "x", "제21조": ""})
    assert fixes == {"제20조 (품질관리 사업)": "제20조의2 (품질관리 사업)"}
    assert fixed_section("제4장 품질 > 제20조 (품질관리 사업)", fixes) == \
        "제4장 품질 > 제20조의2 (품질관리 사업)"
    assert fixed_section("제20조 (플랫폼 지원)", fixes) == "제20조 (플랫폼 지원)"
    assert heading_fixes(["not", "a mapping"]) == {} and fixed_section("", fixes) == ""
