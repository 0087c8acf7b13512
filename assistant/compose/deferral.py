"""Deferrals: sentences that say a detail is published elsewhere or not stated here ("…
공고에서 확인하세요", "not confirmed in these documents"), what they are about, and whether one
defers the detail a question asks (then it is the answer, cited). Plain `re` patterns of general
phrasing in both languages, not words of any question.
"""

from __future__ import annotations

import re

# Sentences that say a detail is published elsewhere or not stated: general phrasing of
# deferral in both languages (not words of any question).
_DEFERS = re.compile(
    r"확인되지 않|나와 있지 않|공개되어 있지 않|공지합니다|공지 채널|공고에서 확인|정해 공지|"
    r"확인하세요|안내합니다|not (?:confirmed|published|stated|given)|announced by|"
    r"(?:check|see|confirm) (?:the|it in the)|set and announced", re.I)


def defers(text: str) -> bool:
    """Whether a sentence says the detail is published elsewhere or not stated here."""
    return bool(_DEFERS.search(text))


# The subject of a Korean sentence: what stands before its first topic particle.
_TOPIC = re.compile(r"^(.+?[가-힣](?:은|는))\s")


def deferred_subject(text: str) -> str:
    """What a sentence that defers is about: for a Korean one, its subject ("2024년 데이터바우처
    규모는 … 한국데이터산업진흥원 발표에서 확인하세요" is about the voucher's size; the agency is
    only where to look); other sentences whole."""
    found = _TOPIC.match(text) if defers(text) else None
    return found.group(1) if found else text


# What a deferral of each kind of fact names: "이용 시간, 예약 방법, 요금은 센터가 정해
# 공지합니다" defers the hours and a charge; "신청 절차와 수수료는 각 기관이 공지합니다" defers a
# sum of money but no address. A place or hours must be named; a sum, a number or a date is
# deferred also by a sentence that names no detail ("최신 공지에서 확인하세요"), but not by one
# that names another ("입주와 이용 조건은 확인되지 않았습니다" defers no budget).
_DEFERRED = {
    "where": re.compile(r"위치|장소|주소|\b(?:locations?|address(?:es)?|places?|venues?)\b", re.I),
    "hours": re.compile(r"시간|요일|\b(?:hours|times?|opening|open)\b", re.I),
    "amount": re.compile(r"금액|비용|예산|요금|수수료|한도|지원금|사업비|가격|규모|수치|비율|"
                         r"(?:이용|수강|참가|입장|대관|사용)료|\b(?:amounts?|costs?|budgets?|fees?|"
                         r"charges?|prices?|funding|caps?|limits?|size|figures?|rates?|shares?)\b",
                         re.I),
    "count": re.compile(r"(?<=[가-힣])\s?수(?:는|가|와|를|도)|개수|인원|규모|정원|수치|비율|기간|"
                        r"\b(?:numbers?|counts?|size|capacity|figures?|rates?|shares?|period|"
                        r"duration)\b", re.I),
    # a time of day is part of when something happens: "when is the next course?" is
    # answered by "이용 시간 … 공지합니다" as much as by "일정 … 공지합니다"
    "date": re.compile(r"일정|날짜|기간|시기|기한|마감|시간|\b(?:dates?|schedules?|deadlines?|"
                       r"timing|period|times?|hours)\b", re.I),
}
_NAMED_ONLY = frozenset({"where", "hours"})
# Details a deferral may name that are no sum, number or date.
_OTHER_DETAIL = re.compile(r"조건|방법|절차|자격|요건|대상|서류|현황|상황|연락처|전화번호|이메일|"
                           r"\b(?:conditions?|procedures?|eligibility|requirements?|progress|"
                           r"status|documents|contacts?|phone|e-?mail)\b", re.I)


def defers_asked(text: str, kinds: list[str]) -> bool:
    """Whether a sentence defers the asked detail: it `defers`, and when every kind asked is one
    a deferral can name (above), it names one of them, or — for a sum, a number or a date —
    names no other detail (other kinds — a body, an article — any deferral may be of them)."""
    if not defers(text):
        return False
    if not kinds or any(k not in _DEFERRED for k in kinds):
        return True
    if any(_DEFERRED[k].search(text) for k in kinds):
        return True
    subject = deferred_subject(text)
    other = _OTHER_DETAIL.search(subject) or any(
        pattern.search(subject) for kind, pattern in _DEFERRED.items() if kind not in kinds)
    return not any(k in _NAMED_ONLY for k in kinds) and not other
