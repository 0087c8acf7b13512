"""The kinds of fact a question asks (amount, count, date, hours, article, who, list, where,
how, what, yes/no), from its question words: general language, listed in `KIND_WORDS` and
tested on cases of their own (tests/test_question.py, tests/test_kinds.py).

An English "when", "where" or "who" asks only at the head of its clause ("When does it open?",
"…, and who runs it?") or after a verb that takes a question ("tell me when", "does it say
who"). A clause it opens without an auxiliary after it, ended by a comma, is the condition of
the question that follows ("When a company leaves, what happens to its data?"). In a clause
another question word or an auxiliary opened ("what was it called when it was set up?", "does
the Act give SMEs priority when the government …?", "what is the penalty for someone who leaks
…?") it joins a clause: a conjunction or a relative pronoun, not the fact asked.
"""

from __future__ import annotations

import re

from ingest.figures import COUNTER, FIGURE_BOUNDS
from ingest.text import HANGUL

# Paying a charge: a cost noun (…비, …료, …금) before a paying verb ("교육비 따로 내야 돼요?",
# "수수료를 내나요?"; not "서류를 내다", handing in a form). It asks an amount: whether one
# pays, and how much.
PAYS_CHARGE = r"[가-힣]*(?:비|료|금)(?=\s?(?:을|를|은|는|도)?\s?(?:따로\s?|또\s?)?(?:내|지불|납부))"
# "바우처 수가", "학생 수는": the noun 수 (number) after a noun asks how many; after a verb's
# modifier ending in ㄹ ("할 수", "받을 수") it is the "can" of a possibility.
_NOT_AFTER = "".join(chr(0xAC00 + i) for i in range(11172) if i % 28 == 8)  # syllables in ㄹ
NUMBER_OF = (rf"(?<![{_NOT_AFTER}])(?<=[가-힣])\s?수"
             r"(?=\s?(?:가|는|도|랑|하고|와|를|만|좀|알려|얼마|몇|\?|$))")
# A rate asked by 얼마 or 몇 ("취업률은 얼마나 돼요?", "경쟁률이 몇이에요?") is a share, not a sum
# of money; not 법률 (a law), 자율, 효율 or 규율, which end so without being rates.
RATE_ASKED = r"(?<![법자효규])[률율](?:은|는|이|가|도)?\s?(?:얼마|몇)"
# A % sign that follows no figure asks a share ("the self-funding % for 2020"); "10%" does not.
BARE_PERCENT = r"(?<![\d.,\s])\s*%"
# Which law: a statute's name answers it, as an article does (`cues.kind_fit`); not 법적
# (legal), 법인 (a corporation) and the like.
ASKS_LAW = (r"(?:어느|어떤|무슨)\s?법(?:률|령)?(?!적|인|학|원|무|안|칙)|"
            r"\b(?:which|what) (?:law|act|statute)s?\b")
# A degree or a measure asked ("how powerful", "몇 제곱미터"): a figure in any unit states it.
DEGREE_ADJECTIVE = (r"\bhow (?!(?:many|much|long|often|big|large|high)\b)"
                    r"[a-z]+(?:ive|ful|ous|ar|ic)\b")
DEGREE_OTHER_UNIT = rf"몇\s?(?!월|년|일|시|{COUNTER})[가-힣]"
_DEGREE = re.compile(f"{DEGREE_ADJECTIVE}|{DEGREE_OTHER_UNIT}", re.I)


def asks_degree(question: str) -> bool:
    """Whether a question asks a degree or a measure in a unit no counter names ("how
    powerful is it?", "면적은 몇 제곱미터예요?"), which a figure in any unit may answer."""
    return bool(_DEGREE.search(question))


# Nouns for a sum of money: they ask an amount, unless a question word of another kind asks
# about them (see `question_kind`).
_MONEY_NOUNS = (r"금액", r"비용", r"예산", r"한도", r"지원금", r"돈", r"\bamount\b", r"\bbudget\b",
                r"\bcost", r"\bfees?\b", r"\bfunding\b")
