"""English lines for Korean evidence: money amounts by value, labelled facts, figure support.

Cases are written for these tests (not golden items); the glossary is a two-term one built here.
"""

import pytest

from assistant.citations import strip_markers
from assistant.compose.asked_figures import units_named
from assistant.compose.english import (
    amounts,
    english_line,
    facts,
    figure_values,
    figures_supported,
)
from assistant.glossary import Glossary, Term

GLOSSARY = Glossary([
    Term("데이터바우처", "data voucher", ["데이터바우처", "데이터 바우처"], ["data voucher"]),
    Term("가명정보", "pseudonymised data", ["가명정보"], ["pseudonymised data"]),
])


@pytest.mark.parametrize("text, expected", [
    ("최대 6,000만 원", [("6,000만 원", 60_000_000, True)]),
    ("예산은 894억 원입니다", [("894억 원", 89_400_000_000, False)]),
    ("1억 5,000만 원", [("1억 5,000만 원", 150_000_000, False)]),
    ("최고 2억원까지", [("2억원", 200_000_000, True)]),
    ("1.5억 원", [("1.5억 원", 150_000_000, False)]),
    ("2조 원 규모", [("2조 원", 2_000_000_000_000, False)]),
    ("구매 300만 원, 가공 최소 700만 원", [("300만 원", 3_000_000, False),
                                      ("700만 원", 7_000_000, True)]),
    ("총 2,010건을 지원했습니다", []),  # a count is not money
    ("2023년 10월", []),
])
def test_amounts(text, expected):
    assert amounts(text) == expected


@pytest.mark.parametrize("text, expected", [  # compound units with 천 and 백 (a bug when failing)
    ("3천만 원 이하의 과태료", [("3천만 원", 30_000_000, False)]),
    ("최대 4천5백만 원", [("4천5백만 원", 45_000_000, True)]),
])
def test_amounts_with_thousand_ten_thousand_units(text, expected):
    assert amounts(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("최대 6,000만 원", {60_000_000}),
    ("60 million KRW", {60_000_000}),
    ("89.4 billion KRW", {89_400_000_000}),
    ("1억 5,000만 원", {150_000_000}),
    ("150 million won", {150_000_000}),
    ("3 thousand people", {3_000}),
    ("총 2,010건, 10.2 대 1", {2010, 10.2, 1}),
    ("1,234 and 5.5", {1234, 5.5}),
    ("no figure here", set()),
])
def test_figure_values(text, expected):
    assert figure_values(text) == expected


@pytest.mark.parametrize("line, source, supported", [
    ("60 million KRW", "최대 6,000만 원까지 지원합니다.", True),
    ("up to 60 million KRW", "최대 6,000만 원", True),
    ("70 million KRW", "최대 6,000만 원까지 지원합니다.", False),
    ("89.4 billion KRW", "예산은 894억 원이었습니다.", True),
    ("894 billion KRW", "예산은 894억 원이었습니다.", False),
    ("150 million KRW", "1억 5,000만 원을 지원했습니다.", True),
    ("the 6,000 in 6,000만 원", "최대 6,000만 원", True),  # source numbers count as written
    ("2,010 cases", "총 2,010건을 지원했습니다.", True),
    ("2010 cases", "총 2,010건을 지원했습니다.", True),  # commas do not matter
    ("2,011 cases", "총 2,010건을 지원했습니다.", False),
    ("Founded in 2022.", "센터는 2022년에 문을 열었습니다.", True),
    ("Founded in 2021.", "센터는 2022년에 문을 열었습니다.", False),
    ("No figures at all.", "아무 숫자도 없습니다.", True),
    ("30 million KRW", "3천만원 이하의 과태료", True),  # 천만 (a bug when failing)
])
def test_figures_supported(line, source, supported):
    assert figures_supported(line, source) is supported


@pytest.mark.parametrize("kind, sentence, expected", [
    ("article", "가명정보는 제28조의2에 따라 처리할 수 있다.", ["Article 28-2 (제28조의2)"]),
    ("article", "제31조제3항에 따른 신고를 해야 한다.", ["Article 31(3) (제31조제3항)"]),
    ("article", "제16조 및 제17조를 준용한다.", ["Article 16 (제16조)", "Article 17 (제17조)"]),
    ("date", "센터는 2022년 10월 13일에 개소했습니다.", ["13 October 2022 (2022년 10월 13일)"]),
    ("date", "공고는 2024년 3월에 나옵니다.", ["March 2024 (2024년 3월)"]),
    ("date", "사업은 2021년에 시작했습니다.", ["2021"]),
    ("amount", "AI 가공은 최대 6,000만 원까지 지원합니다.",
     ["up to 60 million KRW (6,000만 원)"]),
    ("amount", "예산은 894억 원이었습니다.", ["89.4 billion KRW (894억 원)"]),
    ("amount", "건당 1억 5,000만 원을 지원했습니다.", ["150 million KRW (1억 5,000만 원)"]),
    ("count", "총 2,010건을 지원했습니다.", ["2,010 cases (2,010건)"]),
    ("count", "참여율은 35%였습니다.", ["35% (35%)"]),
    # one of a thing is singular
    ("count", "위원장 1명을 포함하여 15명 이상의 위원으로 구성한다.",
     ["1 person (1명)", "15 people (15명)"]),
    ("count", "신청은 1일 안에 처리합니다.", ["1 day (1일)"]),
    # a count question is answered by the count, not by a sum the sentence also states
    ("count", "일반가공 유형은 250개였고, 최대 4,000만 원까지 지원되었습니다.", ["250 (250개)"]),
    ("count", "마이데이터 실증사업에는 28억 원이 5개 과제에 지원되었습니다.", ["5 (5개)"]),
    ("count", "예산은 894억 원이었습니다.", ["89.4 billion KRW (894억 원)"]),  # no count: the sum
    ("count", "신청은 2023년 11월 7일에 시작되었습니다.", ["7 November 2023 (2023년 11월 7일)"]),
    ("what", "센터는 분석실과 강의실을 운영합니다.", []),
    ("amount", "센터는 분석실과 강의실을 운영합니다.", []),
])
def test_facts(kind, sentence, expected):
    assert facts(kind, sentence) == expected


