"""`assistant.compose.deferral`: which sentences defer a detail, and which detail (cases
written for this file, not golden items)."""

import pytest

from assistant.compose.deferral import deferred_subject, defers_asked


@pytest.mark.parametrize("text, kinds, answers", [
    # a place or hours asked: the deferral has to name a place or hours
    ("이용 시간, 예약 방법, 요금은 센터가 정해 공지합니다.", ["hours"], True),
    ("Hours, booking and fees: see the center's notices.", ["hours"], True),
    ("신청 절차와 수수료는 각 품질인증기관이 공지합니다.", ["where"], False),
    ("Application procedures and fees are announced by each body.", ["where"], False),
    ("정확한 위치는 광주광역시의 공지에서 확인하세요.", ["where"], True),
    ("The exact address is announced by the operator.", ["where"], True),
    # other kinds: any deferral may be of them
    ("자부담 비율은 해당 연도 공고에서 확인하세요.", ["amount"], True),
    ("신청 절차와 수수료는 각 품질인증기관이 공지합니다.", ["where", "amount"], True),
    ("모집 일정은 해당 연도 모집 공고에서 확인하세요.", [], True),
    # not a deferral at all
    ("분석실은 센터 2층에 있습니다.", ["where"], False),
])
def test_a_deferral_answers_a_place_or_hours_only_when_it_names_them(text, kinds, answers):
    assert defers_asked(text, kinds) is answers


def test_a_deferral_is_about_its_subject_not_the_body_it_sends_you_to():
    """"X 규모는 … 진흥원 발표에서 확인하세요" says where X is published: it states nothing
    about the agency (cases written for this test)."""

    said = "올해 사업 규모는 공고와 진흥원 발표에서 확인하세요."
    assert deferred_subject(said) == "올해 사업 규모는"
    assert deferred_subject("진흥원의 예산은 공고에서 확인하세요.") == "진흥원의 예산은"
    assert deferred_subject("도서관은 책을 빌려줍니다.") == "도서관은 책을 빌려줍니다."
    assert deferred_subject("Check the 2024 call for the figures.") == (
        "Check the 2024 call for the figures.")


@pytest.mark.parametrize("text, kinds, answers", [
    # a sum, a number or a date: a deferral that names it, or names no detail, answers it
    ("2025년 지원 한도는 이 자료에서 확인되지 않았습니다.", ["amount"], True),
    ("The 2024 figures are not confirmed in these documents.", ["amount"], True),
    ("모집 일정은 해당 연도 공고에서 확인하세요.", ["date"], True),
    ("선정 기업 수는 공고에서 확인하세요.", ["count"], True),
    ("Check the official notice channel of the library.", ["date"], True),
    ("최신 소식은 공식 홈페이지에서 확인하세요.", ["count"], True),
    # a time of day is part of when: it answers a date
    ("이용 시간, 예약 방법, 요금은 센터가 정해 공지합니다.", ["date"], True),
    # ... but one that names another detail does not
    ("도서관의 입주와 이용 조건은 이 자료에서 확인되지 않았습니다.", ["amount"], False),
    ("광주 집적단지의 입주와 이용 조건은 이 자료에서 확인되지 않았습니다.", ["count"], False),
    ("세부 사업 일정은 이 자료에서 확인되지 않았습니다.", ["count"], False),
    ("Eligibility requirements are announced by the operator.", ["amount"], False),
    # a place or opening hours: only a deferral that names them
    ("신청 절차와 수수료는 각 기관이 공지합니다.", ["where"], False),
    ("이용 시간과 예약 방법은 이 자료에 나와 있지 않습니다.", ["hours"], True),
])
def test_a_deferral_of_another_detail_does_not_answer_a_sum_a_number_or_a_date(
        text, kinds, answers):
    assert defers_asked(text, kinds) is answers
