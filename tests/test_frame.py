"""Answer framing: body first for startup/citizen, letters for staff, notes, references, refusals.

Hits and citations are built here; templates are the real files in prompts/.
"""

import pytest

from assistant.citations import parse_markers
from assistant.compose.frame import (
    frame,
    next_step_fits,
    quote_note,
    references,
    refusal_answer,
    uncovered_answer,
    year_note,
)
from assistant.models import Citation, Hit

BODY = "- 지원 한도는 최대 3,000만 원입니다. [1]\n- 신청은 온라인으로 받습니다. [2]"
NEXT_STEP = {"ko": "다음 단계", "en": "Next step"}


def hit(category="", year=None, n=1):
    metadata = {"category": category} if category else {}
    if year:
        metadata["year"] = year
    return Hit(f"c{n}", f"d{n}", "본문", f"문서 {n}", f"docs/{n}.md", metadata=metadata)


CITATIONS = [
    Citation(1, "d1", "2024 바우처 공고", "vouchers/call-2024.pdf", 3, "신청 자격", "…", 0.5,
             url="https://example.org/call"),
    Citation(2, "d2", "Center guide", "center/guide.md", None, "", "…", 0.2),
]


def framed(audience, language, *, next_step=False, hits=(), evidence=()):
    return frame(BODY, language=language, audience=audience, citations=CITATIONS,
                 hits=list(hits), evidence_languages=list(evidence), next_step=next_step)


@pytest.mark.parametrize("kind, categories, fits", [
    ("amount", ["vouchers"], True),
    ("date", ["center", "vouchers"], True),
    ("how", ["vouchers"], True),
    ("yesno", ["vouchers"], True),
    ("count", ["vouchers"], True),
    ("amount", ["center"], False),  # not a program document
    ("list", ["center"], False),  # which rooms the center has
    ("where", ["center"], False),
    ("article", ["policies"], False),  # a statute question
    ("article", ["vouchers"], False),
    ("what", ["vouchers"], False),
    ("amount", [], False),
])
def test_next_step_fits(kind, categories, fits):
    hits = [hit(c, n=i) for i, c in enumerate(categories)] or [hit()]
    assert next_step_fits(kind, hits) is fits


@pytest.mark.parametrize("audience", ["startup", "citizen"])
@pytest.mark.parametrize("language", ["ko", "en"])
def test_body_comes_first(audience, language):
    text = framed(audience, language, hits=[hit("vouchers", 2024)], evidence=["en"],
                  next_step=True)
    first = next(line for line in text.splitlines() if line.strip())
    assert first == BODY.splitlines()[0]


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("audience, next_step, shown", [
    ("startup", True, True),
    ("startup", False, False),
    ("citizen", True, False),  # the line belongs to the startup frame only
    ("staff", True, False),
])
def test_next_step_line_only_when_asked(language, audience, next_step, shown):
    text = framed(audience, language, next_step=next_step)
    assert (NEXT_STEP[language] in text) is shown
    if shown:
        assert text.splitlines()[-1].startswith(NEXT_STEP[language])
        assert parse_markers(text.splitlines()[-1]) == []


@pytest.mark.parametrize("language, greeting, heading, closing, reference", [
    ("ko", "안녕하십니까", "[참고 자료]", "감사합니다",
     "1. 2024 바우처 공고 · 신청 자격 · 3쪽 · https://example.org/call"),
    ("en", "Dear inquirer", "References:", "Kind regards",
     "1. 2024 바우처 공고 · 신청 자격 · p. 3 · https://example.org/call"),
])
def test_staff_letter_keeps_greeting_and_references(language, greeting, heading, closing,
                                                    reference):
    text = framed("staff", language, hits=[hit("vouchers", 2024)])
    assert text.startswith(greeting) and closing in text
    lines = text.splitlines()
    at = lines.index(heading)
    assert lines[at + 1] == reference and lines[at + 2] == "2. Center guide · center/guide.md"
    assert lines.index(BODY.splitlines()[0]) < at  # the body before the references
    assert parse_markers(text) == [1, 2]


@pytest.mark.parametrize("audience", ["startup", "citizen"])
def test_short_frames_have_no_reference_list(audience):
    text = framed(audience, "ko")
    assert "[참고 자료]" not in text and "https://example.org/call" not in text