# "어느 도시 / 지역 / 건물": which place (`KIND_WORDS["where"]`, and `assistant.refusal`'s
# words for a place asked)
WHICH_PLACE = r"어느\s?(?:도시|지역|동네|건물|나라)"
# What follows "며칠" / "얼마나" when they ask how long, not which day or how much: "며칠 걸려요",
# "며칠 이내에", "얼마나 걸리나요"
_TAKES = r"(?:걸|동안|이내|안에|만에|이나\s?걸|정도\s?걸|씩)"
# "얼마 해요?" / "얼마나 해요?" asks what a thing costs (its price)
ASKS_PRICE_OF = r"얼마(?:나)?\s?(?:해|하|한|할)"
# Verbs of paying or getting money after "얼마나": it then asks a sum ("얼마나 들어요?"), as a
# price does
_MONEY_VERB = (rf"얼마나\s?(?:더\s?)?(?:들|드|내|낼|냈|줘|주|준|받|보태|쓰|써|쓸|벌|지원)|"
               rf"{ASKS_PRICE_OF}")
# Question words per kind, checked in this order (the first kind that matches wins).
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "article": (r"몇\s?조", r"조항", r"어느\s?조", r"무슨\s?조", r"제\s?몇", r"근거\s?(?:조항|법)",
                # "which PIPA article", "what decree provision": a name may come between
                r"\bwhich (?:[\w-]+ )?(?:article|section|provision)",
                r"\bwhat (?:[\w-]+ )?(?:article|section|provision)",
                r"\barticle (?:number|no)", r"\blegal basis\b", ASKS_LAW),
    # days of the week ask when a place is open: "주말에도 열어요?", "open on Sundays?"
    "hours": (r"몇\s?시", r"운영\s?시간", r"이용\s?시간", r"\bwhat time\b", r"\bopening hours\b",
              r"\bhours\b", r"\bopen until\b", r"주말", r"평일", r"[월화수목금토일]요일",
              r"공휴일", r"휴관", r"\bweekends?\b", r"\bpublic holidays?\b",
              r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b"),
    # "어느 정도" asks how much, as "얼마나" does
    "count": (rf"몇\s?(?:{COUNTER})", r"어느\s?정도", NUMBER_OF,
              # how often: "몇 년에 한 번", "몇 달마다", "how often"
              r"몇\s?[가-힣]{1,2}\s?(?:에\s?한\s?번|마다)", r"\bhow often\b",
              r"몇\s?(?!월|년|일|시)[가-힣]",  # any other unit: "몇 제곱미터", "몇 평", "몇 킬로"
              r"몇\s?년(?!\s?(?:에|도|생|부터|까지))", r"비율", r"기간",
              # a unit of time after "how many" is part of the question word ("며칠")
              r"\bhow many (?:seconds|minutes|hours|days|weeks|months|years|times)\b",
              r"\b(?:which|what) floor\b",  # a floor is numbered, as "몇 층" asks
              r"\bhow many\b", r"\bnumber of\b", r"\bhow long\b", r"\bduration\b",
              r"얼마\s?동안", r"얼마나\s?오래",  # how long, not how much
              # ... as "며칠 걸려요", "얼마나 걸려요" ask how long something takes
              rf"며칠\s?{_TAKES}", r"얼마나",
              r"\bhow (?:quickly|soon|fast|old)\b", r"몇\s?살", r"나이",
              # "how + adjective" asks a degree, which a figure states ("how competitive was
              # it?": a ratio; "how popular", "how successful")
              DEGREE_ADJECTIVE,
              r"\bwhat (?:share|percentage|proportion|ratio)\b", r"\bpercent", r"\ban? %",
              r"\bas a share\b", BARE_PERCENT, RATE_ASKED),
    # "얼마나" asks a sum of money only with a verb of paying or getting ("얼마나 들어요",
    # "얼마나 받아요") or a money noun; else how many or how far ("사람이 얼마나 왔나요")
    "amount": (r"얼마(?!나)", _MONEY_VERB, *_MONEY_NOUNS, r"유료", r"무료", PAYS_CHARGE,
               r"\bhow much\b", r"\bcap\b", r"\bmaximum\b", r"\bfree\b", r"\bpay\b",
               r"\bhow (?:big|large|high)\b"),
    # "몇 년에 / 몇 년도 / 몇 년생" ask which year; "임기는 몇 년이에요?" how many (count)
    "date": (r"언제", r"날짜", r"기한", r"마감", rf"며칠(?!\s?{_TAKES})",
             r"몇\s?년(?=\s?(?:에(?!\s?한\s?번)|도|생|부터|까지))", r"몇\s?월", r"연도", r"년도",
             r"\bwhen\b", r"\b(?:what|which) (?:date|day)\b", r"\bdeadline\b", r"\bby when\b",
             r"(?<!\bto )(?<!\bup )\bdates?\b",  # "groundbreaking date?", as 날짜 (not "to date")
             r"\b(?:what|which) (?:year|yr|month)\b", r"\bsince when\b"),
    # "어디" asks for a body, not a place, after a word for one or before a filing verb
    "who": (r"누구", r"누가", r"어느\s?기관", r"어떤\s?기관", r"어디서\s?(?:운영|주관|담당|맡)",
            r"(?:기관|회사|업체|단체|부처|기업)들?(?:은|는|이|가)?\s?어디(?:예요|에요|에여|야|인가요|"
            r"인지|입니까|일까요|죠|지요|냐|\s*\?|\s*$)",
            r"어디(?:에|로)\s?(?:신고|신청|문의|연락|제출)",
            r"담당\s?기관", r"주관", r"\bwho\b",
            r"\bwhich (?:organi[sz]ations?|agency|agencies|body|bodies|institutes?|ministry)",
            r"\bwhich (?:[a-z]+ )?(?:officials?|persons?|people|speakers?|guests?)\b",
            r"\bwhat (?:organi[sz]ation|agency|body|institute)", r"\brun by\b"),
    "list": (r"종류", r"무엇무엇", r"어디어디", r"뭐뭐", r"어떤\s?것들",
             r"어떤\s?(?:공간|서비스|유형|분야)",
             r"\bwhat (?:kinds?|types?|services|spaces|rooms)\b", r"\bwhich (?:kinds?|types?)\b",
             r"\blist\b"),
    # "어디까지 진행됐어요?", "어디까지 지원돼요?": how far, not where
    "where": (r"어디(?!\s?까지)", r"위치", r"장소", r"주소", r"소재지", r"\bwhere\b",
              # as "which city" below, unless the place word names whose ("어느 지역 기업")
              rf"{WHICH_PLACE}(?=에|(?:이)?(?:에요|예요|인가요|인지|야)|\s*\?|$)",
              r"\blocated\b", r"\blocation\b", r"\baddress\b",
              r"\bin which\b(?!\s+(?:cases?|circumstances?|situations?|conditions?|ways?|"
              r"years?|yrs?|months?|days?)\b)",
              # not "which city official …": there the place word names a kind of person or body
              r"\bwhich (?:district|city|region|area|building|site)s?\b(?!\s+(?:officials?|"
              r"council|hall|government|mayor|people|residents?|office|staff|manager)\b)"),
    "how": (r"어떻게", r"방법", r"절차", r"순서", r"과정", r"\bhow (?:do|does|can|to|should)\b",
            r"\bprocess\b", r"\bprocedure\b", r"\bsteps?\b"),
    # a question word makes it an open question, not a yes/no one ("무엇인가요?")
    # a comparison asks what two things are: "차이" and "difference" are question words
    # ... and so does a word for what a name stands for ("PPP가 뭐의 약자예요?")
    "what": (r"무엇", r"뭐", r"뭘", r"뭔", r"무슨", r"차이", r"다른\s?점", r"\bdifferences?\b",
             r"약자", r"약어", r"줄임말", r"풀네임", r"\bstands? for\b", r"\babbreviation\b",
             r"\bacronym\b", r"\bfull name\b",
             r"\bcompared?\b", r"어떤", r"란\s", r"이란", r"\bwhat\b", r"\bwhich\b"),
    "yesno": (r"(?:나|가|까|ㄹ까|을까)요?\s*\??$", r"수\s?있(?:나|어|을까|습니까)", r"가능",
              r"되나요|돼요|되요|될까|되는지|되죠", r"^\s*(?:can|could|may|is|are|do|does|did|will|"
              r"should|must|has|have)\b", r"(?:[,;:]\s*|\b(?:so|and|but)\s+)"  # "If …, can I …?"
              r"(?:can|could|may|is|are|do|does|did|will|should|must|has|have)\s+(?:i|we|you|"
              r"they|it|he|she|this|that|there|a|an|the|my|our|their|his|her)\b"),
}
_KIND_PATTERNS = {k: re.compile("|".join(v), re.I) for k, v in KIND_WORDS.items()}
# A question for how something began ("처음에 언제, 무슨 이름으로", "원래 이름", "what was it
# originally called"): of several dated facts about it, the earliest answers.
_ORIGIN = re.compile(r"처음에|처음\s?(?:만들|생기|생긴|세워|설립|시작)|최초|원래|맨\s?처음|당초|"
                     r"\boriginally\b|\boriginal name\b|\bat first\b|\bin the beginning\b|"
                     r"\bfirst\s+(?:set up|founded|established|called|named|created|launched|"
                     r"started)\b", re.I)


