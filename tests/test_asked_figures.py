"""Figures and what a question says of them: the unit it counts in, the bound it asks, the
figures it gives.

Hand-written sentences and questions (not golden items), one table per rule.
"""

import re

import pytest

from assistant.compose.asked_figures import (
    asked_extreme,
    bounded,
    extremes,
    units_named,
    without_given,
)


@pytest.mark.parametrize("text, question, fit", [
    ("정원은 30명 이내입니다.", "최대 몇 명까지 들어가요?", 1.0),  # the bound asked is stated
    ("정원은 30명입니다.", "최대 몇 명까지 들어가요?", 0.5),  # a figure without it
    ("Up to 60 million won is paid.", "What is the maximum amount?", 1.0),
    ("15명 이상이 참여해야 합니다.", "최소 몇 명이 필요해요?", 1.0),
    ("정원은 30명입니다.", "몇 명이 들어가요?", 1.0),  # no bound asked
])
def test_a_bound_asked_and_not_stated_halves_the_fit(text, question, fit):
    assert bounded(1.0, text, question) == fit


@pytest.mark.parametrize("text, question, figure, kept", [
    ("8개 서비스가 선정되었습니다.", "8개 서비스 중 교육 분야는 몇 개예요?", "8", False),
    ("모두 2,010개가 지원되었습니다.", "Of the 2,010 vouchers, how many …?", "2,010", False),
    ("1,200권이 있습니다.", "직원이 1,200명인데 책은 몇 권이에요?", "1,200", False),  # 3+ digits
    ("3.5%가 늘었습니다.", "3.5% 늘었다던데 금액은요?", "3.5", False),
    ("12개 대학이 참여했습니다.", "직원 12명인데 대학은 몇 개예요?", "12", True),  # other unit
    ("12개 대학이 참여했습니다.", "대학은 몇 개예요?", "12", True),  # none given
    ("12개 대학과 8개 기업이 참여했습니다.", "8개 기업 말고 대학은 몇 개예요?", "12", True),
])
def test_the_figures_a_question_gives_are_taken_out(text, question, figure, kept):
    assert (figure in without_given(text, question)) == kept


@pytest.mark.parametrize("question, sign", [
    ("바우처 최대 얼마 받아요?", 1),
    ("What is the maximum amount per voucher?", 1),
    ("일반가공 상한은요?", 1),
    ("최소 몇 명이 필요해요?", -1),
    ("What's the minimum contribution?", -1),
    ("바우처는 얼마예요?", 0),
    ("How much is the voucher?", 0),
])
def test_a_maximum_or_a_minimum_asked(question, sign):
    assert asked_extreme(question) == sign


CAPS = ["구매 유형은 최대 1,000만 원까지 지원되었습니다.",
        "AI 가공 유형은 최대 6,000만 원까지 지원되었습니다.",
        "일반가공 유형은 최대 4,000만 원까지 지원되었습니다.",
        "바우처는 모두 2,010개였습니다."]


def test_the_highest_sum_answers_a_maximum_asked_of_sentences_that_meet_the_question_alike():
    met = [0.5, 0.5, 0.5, None]  # the count states no sum asked
    assert extremes(CAPS, met, "2023 바우처 최대 얼마?") == [0.0, 1.0, 0.0, 0.0]
    assert extremes(CAPS, met, "최소 얼마부터 받아요?") == [1.0, 0.0, 0.0, 0.0]
    assert extremes(CAPS, met, "바우처 얼마 받아요?") == [0.0] * 4  # no maximum asked


def test_a_sentence_meeting_the_question_better_is_not_outranked_by_a_higher_sum():
    # "일반가공 최대 얼마?": the type's own sentence meets the question best; no other competes
    assert extremes(CAPS, [0.5, 0.5, 1.0, None], "일반가공 최대 얼마?") == [0.0] * 4
    # ... and equal sums do not tell sentences apart
    assert extremes(CAPS[:1] * 2, [0.5, 0.5], "최대 얼마?") == [0.0, 0.0]


def test_the_units_a_question_counts_in():
    assert units_named("What is the budget?") == []
    people = units_named("How many members sit on the board?")
    assert people and any(re.search(f, "위원은 9명") for f in people)
    things = units_named("올해는 몇 개 기업을 뽑아요?")
    assert any(re.search(f, "2,010개") for f in things)
    assert not any(re.search(f, "최대 10쪽") for f in things)