@pytest.mark.parametrize("language, evidence, says", [
    ("ko", ["ko"], ""),
    ("ko", [], ""),
    ("ko", ["en"], "영어"),
    ("ko", ["ko", "en", "en"], "영어"),
    ("en", ["en"], ""),
    ("en", ["ko", "en"], "Korean"),
])
def test_quote_note(language, evidence, says):
    note = quote_note(language, evidence)
    if not says:
        assert note == ""
    else:
        assert says in note and not parse_markers(note)


@pytest.mark.parametrize("years, language, says", [
    ([2023], "ko", "2023년 기준"),
    ([2023], "en", "As of 2023"),
    ([2023, 2022, 2023], "ko", "2022년·2023년 기준"),
    ([2023, 2022], "en", "As of 2022, 2023"),
    ([None], "ko", ""),
    ([], "en", ""),
])
def test_year_note(years, language, says):
    note = year_note([hit(year=y, n=i) for i, y in enumerate(years)], language)
    assert note == "" if not says else says in note


def test_year_note_appears_in_every_frame():
    for audience in ("startup", "citizen", "staff"):
        assert "2024년 기준" in framed(audience, "ko", hits=[hit("vouchers", 2024)])
        assert "기준" not in framed(audience, "ko", hits=[hit("vouchers")])


@pytest.mark.parametrize("language, lines", [
    ("ko", ["1. 2024 바우처 공고 · 신청 자격 · 3쪽 · https://example.org/call",
            "2. Center guide · center/guide.md"]),
    ("en", ["1. 2024 바우처 공고 · 신청 자격 · p. 3 · https://example.org/call",
            "2. Center guide · center/guide.md"]),
])
def test_references(language, lines):
    assert references(CITATIONS, language).splitlines() == lines
    assert references([], language) == ""


@pytest.mark.parametrize("language, says", [("ko", "확인되지 않아"), ("en", "do not cover")])
@pytest.mark.parametrize("audience", ["startup", "citizen", "staff"])
def test_refusal_answer(language, says, audience):
    answer = refusal_answer("질문", language=language, audience=audience, standalone="독립 질문")
    assert answer.refused and answer.citations == [] and parse_markers(answer.text) == []
    assert says in answer.text and answer.standalone_question == "독립 질문"
    assert answer.language == language and answer.audience == audience
    assert "@" not in answer.text


@pytest.mark.parametrize("language, entity, attribute", [
    ("ko", "포스텍", "총장 임기"),
    ("en", "POSTECH", "the president's term of office"),
])
@pytest.mark.parametrize("audience", ["startup", "staff"])
def test_uncovered_answer(language, entity, attribute, audience):
    answer = uncovered_answer("q", language=language, audience=audience, entity=entity,
                              attribute=attribute)
    assert answer.refused and answer.citations == [] and parse_markers(answer.text) == []
    assert entity in answer.text and attribute in answer.text
    assert answer.standalone_question == "q"


@pytest.mark.parametrize("language, attribute, says", [
    ("ko", "입주 기업 수", "센터 문서에는 질문하신 '입주 기업 수'에 대한 내용이"),
    ("en", "how many companies moved in", "The center's documents do not state how many"),
])
def test_an_uncovered_answer_that_names_nothing_says_only_what_is_not_stated(language, attribute,
                                                                            says):
    answer = uncovered_answer("q", language=language, audience="citizen", entity="",
                              attribute=attribute)
    assert answer.refused and answer.citations == [] and says in answer.text
    assert "describe ," not in answer.text and "에 관한 내용이 있지만" not in answer.text


def test_an_english_reference_gives_the_articles_english_heading():
    cited = Citation(1, "law", "개인정보 보호법", "policies/law.md", None,
                     "제31조의2 (국내대리인의 지정)", "", 0.5,
                     section_en="Article 31-2 (Designation of domestic representatives)")
    assert references([cited], "en") == ("1. 개인정보 보호법 · 제31조의2 (국내대리인의 지정) · "
                                         "Article 31-2 (Designation of domestic representatives) · "
                                         "policies/law.md")
    assert "Article 31-2" not in references([cited], "ko")
