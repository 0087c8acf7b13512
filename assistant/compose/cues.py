"""Question cues for sentence selection: the kind of fact a question asks for, and its year.

A how-much / how-many question wants a figure (in the unit it names, when it names one), a
when / by-when question a date; statute references (제3항, ①) and years are not figures. A
question naming a year wants sentences and documents about that year. Plain `re` patterns.
"""

from __future__ import annotations

import re

from assistant.compose.sentences import Sentence
from assistant.retrieval import years_in

W_FIGURE, W_YEAR = 0.2, 0.15

_QUANTITY = re.compile(
    r"얼마|몇|금액|규모|예산|비율|인원|최대|최소|how much|how many|how big|how large|amount|"
    r"budget|number|ratio|quota|cap\b|maximum|minimum|up to|percent|share|size",
    re.I,
)
_WHEN = re.compile(r"언제|기한|마감|날짜|며칠|when\b|deadline|by what|what date|which date|"
                   r"how long|within|until", re.I)
_REFERENCE = re.compile(  # statute references, item numbers and years are not figures
    r"제\s?\d+\s?(?:조|항|호|장|절)(?:\s?의\s?\d+)?|[①-⑳]|^\s*\d{1,2}\.\s|(?<!\d)20[1-3]\d\s?년?(?!\d)"
)
_AMOUNT = re.compile(
    r"\d[\d,.]*\s*(?:%|퍼센트|원|억|만|천|명|개|건|곳|일|년|개월|월|시간|배|대\s?1|점|세|회|"
    r"percent|won|krw|billion|million|days?|weeks?|months?|years?|people|persons?|members?|"
    r"companies|zones?|vouchers?|places?|times)|(?:krw|usd)\s?\d",
    re.I,
)
_DATE = re.compile(
    r"\d{4}\s?년|\d{1,2}\s?월|\d{1,2}\s?일|\d{4}[.-]\d{1,2}|"
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december)\b|\bwithin\b|\bby the end\b|\b(?:19|20)\d\d\b",
    re.I,
)
_UNITS = [  # (the question names this kind of quantity, a figure of that kind)
    (r"days?\b|며칠|일수", r"\d\s*일|\d\s*days?"),
    (r"members?|people|persons?|staff|인원|몇\s?명|사람",
     r"\d\s*명|\d\s*(?:people|persons?|members?)"),
    (r"budget|fund|cost|fee|price|money|krw|\bwon\b|예산|금액|비용|지원금|한도|얼마",
     r"\d\s*(?:억|만|천)?\s*원|\d\s*(?:billion|million)?\s*(?:krw|won)|(?:krw|usd)\s?\d"),
    (r"percent|ratio|share|rate|비율|퍼센트|비중|경쟁률", r"\d\s*%|퍼센트|percent|대\s?1|to 1\b"),
    (r"how many years|몇\s?년|경력|experience", r"\d\s*년|\d\s*years?"),
]


def year_bonus(wanted: set[int], sentence: Sentence) -> float:
    """Bonus for a sentence about a year the question names, penalty for one about others."""
    if not wanted:
        return 0.0
    mentioned = years_in(sentence.text + " " + sentence.heading)
    if mentioned & wanted:
        return W_YEAR
    if set(sentence.years) & wanted and not mentioned:
        return 0.7 * W_YEAR
    if mentioned or sentence.years:
        return -W_YEAR
    return -W_YEAR / 3


def cue_bonus(query: str, text: str) -> float:
    """Bonus when the sentence has the kind of fact the question asks for: a figure (in the
    unit the question names, if it names one: half for another unit) or a date."""
    bonus = 0.0
    bare = _REFERENCE.sub(" ", text)
    if _QUANTITY.search(query) and _AMOUNT.search(bare):
        units = [f for q, f in _UNITS if re.search(q, query, re.I)]
        same = not units or any(re.search(f, bare, re.I) for f in units)
        bonus += W_FIGURE if same else W_FIGURE / 2
    if _WHEN.search(query) and _DATE.search(text):
        bonus += W_FIGURE
    return min(bonus, W_FIGURE * 1.5)