@pytest.mark.parametrize("sentence, question, expected", [
    # the count in the unit asked, not the sentence's percentages or ages
    ("청년기업(대표자 만 39세 이하)은 가점 1점, 민간부담금 10% 면제를 받았다.",
     "how many bonus points did youth companies get?", ["1 point (1점)"]),
    ("교육은 40시간 이상으로 하고, 수강생은 30명 이내로 한다.", "how many hours is the training?",
     ["40 hours (40시간)"]),
    ("교육은 40시간 이상으로 하고, 수강생은 30명 이내로 한다.", "how many people can attend?",
     ["30 people (30명)"]),
    # a range stays a range; a question naming no unit gets every count
    ("접수는 공고 후 4~5주 동안 받습니다.", "how many weeks is it open?", ["4~5 weeks (4~5주)"]),
    ("가점 1점, 민간부담금 10% 면제", "how many?", ["1 point (1점)", "10% (10%)"]),
    # a unit the sentence does not count in: its counts all the same
    ("연 1회 이상 통지해야 한다.", "how many pages?", ["1 time (1회)"]),
])
def test_counts_in_the_unit_the_question_counts_in(sentence, question, expected):
    found = facts("count", sentence, tuple(units_named(question)))
    assert found == expected
    assert all(figures_supported(fact, sentence) for fact in found)


LINES = [  # (kind, Korean sentence, the English lead the line must open with; "" for no line)
    ("amount", "데이터바우처는 최대 6,000만 원을 지원합니다.", "up to 60 million KRW (6,000만 원)"),
    ("amount", "2023년 예산은 894억 원이었습니다.", "89.4 billion KRW (894억 원)"),
    ("article", "가명정보는 제28조의2에 따라 처리할 수 있다.", "Article 28-2 (제28조의2)"),
    ("date", "센터는 2022년 10월 13일에 개소했습니다.", "13 October 2022 (2022년 10월 13일)"),
    ("what", "데이터바우처는 기업의 데이터 구매와 가공을 돕습니다.",
     "On data voucher (데이터바우처)"),
    ("what", "가명정보와 데이터바우처를 함께 다룹니다.",
     "data voucher (데이터바우처), pseudonymised data (가명정보)"),
    ("what", "센터는 분석실과 강의실을 운영합니다.", ""),
]


@pytest.mark.parametrize("kind, sentence, says", LINES)
def test_english_line(kind, sentence, says):
    """The line opens with the English lead, then quotes the Korean sentence, then cites it."""
    line = english_line(kind, sentence, 1, GLOSSARY)
    if not says:
        assert line == ""
    else:
        assert says in line.split(" — ")[0] and line.endswith(f"{sentence} [1]")
        assert line.count("[1]") == 1


@pytest.mark.parametrize("kind, sentence, says", LINES)
def test_every_figure_of_an_english_line_is_in_its_sentence(kind, sentence, says):
    line = english_line(kind, sentence, 1, GLOSSARY)
    assert figures_supported(strip_markers(line), sentence), line


def test_an_article_question_on_a_sentence_that_does_not_name_it_gets_its_heading_article():
    sentence = "① 다음 각 호의 사업자는 신고하여야 한다."
    line = english_line("article", sentence, 1, None, article="제16조")
    assert line == f"Article 16 (제16조) — {sentence} [1]"
    assert figures_supported(strip_markers(line).split(" — ")[0], "제16조 (신고)\n" + sentence)
    # the Act's article a decree's sentence names is quoted as it is ("법 제15조에 따라": the
    # Act's article is what a question about the Act asks) ...
    assert english_line("article", "법 제15조에 따라 신고한다.", 1, None, article="제16조") \
        .startswith("Article 15 (제15조) — ")
    # ... but another article of its own law it refers to is not the one it is part of
    assert english_line("article", "제32조에 따라 등록한 자는 철회할 수 있다.", 1, None,
                        article="제37조").startswith("Article 37 (제37조) — ")
    assert english_line("amount", sentence, 1, None, article="제16조") == ""


def test_english_line_without_glossary_names_nothing():
    sentence = "데이터바우처는 기업의 데이터 구매와 가공을 돕습니다."
    assert english_line("what", sentence, 2, None) == ""
    assert english_line("amount", "최대 6,000만 원", 2, None) == (
        "up to 60 million KRW (6,000만 원) — 최대 6,000만 원 [2]")


def test_an_article_of_the_act_a_decree_sentence_names_is_labelled_the_acts():
    """"① 법 제20조제3항에 따라 …" is a decree's sentence naming the Act's article: the English
    lead says so ("Act Article 20(3) (법 제20조제3항)"), not as if the quote were that article;
    an article of its own text keeps the plain label."""
    assert facts("what", "① 법 제20조제3항에 따라 인증기관으로 지정할 수 있다.") == [
        "Act Article 20(3) (법 제20조제3항)"]
    assert facts("what", "제32조에 따라 등록한 자는 철회할 수 있다.") == ["Article 32 (제32조)"]
    line = english_line("what", "① 법 제20조제3항에 따라 지정할 수 있다.", 1, None)
    assert figures_supported(strip_markers(line).split(" — ")[0], "① 법 제20조제3항에 따라")
