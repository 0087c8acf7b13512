"""assistant/clauses_ko.py: where a Korean question's clauses end and what each does (cases
written for these rules, not golden items)."""

import pytest

from assistant.clauses_ko import (
    background_ending,
    example_of_next,
    is_background,
    is_question,
    misread_connective,
    span,
)
from ingest.text import kiwi


def tokens(text):
    return kiwi().tokenize(text)


@pytest.mark.parametrize("clause, asks", [
    ("운영 시간이 어떻게 되나", True),  # a question ending, no question mark
    ("그 교육 들을 수 있을까", True),
    ("신청 방법 알려 주세요", True),  # a request: a verb, 주, a final ending
    ("신청은 언제 해요?", True),
    ("저희는 포항에 있어요.", False),
])
def test_a_clause_asks_by_its_ending_a_request_or_a_question_mark(clause, asks):
    assert is_question(tokens(clause)) is asks


@pytest.mark.parametrize("clause, situation", [
    ("저희는 포항에 있는 스타트업인데", True),
    ("바우처를 신청하려고", True),
    ("바우처를 신청할 수 있나요?", False),
])
def test_a_background_connective_makes_a_clause_the_askers_situation(clause, situation):
    assert is_background(tokens(clause)) is situation


def test_a_background_ending_is_found_inside_reported_speech():
    assert background_ending("는데") and background_ending("ᆫ다는데")
    assert not background_ending("고")


def test_a_noun_given_as_an_example_of_the_next_one():
    toks = tokens("노트북 같은 장비를 사도 되나요?")
    at = next(i for i, t in enumerate(toks) if t.form == "노트북")
    assert example_of_next(toks, at)
    toks = tokens("노트북을 사도 되나요?")
    assert not example_of_next(toks, 0)


def test_a_connective_written_without_a_space_still_ends_the_clause():
    toks = tokens("회비를 넘기는데 회원들한테 알려야 하나요?")
    assert any(misread_connective(toks, i) for i in range(len(toks)))
    toks = tokens("거기 가는 데 시간이 얼마나 걸려요?")  # 데 is the noun here
    assert not any(misread_connective(toks, i) for i in range(len(toks)))


def test_span_is_the_text_the_tokens_cover():
    text = "센터는 어디에 있어요?"
    toks = tokens(text)
    assert span(text, toks[:2]) == "센터는" and span(text, []) == ""