def asks_origin(text: str) -> bool:
    """Whether a question asks how or when something began (see `_ORIGIN`)."""
    return bool(_ORIGIN.search(text))


# A question for a share asks no sum of money, whatever it is a share of.
_RATIO = re.compile(r"비율|퍼센트|몇\s?%|비중|\b(?:percent|percentage|ratio|share|proportion)\b|"
                    rf"\ban? %|{BARE_PERCENT}|{RATE_ASKED}", re.I)
# The noun a question word asks for, in both languages: "몇 시까지" asks for 이용 시간 (hours),
# "어디" for 위치 (location). Added to the retrieval query so the passage that states it (or that
# says it is announced elsewhere) is found although the question never names the noun.
KIND_NOUNS: dict[str, str] = {
    "hours": "이용 시간 운영 시간 hours",
    "where": "위치 location",
    "date": "일정 날짜 date",
    "who": "대상 누구 who",
}


# A money noun asked about by another question word: "돈을 언제 줘요?" asks when, "How is the
# budget decided?" how.
_MONEY_NOUN = re.compile("|".join(_MONEY_NOUNS), re.I)
_ASKS_OTHER = re.compile(r"언제|며칠|어디|누구|누가|어떻게|\b(?:when|where|who|how (?:do|does|"
                         r"can|to|should|is|are|was|were))\b", re.I)


