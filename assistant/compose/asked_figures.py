"""Figures and what a question says of them: the unit it counts in ("몇 명", "how many
companies": a figure in that unit answers it), the bound it asks ("최대 몇 명": a figure stated
with that bound answers it), and the figures it gives itself ("8개 서비스 중 … 몇 개": the
8 is not what it asks). Used by the answer-type cues (`assistant.compose.cues.kind_fit`).
"""

from __future__ import annotations

import re

from assistant.compose.english import money
from assistant.kinds import BARE_PERCENT
from ingest.figures import COUNT_CLASSES, FIGURE_BOUNDS  # FIGURE_BOUNDS: bounds and their wording

# The quantity is the word a question word asks about ("how many members", "몇 명"), not any
# word of the question: "the term of a member" asks for a duration, not a number of people.
_HOW_MANY = r"(?:how many|number of|count of)\s+(?:\w+\s+){0,2}?"
_UNITS = [  # (the question names this kind of quantity, a figure of that kind)
    (rf"{_HOW_MANY}days?\b|며칠|일수", r"\d\s*일|\d\s*days?"),
    (rf"{_HOW_MANY}hours?\b|몇\s?시간", r"\d\s*시간|\d\s*hours?"),
    (rf"{_HOW_MANY}weeks?\b|몇\s?주(?!년)", r"\d\s*주|\d\s*weeks?"),
    (rf"{_HOW_MANY}months?\b|몇\s?(?:개월|달)", r"\d\s*(?:개월|달)|\d\s*months?"),
    (rf"{_HOW_MANY}(?:members?|people|persons?|staff)\b|인원|몇\s?명|사람\s?수",
     r"\d\s*명|\d\s*(?:people|persons?|members?)"),
    (r"\bhow (?:long|quickly|soon|fast)\b|\bduration\b|\bfor how many\b|기간|얼마\s?동안|"
     r"얼마나\s?오래",
     r"\d\s*(?:년|개월|달|주|일|시간)|\d\s*(?:years?|months?|weeks?|days?|hours?)\b"),
    # a percentage is not a ratio of one to another ("몇 퍼센트" is not answered by "3.9대 1")
    (rf"percent|share|퍼센트|비중|\ban? %|{BARE_PERCENT}",
     r"\d\s*%|퍼센트|percent|\d\s?분의\s?\d"),
    (r"ratio|rate|비율|경쟁률", r"\d\s*%|퍼센트|percent|대\s?1|to 1\b|\d\s?분의\s?\d"),
    (r"나이|몇\s?살|연령|\bage\b|how old", r"\d\s*(?:세|살)|\d\s*years? old"),
    (r"how many years|몇\s?년|경력|experience", r"\d\s*년|\d\s*years?"),
    # "which floor" asks a number, as "몇 층" does (which any figure fits, so that a sentence
    # naming the building but no figure leaves it uncovered; a deferral names no floor)
    (r"\b(?:which|what) floor\b|\bhow many floors\b",
     r"\d\s*층|\b\d+(?:st|nd|rd|th)? floors?\b|\bfloor \d"),
]
# ... and a count in one class of counters or counted nouns (`COUNT_CLASSES`): "몇 개 기업"
# is not answered by "최대 10쪽", "how many companies" not by "10명"; "몇 개월" and "몇 번째"
# are no counts of things or of times
_NOT_AFTER = {"개": "(?!월)", "번": "(?!째)", "점": "(?!포)"}


def _class_unit(counters: str, nouns: str) -> tuple[str, str]:
    ko = "|".join(f"{re.escape(c)}{_NOT_AFTER.get(c, '')}" for c in counters.split())
    en = "|".join(nouns.split())
    words = r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    return (rf"{_HOW_MANY}(?:{en})\b|몇\s?(?:{ko})",
            rf"\d\s*(?:{ko})|\d\s*(?:{en})\b|{words}(?:{en})\b|[한두세네]\s?(?:{ko})")


