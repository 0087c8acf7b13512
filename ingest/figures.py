"""How figures are counted and bounded, in both languages: Korean counters and the classes
of things they count, the bounds a question asks of a figure ("최대", "at least"), and English
month names as numbers. Part of the language toolkit (`ingest.words`, `ingest.text`); tested
on cases of their own (tests/test_figures.py)."""

from __future__ import annotations

import re

# Korean counters (classifiers): the word after a number or 몇 that says what is counted
# ("3곳", "몇 군데", "만 39세"), with those of documents and pages (쪽, 페이지, 매, 부, 편, 통,
# 줄, 칸), courses (과목, 학점) and the common ones of things and places (채, 마리, 그루).
# Dates, times and articles (년 월 일 시 조) are not counts.
KO_COUNTERS = ("개 명 곳 군데 건 가지 번 회 종 종류 분야 퍼센트 프로 % 주 개월 년간 세 살 배 차례 "
               "장 권 대 팀 기관 개소 단계 시간 점 위 층 호 "
               "쪽 페이지 매 부 편 통 줄 칸 과목 학점 채 마리 그루").split()
COUNTER = "|".join(sorted(map(re.escape, KO_COUNTERS), key=len, reverse=True))
# Counts that answer only one another: a question counting in one class ("몇 쪽", "how many
# pages") is not answered by a figure counted in another ("최대 10쪽" for "몇 개 기업"). Per
# class: its Korean counters, then the English nouns counted so ("how many companies" counts
# things, as 개, 곳 and 건 do). People and spans of time are classes of their own in
# `assistant.compose.cues`.
COUNT_CLASSES = {
    "things": ("개 곳 군데 건 개사 개소 가지 종 종류 팀 기관",
               "companies businesses firms organisations organizations institutions bodies "
               "agencies zones vouchers projects programmes programs categories types kinds "
               "places sites centers centres universities schools rooms cases applications"),
    "pages": ("쪽 페이지 매", "pages"),
    "points": ("점", "points"),
    "times": ("번 회 차례", "times"),
}


# English month names, January first: "13 October 2022" and "2022년 10월 13일" state one date.
MONTHS = ("January February March April May June July August September October November "
          "December").split()
_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b", re.I)


def months_as_numbers(text: str) -> str:
    """`text` with each English month name replaced by its number ("October" -> "10"), to
    compare the figures of two sentences (the modal "may" becomes 5, one digit, which figure
    comparisons leave out)."""
    return _MONTH.sub(lambda m: str(MONTHS.index(m.group(1).capitalize()) + 1), text)


# "최대 몇 명" / "the maximum number" asks for an upper limit, "최소" / "at least" for a lower
# one: a figure stated with that bound ("30명 이내", "15명 이상", "up to 60 million") answers it,
# a figure without one (a count of something else) less.
FIGURE_BOUNDS = [
    (r"최대|최고|한도|상한|\bmax(?:imum)?\b|\bat most\b|\bup to\b|\bupper limit\b|\bcap\b|"
     r"\blimit\b|\bno more than\b",
     # "…을 초과하지 아니하는 범위에서": the statutes' way of saying "up to"
     r"이내|이하|까지|최대|최고|한도|상한|넘지|초과하지\s?(?:아니|않)|\bup to\b|\bat most\b|"
     r"\bmax(?:imum)?\b|"
     r"\bno more than\b|\bnot (?:to )?exceed|\bwithin\b|\bcap(?:ped)?\b|\blimit\b"),
    (r"최소|최저|\bmin(?:imum)?\b|\bat least\b|\blower limit\b",
     r"이상|최소|최저|\bat least\b|\bmin(?:imum)?\b|\bor more\b"),
]