def _asks(kind: str, text: str) -> bool:
    """Whether `text` holds a question word of `kind`; "how much" of a share ("what percentage
    did we co-pay?", "소상공인 비중은 얼마였어요?") asks no sum of money."""
    if kind == "count" and "얼마나" in text and (
            _MONEY_NOUN.search(text) or re.search(_MONEY_VERB, text)):
        text = re.sub(rf"얼마나(?!\s?{_TAKES})", " ", text)  # how much money, not how many
    return bool(_KIND_PATTERNS[kind].search(text)) and not (kind == "amount"
                                                            and _RATIO.search(text))


def question_kind(text: str) -> str:
    """The kind of fact the question asks for (see KIND_WORDS); "what" when none matches."""
    text = without_conjunctions(text)
    if _MONEY_NOUN.search(text) and _ASKS_OTHER.search(text) \
            and not _KIND_PATTERNS["amount"].search(_MONEY_NOUN.sub(" ", text)):
        text = _MONEY_NOUN.sub(" ", text)  # the noun is what is asked about, not the kind
    return next((kind for kind in _KIND_PATTERNS if _asks(kind, text)), "what")


def kinds_in(text: str) -> list[str]:
    """Every kind whose question words occur in `text` (a multi-part question has several).
    Words that ask who or for a list ("기관은 어디", "어디어디") are not also asked where."""
    text = without_conjunctions(text)
    out = [k for k in _KIND_PATTERNS if _asks(k, text)]
    if "where" in out and ("who" in out or "list" in out):
        rest = _KIND_PATTERNS["list"].sub(" ", _KIND_PATTERNS["who"].sub(" ", text))
        if not _KIND_PATTERNS["where"].search(rest):
            out.remove("where")
    return out


_BOUNDS_ASKED = [re.compile(asks, re.I) for asks, _ in FIGURE_BOUNDS]


