"""Answer-type cues: does a sentence hold the kind of fact a question asks for, and its year?

A how-much question wants a figure (in the unit it names, when it names one), a when / by-when
question a date, a which-article question a statute article; statute references (제3항, ①) and
years are not figures. A question naming a year wants sentences and documents about that year.
Plain `re` patterns; the kinds come from `assistant.question`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.compose.asked_figures import bounded, units_named, without_given
from assistant.compose.sentences import Sentence
from assistant.counted import counted_words
from assistant.kinds import ASKS_LAW, ASKS_PRICE_OF, PAYS_CHARGE, kinds_in
from assistant.persons import PERSON_NAME, asked_person, designates, names_office_holder
from ingest.figures import COUNTER, MONTHS
from ingest.text import HANGUL, article_label, years_in
from ingest.words import EN_FUNCTION_WORDS, english_stem, without_particle

_REFERENCE = re.compile(  # statute references, item numbers and years are not figures
    r"제\s?\d+\s?(?:조|항|호|장|절)(?:\s?의\s?\d+)?|[①-⑳]|^\s*\d{1,2}\.\s|(?<!\d)20[1-3]\d\s?년?(?!\d)"
)
# A statute's amendment note ("<개정 2023.3.14>", "삭제 <2024.10.16>") dates the text, not
# the fact the article states: it is neither a date nor a figure asked for.
_AMENDED = re.compile(r"<\s*(?:[가-힣]*개정|신설|삭제)?\s*\d{4}\.\s?\d{1,2}\.\s?\d{1,2}[^<>]*>")
_MONEY = re.compile(
    r"\d[\d,.]*\s*(?:[십백천만억]\s?)*원|\d[\d,.]*\s*(?:billion|million|thousand)?\s*(?:krw|won)\b|"
    r"(?:krw|usd|₩)\s?\d", re.I)
_COUNT = re.compile(
    r"\d+\s?분의\s?\d+|"  # a statute's share: "100분의 3" is 3 percent
    rf"\d[\d,.]*\s*(?:[십백천만억]\s?)*(?:{COUNTER}|일|년|"  # "1천명", "3만 개"
    r"percent|people|persons?|members?|companies|zones?|vouchers?|places?|times|categories|"
    r"days?|weeks?|months?|years?|hours?|"
    r"types?|fields?|kinds?|rooms?|floors?|(?:st|nd|rd|th) floor)|"
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\b\s+\w+|"
    r"[두세네]\s?(?:가지|종류|곳|개)", re.I)
# A span of time or an age ("유효기간은 3년", "만 39세", "for 10 weeks"): how long or how old,
# which a count answers only when the question names that unit (`units_named`).
_SPAN = re.compile(r"\d[\d,.]*\s*(?:[십백천만억]\s?)*(?:년|개월|달|주|일|시간|세|살)|"
                   r"\d[\d,.]*\s*(?:years?|months?|weeks?|days?|hours?)\b", re.I)
# A calendar date ("11월 22일", "22 November 2021", "2024.3.14") states when, not how many:
# its day is no count of days.
_CALENDAR = re.compile(
    r"\d{1,2}\s?월\s?\d{1,2}\s?일|\d{4}\.\s?\d{1,2}\.\s?\d{1,2}|"
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:january|february|march|april|may|june|july|august|"
    r"september|october|november|december)\b|\b(?:january|february|march|april|may|june|july|"
    r"august|september|october|november|december)\s+\d{1,2}(?:st|nd|rd|th)?\b", re.I)
_DOTTED = re.compile(r"\d{4}\.\s?\d")


def _without_dates(text: str) -> str:
    """`text` without its calendar dates (nor is a date a figure). The pattern runs only on a
    sentence that may hold one (a 월, a month's name, a dotted date): it is read for every
    candidate sentence of every ask."""
    if "월" in text or any(m in text for m in MONTHS) or _DOTTED.search(text):
        return _CALENDAR.sub(" ", text)
    return text


_DATE = re.compile(
    r"\d{4}\s?년|\d{1,2}\s?월|\d{1,2}\s?일|\d{4}[.-]\d{1,2}|"
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december)\b|\b(?:19|20)\d\d\b|마감|기한|deadline", re.I)
# a place: where something is, or where it is built ("첨단3지구에 조성됩니다", "is being built in")
_PLACE = re.compile(r"위치|에 있습니다|(?:안|내부|옆|근처|인근)에\s?(?:있|문을|자리|들어|세워)|"
                    r"소재|주소|located|is (?:in|inside|at)\b|based in|"
                    r"address|에\s?(?:조성|건립|설립|설치|들어서|세워)|"
                    r"\b(?:built|constructed|set up|established) (?:in|at)\b", re.I)
# Where one finds, checks, applies for or gets something (a where-question with such a verb),
# and a sentence naming the platform or channel for it.
_ASKS_SOURCE = re.compile(
    r"어디(?:서|에서|로|에)\s?(?:찾|확인|알아|보|볼|신청|접수|구하|구할|받|조회|검색|등록)|"
    r"\bwhere (?:(?:can|do|should|could|would) (?:i|we|you|one|they) )?(?:(?:even|actually|"
    r"exactly|best|usually) )?(?:find|check|look|see|"
    r"apply|get|register|sign up|obtain|search)", re.I)
_SOURCE = re.compile(
    r"에서\s?[^.?!]{0,24}?(?:찾|확인|조회|검색|신청|접수|볼|열람|받|구매|구입|등록)|에\s?등록|"
    r"\b(?:on|through|via|at) (?:the )?[A-Z][\w-]*|\b(?:found|checked|listed|looked up|"
    r"registered|published) (?:on|in|at|through)\b")
_UNSTATED = re.compile(
    r"(?:확인되|나와 있|공개되어 있)지 않|not (?:confirmed|published|stated|given)", re.I)
# A body or a person named: Korean names of bodies end in a word for one (진흥원, 위원회, 장관;
# not 기관, which ends the names of classes of bodies: 전문기관, 인증기관, 공공기관),
# English ones are capitalised (Agency, Ministry, Committee) or acronyms (K-DATA).
_BODY = re.compile(
    r"(?:[가-힣](?:진흥원|연구원|위원회|센터|공사|공단|협회|재단|대학교|대학|시청|본부)|"
    r"[가-힣]\s?(?:장관|위원장|원장|총장|시장|부시장)|정부)(?:[은는이가과와의에]|에서|에게|으로|로|이며|이고|"
    r"입니다|\s|$)|"
    r"\b(?:[A-Z][a-z]+ )*(?:Agency|Ministry|Committee|Commission|Center|Centre|Institute|"
    r"University|City|Minister|Association|Foundation|Technopark)\b|\b[A-Z]{2,}(?:-[A-Z]+)?\b")
# Whether one pays: asked with a word for paying or a charge, answered by a figure or by a
# sentence that says it is free or paid.
_ASKS_PRICE = re.compile(r"돈\s?(?:을\s?)?(?:내|들|드)|유료|무료|요금|비용|"
                         rf"{ASKS_PRICE_OF}|"
                         rf"{PAYS_CHARGE}|"
                         r"(?:수강|이용|참가|입장|대관)료|참가비|\bfree\b|\bpay\b|\bpaid\b|"
                         r"\bfees?\b|\bcharge|\bcosts?\b", re.I)
_PRICE_WORD = re.compile(r"무료|유료|비용\s?없이|free of charge|\bfree\b|\bno (?:fee|charge|cost)|"
                         r"without (?:a )?(?:fee|charge|cost)|\bpaid\b", re.I)
# "How big is it?" asks a size, which a figure in any unit states ("88.5 PF", "3,000㎡"), unless
# a word for money says the size is a sum ("예산 규모", "how big a budget").
_ASKS_SIZE = re.compile(r"\bhow (?:big|large)\b|\bsize\b|\bcapacity\b|규모|크기|용량", re.I)
_ASKS_MONEY = re.compile(r"얼마|금액|비용|예산|한도|지원금|사업비|돈|원\b|\bhow much\b|\bbudget|"
                         r"\bcosts?\b|\bfees?\b|\bfunding\b|\bwon\b|\bkrw\b|\bmoney\b", re.I)
# "몇 억 원이": a Korean sum asked (원 before a particle, which \b does not end)
_ASKS_SUM = re.compile(r"몇\s?[십백천만억]|[천만억]\s?원|원(?:이|을|은|으로|쯤|정도)")
_MEASURE = re.compile(r"(?<![\w가-힣])\d[\d,.]*\s*(?:[A-Za-z]{1,6}\b|[㎡㎢%]|[가-힣])")
_ASKS_LAW = re.compile(ASKS_LAW, re.I)
_LAW_NAME = re.compile(r"「[^」]*(?:법|법률|령)」")
# opening hours or a clock time, not a duration ("교육은 40시간 이상", "40 hours of training")
_HOURS = re.compile(r"(?<!\d)(?<!\d )(?:시간|hours?\b)|\d\s?시(?!간)|time\b|\d{1,2}:\d\d", re.I)
# A count in another unit than the question names ("7일" for "how many members") holds a
# figure, but little of the fact asked.
OTHER_UNIT = 0.25

# "언제부터" / "since when" asks when something starts, "언제까지" / "by when" when it ends: a
# date with that bound ("8월부터", "3월 31일까지", "from August") answers it, another date less.
_DATE_AT = r"(?:\d\s?(?:년|월|일)|\d{4}|[상하]반기|초|말)"
_BOUNDS = [
    # a law's or a rule's taking effect is when it starts to apply
    (r"언제\s?부터|since when|from when|starting when|when (?:does|did|will) .* (?:start|begin)|"
     r"\btakes? effect\b|\bcomes? into (?:force|effect)\b|\bin force\b|언제\s?(?:부터\s?)?시행",
     rf"{_DATE_AT}\s?(?:부터|이후|에\s?시작)|\b(?:since|from|starting|effective)\b"),
    (r"언제\s?까지|until when|by when|till when|\bdeadline\b|마감|기한",
     rf"{_DATE_AT}\s?(?:까지|이내|전까지)|\b(?:until|by|no later than|deadline|within)\b"),
]

# A figure and the noun it counts: "14개 분야로" counts 분야, "in 14 categories" categories.
# Words that follow a figure without being what it counts: bounds, approximations, endings.
_KO_LABEL = re.compile(rf"\d[\d,]*\s?(?:{COUNTER})\s?(?:의\s)?([가-힣]{{2,}})")
_KO_NOT_LABEL = ("이내 이하 이상 미만 초과 내외 정도 가량 안팎 남짓 씩 전후 수준 규모 "
                 "입니 이며 이고 이다 이었 였 였습 으로 중 가운데 "
                 "모두 전체 까지 부터 째 차 만큼").split()
_EN_LABEL = re.compile(r"\b\d[\d,.]*\s+(?:or (?:more|fewer|so)\s+)?([a-z][\w-]*)"
                       r"(?:\s+([a-z][\w-]*))?", re.I)


def _labels(text: str) -> list[set[str]]:
    """The nouns each labelled figure of `text` counts (Korean words, English stems)."""
    out = []
    for found in _KO_LABEL.finditer(text):
        word = without_particle(found.group(1))
        if not word.startswith(tuple(_KO_NOT_LABEL)):
            out.append({word})
    for found in _EN_LABEL.finditer(text):
        words = {english_stem(w.lower()) for w in found.groups() if w
                 and w.lower() not in EN_FUNCTION_WORDS}
        if words:
            out.append(words)
    return out


def _same_thing(asked: str, label: set[str]) -> bool:
    if HANGUL.search(asked):
        return any(HANGUL.search(w) and (asked in w or w in asked) for w in label)
    return english_stem(asked.lower()) in label


def counts_other(text: str, asked: Sequence[str]) -> bool:
    """Whether `text` names what the question counts (`asked`, see `counted_words`) but its
    figures count something else: "데이터스토어는 공급기업을 14개 분야로 나누어" holds no number
    of suppliers. A sentence that does not name the thing (a synonym, another language) is
    not judged."""
    labels = _labels(text)
    if not asked or not labels or any(_same_thing(a, lb) for a in asked for lb in labels):
        return False
    squeezed = text.replace(" ", "")
    stems = {english_stem(w) for w in re.findall(r"[a-z][\w-]*", text.lower())}
    return any(a in squeezed if HANGUL.search(a) else english_stem(a.lower()) in stems
               for a in asked)


def states_figure(text: str) -> bool:
    """Whether `text` states any figure (not a statute reference, a year or a calendar date): a
    number in any unit ("88.5 PF", "3명") or in words ("세 곳")."""
    bare = _REFERENCE.sub(" ", _without_dates(_AMENDED.sub(" ", text)))
    return bool(re.search(r"\d", bare) or _COUNT.search(bare))


def asks_money(question: str) -> bool:
    """Whether a question asks a sum of money ("얼마", "예산", "몇 억 원", "how much", "fee")."""
    return bool(_ASKS_MONEY.search(question) or _ASKS_SUM.search(question))


def kind_fit(kind: str, text: str, question: str = "",
             counted: Callable[[str], Sequence[str]] = counted_words) -> float:
    """1.0 when `text` holds the kind of fact asked (0.5 for a figure in another unit than the
    question names, or counting another thing: `counted` gives what the question counts, in
    both languages), 0 when it does not; None-like 0.0 also for kinds with no test."""
    text = _AMENDED.sub(" ", text)
    bare = _REFERENCE.sub(" ", _without_dates(text) if kind in ("amount", "count") else text)
    if kind in ("amount", "count"):
        bare = without_given(bare, _REFERENCE.sub(" ", question))
    if kind == "amount":
        if _ASKS_PRICE.search(question):  # "돈 내야 돼요?": "무료로 운영되었습니다", a charge
            return 1.0 if _MONEY.search(bare) or _PRICE_WORD.search(text) else 0.0
        fit = 1.0 if _MONEY.search(bare) else 0.5 if _COUNT.search(bare) else 0.0
        if not fit and _ASKS_SIZE.search(question) and not _ASKS_MONEY.search(question):
            fit = 1.0 if _MEASURE.search(bare) else 0.0  # "how big, in computing power?": 88.5 PF
        return bounded(fit, bare, question)
    if kind == "count":
        if not _COUNT.search(bare) and not _MONEY.search(bare):
            return 0.0
        units = units_named(question)
        fit = 1.0 if not units or any(re.search(f, bare, re.I) for f in units) else OTHER_UNIT
        if not units and not _COUNT.search(_SPAN.sub(" ", bare)) and not _MONEY.search(bare):
            fit = OTHER_UNIT  # "몇 군데예요?": "유효기간은 3년" says how long, not how many
        if fit == 1.0 and not _COUNT.search(_MONEY.sub(" ", bare)) \
                and not asks_money(question):
            fit = 0.5  # a sum of money counts nothing ("100억 원" is no number of services)
        if fit == 1.0 and counts_other(bare, counted(question)):
            fit = 0.5
        return bounded(fit, bare, question)
    if kind == "date":
        # the year the question names is not the date it asks ("when does the 2026 call come
        # out?": "2026년 접수 기간은 4~5주" states no date)
        for year in years_in(question, short=True):
            text = re.sub(rf"(?<!\d){year}(?!\d)\s?(?:년도?)?", " ", text)
        if not _DATE.search(text):
            return 0.0
        bounds = [f for q, f in _BOUNDS if re.search(q, question, re.I)]
        return 1.0 if not bounds or any(re.search(f, text, re.I) for f in bounds) else 0.5
    if kind == "hours":
        return 1.0 if _HOURS.search(text) else 0.0
    if kind == "article":  # "which law?": a statute's name in 「」 answers too
        return 1.0 if article_label(text) or (_ASKS_LAW.search(question)
                                              and _LAW_NAME.search(text)) else 0.0
    if kind == "where":
        # "어디서 찾아요?" / "where do I apply?" asks where to look or go: the platform or
        # channel a sentence names for it answers, as a place does
        return 1.0 if _PLACE.search(text) or (_ASKS_SOURCE.search(question) and _SOURCE.search(
            text) and not _UNSTATED.search(text)) else 0.0
    if kind == "who":
        person, office = asked_person(question)  # "총장님 성함": a name beside that office
        if person:
            return 1.0 if names_office_holder(text, office) else 0.0
        return 1.0 if _BODY.search(text) or PERSON_NAME.search(text) \
            or designates(text, question) else 0.0
    return 0.0


def asks_law(question: str) -> bool:
    """Whether a question asks which law (a statute's name answers), not which article."""
    return bool(_ASKS_LAW.search(question))


def part_fit(kind: str, text: str, parts: tuple[str, ...], question: str,
             counted: Callable[[str], Sequence[str]] = counted_words) -> float:
    """`kind_fit` against the parts of a multi-part `question` that ask this kind (the best of
    them): in "when was it founded, and since when does it run X?" only the second date is
    bounded."""
    asking = [p for p in parts if kind in kinds_in(p)] if len(parts) > 1 else []
    return max(kind_fit(kind, text, p, counted) for p in asking or [question])


TESTABLE = frozenset({"amount", "count", "date", "hours", "article", "where", "who"})


def holds_asked(question: str, least: float = 1.0) -> Callable[[str], bool] | None:
    """A test of whether a passage holds the kind of fact `question` asks (a date for "when
    …?", a figure for "how much …?"), with a fit of at least `least` (below 1: in another unit
    or bound than the question names); None when it asks no kind with a test."""
    kinds = [k for k in kinds_in(question) if k in TESTABLE]
    if not kinds:
        return None
    return lambda text: any(kind_fit(k, text, question) >= least for k in kinds)


def year_bonus(wanted: set[int], sentence: Sentence, weight: float) -> float:
    """Bonus for a sentence about a year the question names, penalty for one about others."""
    if not wanted:
        return 0.0
    mentioned = years_in(sentence.text + " " + sentence.heading)
    if mentioned & wanted:
        return weight
    if set(sentence.years) & wanted and not mentioned:
        return 0.7 * weight
    if mentioned or sentence.years:
        return -weight
    return -weight / 3
