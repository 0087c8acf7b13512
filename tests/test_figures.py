"""How figures are counted and bounded (ingest.figures): table cases written for this file."""

import pytest

from ingest.figures import COUNTER, KO_COUNTERS, MONTHS, months_as_numbers
from ingest.text import has_hangul


def test_counters_are_hangul_words():
    assert all(has_hangul(c) or c == "%" for c in KO_COUNTERS)
    assert not {"년", "월", "일", "시", "조"} & set(KO_COUNTERS)  # dates, hours, articles


@pytest.mark.parametrize("text, counted", [
    ("3곳", "곳"), ("몇 군데", "군데"), ("39세", "세"), ("2종류", "종류"), ("3년", None),
    ("12쪽", "쪽"), ("몇 페이지", "페이지"), ("서류 2부", "부"), ("3과목", "과목"),
])
def test_the_counter_pattern_prefers_the_longest_counter(text, counted):
    import re

    found = re.search(COUNTER, text)
    assert (found.group(0) if found else None) == counted


@pytest.mark.parametrize("text, numbers", [
    ("13 October 2022", "13 10 2022"), ("from March 2027", "from 3 2027"),
    ("DECEMBER", "12"), ("Mayor of Pohang", "Mayor of Pohang"),  # a word, not the month May
    ("2022년 10월", "2022년 10월"),
])
def test_months_as_numbers(text, numbers):
    assert months_as_numbers(text) == numbers
    assert len(MONTHS) == 12