def kind_words(asking: str) -> set[str]:
    """Lower-cased words inside the question words of `asking` ("금액", "budget", "위치"), and
    of the bound it asks ("max", "최대", "at most": see FIGURE_BOUNDS)."""
    patterns = [*_KIND_PATTERNS.values(), *_BOUNDS_ASKED]
    spans = " ".join(m.group(0) for p in patterns for m in p.finditer(asking))
    return {w.lower() for w in re.findall(r"[\w-]+", spans)}


_OPENS = re.compile(r"^\s*(?:what|who|whom|whose|which|how|why|can|could|may|might|is|are|was|"
                    r"were|do|does|did|will|would|should|must|has|have|had)\b", re.I)
# Verbs (and their objects) after which "when"/"where" still asks: "tell me when", "say where".
ASKING_VERBS = frozenset("know knows tell say says said ask asks wonder wondering explain show "
                         "check confirm remind specify state states mention me us out".split())
_LATER_WH = re.compile(r"\b([\w'-]+)(\s+)(when|where|who)\b", re.I)


def without_conjunctions(text: str) -> str:
    """English `text` with each "when"/"where"/"who" that joins a clause blanked (see the module
    docstring); Korean text as it is."""
    if HANGUL.search(text):
        return text
    clauses = re.split(r"(?<=[,;:.?!])\s+|\s+(?=(?:and|or|but)\s)", text)
    return " ".join(_LATER_WH.sub(_blank, c) if _OPENS.match(c) else _condition(c)
                    for c in clauses)


# "When a controller gives data to a third party, what must be left out?": a clause opened by
# "when"/"where" with no auxiliary after it (a question reads "When does …", "Where is …") and
# ended by a comma sets the condition of the question that follows.
_CONDITION = re.compile(r"^(\s*)(when|where)(\s+)(?!(?:do|does|did|is|are|was|were|will|would|"
                        r"can|could|should|must|has|have|had|may|might|shall)\b|'s\b)(?=[^?]*,$)",
                        re.I)


def _condition(clause: str) -> str:
    return _CONDITION.sub(lambda m: f"{m.group(1)}{'_' * len(m.group(2))}{m.group(3)}", clause)


def _blank(found: re.Match) -> str:
    if found.group(1).lower() in ASKING_VERBS:
        return found.group(0)
    return f"{found.group(1)}{found.group(2)}{'_' * len(found.group(3))}"


# "What is a demand company?", "whats a 'demand company' in the voucher programme", "수요기업이
# 뭐예요?", "가명정보란 무엇인가요?", "what does pseudonymisation mean?": a question for what
# a thing is, answered by the sentence that has it as its subject.
_DEFINITION = re.compile(
    r"^\s*(?:(?:so|ok|and|hi|hey)[,.!]?\s+)?(?:what(?:'s|s| is| are)|whats)\s+"
    r"(?:an?\s+|the\s+)?['\"‘“]?[\w' -]{2,40}?['\"’”]?(?:\s+(?:in|under|of)\s+[\w' -]{2,40})?"
    r"\s*\??\s*$|"
    r"^\s*(?:what does|what do)\s+[\w' -]{2,40}\s+mean\s*\??\s*$|"
    r"^[^?？]{2,40}?(?:이란|란|은|는|이|가)\s?(?:뭐|무엇|뭔)(?:예요|에요|에여|인가요|가요|이에요|야|죠|지요|임)?"
    r"\s*[?？]?\s*$|"
    # what a thing does: "분석실은 정확히 뭐하는 방이에요?", "…는 구체적으로 뭘 해 주는 거예요?"
    r"^[^?？]{2,40}?(?:은|는|이|가)\s?(?:정확히|구체적으로|대체|주로)?\s?(?:뭐|뭘|무엇을)\s?"
    r"(?:하는|해\s?주는)\s?[가-힣]{0,8}\s*(?:[?？]|$)|"
    r"^\s*what (?:does|do)\s+(?:an?\s+|the\s+)?[\w' -]{2,40}?\s+(?:actually\s+|really\s+)?do\b",
    re.I)


def asks_definition(question: str) -> bool:
    """Whether `question` asks what a thing is (see `_DEFINITION`)."""
    return bool(_DEFINITION.match(question.strip()))