_UNITS += [_class_unit(*words) for words in COUNT_CLASSES.values()]
# a Korean figure may carry its magnitude in words before the unit: "1천명", "3만 개"
_UNITS = [(asks, figure.replace(r"\d\s*", r"\d\s*(?:[십백천만억]\s?)*")) for asks, figure in _UNITS]


# Nouns that name only a class of things counted, which the counter already says ("how many
# people": 명; "how many companies": 개, 곳)
_CLASS_NOUNS = frozenset(" ".join(nouns for _, nouns in COUNT_CLASSES.values()).split()) | {
    "people", "persons", "members"}


def counts_a_class(word: str) -> bool:
    """Whether a counted `word` names only a class of things ("people", "companies", as
    misspelt: "companys")."""
    word = word.lower()
    return any(word[:6] == noun[:6] and abs(len(word) - len(noun)) <= 2 for noun in _CLASS_NOUNS)


def units_named(question: str) -> list[str]:
    """Patterns of the figures in the units `question` counts in (`_UNITS`); none when it
    names no unit."""
    return [figure for asks, figure in _UNITS if re.search(asks, question, re.I)]


def asked_extreme(question: str) -> int:
    """1 when a question asks a maximum ("최대 얼마", "the maximum amount"), -1 a minimum."""
    upper, lower = (bool(re.search(asks, question, re.I)) for asks, _ in FIGURE_BOUNDS)
    return int(upper) - int(lower)


def extremes(texts: list[str], met: list[float | None], question: str) -> list[float]:
    """1.0 for each of `texts` that states the largest sum of money (the smallest, for a minimum
    asked) among those that hold the asked sum and meet the question's words best (`met`: how
    well each meets them, None when it holds no sum asked): "2023 바우처 최대 얼마?" over one
    cap per voucher type asks the highest, a question naming one type that type's. 0.0 for the
    others, and for every text when no maximum or minimum is asked or the sums do not differ."""
    sign = asked_extreme(question)
    if not sign:
        return [0.0] * len(texts)
    best_met = max((m for m in met if m is not None), default=0.0)
    values = [max((v for _, v in money(t)), default=None)
              if m is not None and m >= best_met - 0.01 else None
              for t, m in zip(texts, met, strict=True)]
    stated = {v for v in values if v is not None}
    if len(stated) < 2:
        return [0.0] * len(texts)
    best = max(stated) if sign > 0 else min(stated)
    return [float(v == best) for v in values]


def bounded(fit: float, text: str, question: str) -> float:
    """`fit` of a figure, halved when the question asks a bound the text does not state."""
    asked = [f for q, f in FIGURE_BOUNDS if re.search(q, question, re.I)]
    return fit if not asked or any(re.search(f, text, re.I) for f in asked) else min(fit, 0.5)


# A figure and its unit: "8개", "2,010 vouchers", "1,230억".
_GIVEN = re.compile(r"(?<![\d.])(\d[\d,]*(?:\.\d+)?)(?![\d.,]*\d)\s?([가-힣]|[a-z]+)?", re.I)


def _given(found: re.Match) -> tuple[str, str]:
    return found.group(1).replace(",", ""), (found.group(2) or "").lower()


def without_given(text: str, question: str) -> str:
    """`text` without the figures the question states itself ("8개 서비스 중에 … 몇 개",
    "of the 2,010 vouchers, how many …"): what it gives is not what it asks. A figure of one
    or two digits is the same only in the same unit ("직원 12명" is no "12개 대학"). `question`
    comes without its statute references and years (the cues' `_REFERENCE`)."""
    given = [_given(g) for g in _GIVEN.finditer(question)]
    if not given:
        return text

    def same(found: re.Match) -> bool:
        number, unit = _given(found)
        return any(n == number and (u == unit or len(n.replace(".", "")) > 2) for n, u in given)

    return _GIVEN.sub(lambda m: " " if same(m) else m.group(0), text)
