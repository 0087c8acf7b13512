import pytest

from assistant.citations import (
    CitationError,
    SourceUse,
    check_consistency,
    number_sources,
    parse_markers,
    renumber,
    source_url,
)
from assistant.models import Answer, Citation, Hit


def hit(cid, text="text", **meta):
    return Hit(cid, cid.split(":")[0], text, f"title {cid}", f"{cid}.md", page=3,
               section="제1조", metadata=meta, score=0.5)


def test_parse_markers_in_order_of_first_use():
    assert parse_markers("a [2] b [1][3] c [2, 4] d [1]") == [2, 1, 3, 4]
    assert parse_markers("no markers [x] [참고]") == []


def test_number_sources_first_use_and_reuse():
    a, b = hit("a:1"), hit("b:1")
    numbers, cites = number_sources([(b, "first"), (a, "second"), (b, "third")])
    assert numbers == [1, 2, 1]
    assert [c.doc_id for c in cites] == ["b", "a"]
    assert cites[0].snippet == "first … third"
    assert cites[0].chunk_id == "b:1" and cites[0].page == 3 and cites[0].score == 0.5


def test_section_override_makes_a_separate_citation():
    a = hit("a:1")
    uses = [SourceUse(a, "x", "제28조의2"), SourceUse(a, "y", "제28조의3")]
    numbers, cites = number_sources(uses)
    assert numbers == [1, 2]
    assert [c.section for c in cites] == ["제28조의2", "제28조의3"]


def test_snippet_is_trimmed():
    _, cites = number_sources([(hit("a:1"), "단어 " * 200)])
    assert len(cites[0].snippet) <= 201 and cites[0].snippet.endswith("…")


def test_source_url():
    assert source_url(hit("a:1", sources=["S1: report", "https://law.go.kr/x", "http://b"])) == (
        "https://law.go.kr/x"
    )
    assert source_url(hit("a:1", sources=["etnews.com/20221014000004"])) == (
        "https://etnews.com/20221014000004"
    )
    assert source_url(hit("a:1", sources=["S1: news report"])) == ""
    assert source_url(hit("a:1")) == ""


def test_renumber():
    assert renumber("x [3] y [1, 3]", {3: 1, 1: 2}) == "x [1] y [2][1]"


def _answer(text, ns):
    cites = [Citation(n, "d", "t", "s", None, "", "", 0.0) for n in ns]
    return Answer("q", "ko", "citizen", text, cites)


def test_check_consistency():
    check_consistency(_answer("a [1] b [2]", [1, 2]))
    with pytest.raises(CitationError, match="no citation"):
        check_consistency(_answer("a [1] b [3]", [1]))
    with pytest.raises(CitationError, match="not used"):
        check_consistency(_answer("a [1]", [1, 2]))
    with pytest.raises(CitationError):
        check_consistency(_answer("a [1]", [1, 1]))


def test_a_citation_carries_its_sections_english_heading_unless_the_section_is_another():
    a = hit("a:1", section_en="Article 1 (Purpose)")
    _, cites = number_sources([SourceUse(a, "x"), SourceUse(a, "y", "제2조")])
    assert [c.section_en for c in cites] == ["Article 1 (Purpose)", ""]
    _, plain = number_sources([(hit("b:1"), "z")])
    assert plain[0].section_en == ""
