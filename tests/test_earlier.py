"""What an earlier turn said, the item of its list an ordinal points at, and whether a later
turn's definite noun means what its question asked."""

import pytest

from assistant.earlier import answered_thing, names_asked, ordinal_item, previous_said


@pytest.mark.parametrize(("answer", "said"), [
    # a framed answer: only its cited lines, without markers, greeting or references
    ("안녕하십니까. 포항 빅데이터 AI 혁신센터입니다.\n\n- 법적 근거는 제31조제3항입니다. [1]\n"
     "- K-DATA가 운영합니다. [2]\n\n[참고 자료]\n1. FAQ", "법적 근거는 제31조제3항입니다. "
     "K-DATA가 운영합니다."),
    ("The legal basis is Article 31(3) of the Data Industry Act.",
     "The legal basis is Article 31(3) of the Data Industry Act."),  # a plain earlier answer
    ("", ""),
])
def test_what_a_previous_answer_said(answer, said):
    assert " ".join(previous_said(answer).split()) == said


SERVICES = ("센터의 지원 분야는 창업 상담, 장비 대여, 교육 과정입니다. [1]\n\n[참고 자료]\n1. 안내")
ROOMS = "The building has three floors: a cafe, meeting rooms and a library. [2]"


@pytest.mark.parametrize(("question", "answer", "item"), [
    ("그 중에 첫 번째 건 어떻게 신청해요?", SERVICES, "창업 상담"),
    ("두 번째는 누가 할 수 있어요?", SERVICES, "장비 대여"),
    ("마지막 거는 언제 열려요?", SERVICES, "교육 과정"),
    ("셋째는요?", SERVICES, "교육 과정"),
    ("How do I book the second one?", ROOMS, "meeting rooms"),
    ("and the last one?", ROOMS, "a library"),
    ("what are the hours of that last one?", ROOMS, "a library"),  # a demonstrative too
    ("is this first one free?", ROOMS, "a cafe"),
    ("What about the fifth one?", ROOMS, ""),  # the list has three
    ("When was it first set up?", ROOMS, ""),  # "first" here is no ordinal of a list
    ("첫 번째 건 뭐예요?", "센터는 2022년에 문을 열었습니다.", ""),  # no list to point into
])
def test_an_ordinal_points_at_an_item_of_the_previous_answers_list(question, answer, item):
    assert ordinal_item(question, answer) == item


@pytest.mark.parametrize("question, earlier, asked", [
    ("And which article is the program based on?", "Who runs the data voucher program?", True),
    ("그 사업은 언제 시작했어요?", "데이터바우처 사업은 누가 운영해요?", True),
    # a noun the earlier question does not use points at what its answer named
    ("When was that agency founded?", "Who runs the data voucher program?", False),
    ("그 기관은 어디 있어요?", "데이터바우처는 누가 운영해요?", False),
])
def test_a_definite_noun_the_earlier_question_uses_means_what_it_asked(question, earlier, asked):
    assert names_asked(question, earlier) is asked


@pytest.mark.parametrize(("question", "answer", "thing"), [
    ("동아리 중에 사진 찍는 건 뭐예요?", "- 사진 동아리 빛누리로, 매주 모입니다. [1]",
     "사진 동아리 빛누리"),
    ("Which club takes photos?", "- The Lightcatchers club (빛누리) is the photo club. [1]",
     "Lightcatchers club (빛누리)"),
    # a question for an amount, a date or a count names no thing
    ("What was the club's budget?", "- The club's budget was 3 million KRW. [1]", ""),
    ("동아리 회원 몇 명이에요?", "- 동아리 회원은 30명입니다. [1]", ""),
])
def test_what_an_earlier_answer_named_when_asked_what_it_is(question, answer, thing):
    assert answered_thing(question, answer) == thing
