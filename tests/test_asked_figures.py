"""Figures and what a question says of them: the bound it asks, the figures it gives.

Hand-written sentences and questions (not golden items), one table per rule.
"""

import pytest

from assistant.compose.asked_figures import bounded, without_given


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
