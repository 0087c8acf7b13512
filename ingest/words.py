"""The language toolkit's word lists: stop words, Korean counters, Hangul letter names,
honorific nouns, a light English stem for telling inflections apart, English word classes
(adverbs in -ly, verbs after an auxiliary) and the wording of a figure's bounds ("최대", "up
to"); one-letter typos are in `ingest.typos`.

General language only, each documented where it is defined and tested in tests/test_words.py on
cases that are not golden items: a word of the domain (바우처, voucher, 데이터) is never a stop
word, and no question's words are added to any list. Script, years, articles and sentences are
in `ingest.text`.
"""

from __future__ import annotations

import re

# --- stop words ----------------------------------------------------------------------------

# English function words: articles, determiners, pronouns, prepositions, conjunctions,
# auxiliaries and modals, and the question words.
EN_FUNCTION_WORDS = frozenset("""
a an the this that these those some any each every all both either neither no not other another
such own same i me my we us our you your he him his she her it its they them their there here
of to in on at by for from with about into onto over under above below across after before
between during through until within without against around up down out off near since than as
and or but if so because while whether though although nor yet
be am is are was were been being do does did doing done have has had having
can cannot could may might must shall should will would
what which who whom whose how when where why
""".split())

# English determiners: articles, demonstratives and possessives, the words that make a bare
# noun refer to one thing the reader knows ("the center", "your centre", "this program").
EN_DETERMINERS = frozenset("the this that these those my our your his her its their ur".split())

# English words that every question may use whatever its topic: generic verbs of asking,
# generic nouns and adverbs, quantity words, greetings and politeness.
EN_GENERIC_WORDS = frozenset("""
please thank thanks hello hi okay ok yes
ask asked asking tell told know need needs want wants get gets getting got give gives given
say says said mean means find make makes made take taken use used see show let like come comes
go goes going keep seem call called put look
thing things kind kinds lot way part case someone something anyone anything everything
people person
also just very too only really rather then now still even ever else again almost exactly
currently today tomorrow anyway
much many more most few enough several new good well sure
""".split())

# Korean dependent and generic nouns, pronouns, question words and hedging adverbs, as Kiwi
# cuts them (것 수 때 ..., 무엇 뭐 어디 언제 누구 얼마 몇 ..., 혹시 좀 ...).
KO_FUNCTION_NOUNS = frozenset("""
것 거 수 때 곳 분 점 데 바 줄 등 년 정도 경우 관련 내용 방법 문의 질문 안내 설명
나 저 우리 이거 그거 저거 이것 그것 저것 여기 거기 저기
무엇 뭐 어디 언제 누구 얼마 얼마나 몇 며칠 어느 어떤 왜
요즘 지금 혹시 좀
""".split())

# Korean verb and adjective stems that carry no topic (하다 되다 있다 없다 알다 싶다 주다
# 알리다 어떻다, and 대하다 of "-에 대해"), as Kiwi lemmatises them. Particles and endings need
# no list: Kiwi tags them (J*, E*) and callers keep content tags only.
KO_LIGHT_STEMS = frozenset("하 되 있 없 알 싶 주 알리 어떻 대하".split())

STOP_WORDS = EN_FUNCTION_WORDS | EN_GENERIC_WORDS | KO_FUNCTION_NOUNS | KO_LIGHT_STEMS


def is_stop(word: str) -> bool:
    """Whether `word` is general language (in one of the stop lists above), not a topic."""
    return word.lower() in STOP_WORDS


# --- English word classes ------------------------------------------------------------------

def adverb_in_ly(word: str, following: str) -> bool:
    """Whether an English word in -ly reads as an adverb: before a function word, a verb in
    -ing/-ed or nothing ("roughly how long", "actually opening"), not before a noun ("hourly
    fee")."""
    after = following.lower()
    return (len(word) > 4 and word.lower().endswith("ly") and (
        not after or is_stop(after) or after.endswith(("ing", "ed"))))


# Auxiliaries before a verb in -ed: "were issued", "has been awarded", "got selected".
_AUXILIARY = frozenset("be am is are was were been being have has had get gets got".split())


def verb_after_auxiliary(word: str, before: str) -> bool:
    """Whether an English word in -ed follows an auxiliary ("how many were issued"): a verb,
    the asker's word for what happened, which the documents may word otherwise."""
    return len(word) > 4 and word.lower().endswith("ed") and before.lower() in _AUXILIARY


# --- words that stand for other words ------------------------------------------------------

# Latin letters as Korean spells them ("케이데이터" is K-DATA, "에스케이" SK): names of one
# syllable (비, 디, 이, 지, 오, 유 …) are also ordinary words, so a word is read as letters only
# when it is two letters or more, or one letter with a name of two syllables or more.
LETTER_NAMES = {
    "에이": "a", "비": "b", "씨": "c", "시": "c", "디": "d", "이": "e", "에프": "f", "지": "g",
    "쥐": "g", "에이치": "h", "아이": "i", "제이": "j", "케이": "k", "엘": "l", "엠": "m",
    "엔": "n", "오": "o", "피": "p", "큐": "q", "알": "r", "아르": "r", "에스": "s", "티": "t",
    "유": "u", "브이": "v", "더블유": "w", "엑스": "x", "와이": "y", "제트": "z", "지드": "z",
}
_LETTER_NAMES = sorted(LETTER_NAMES, key=len, reverse=True)


def spelled_letters(word: str) -> str | None:
    """The Latin letters a Hangul word spells out ("케이" -> "k", "에스케이" -> "sk"), or None."""
    letters, at, syllables = [], 0, 0
    while at < len(word):
        name = next((n for n in _LETTER_NAMES if word.startswith(n, at)), None)
        if name is None:
            return None
        letters.append(LETTER_NAMES[name])
        at += len(name)
        syllables += len(name)
    if not letters or (len(letters) == 1 and syllables < 2):
        return None
    return "".join(letters)


def english_stem(word: str) -> str:
    """A light stem of a lower-case English word, for telling whether two inflections are one
    word ("booking"/"book", "needed"/"need", "universitie"/"university"); not for indexing."""
    for suffix, repl, keep in (("ies", "y", 3), ("ied", "y", 3), ("ie", "y", 3), ("ably", "", 3),
                               ("able", "", 3), ("ible", "", 3), ("ing", "", 3), ("ed", "", 3),
                               ("ly", "", 5), ("es", "", 3), ("s", "", 4), ("e", "", 3)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            word = word[: len(word) - len(suffix)] + repl
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiousl":
        word = word[:-1]  # "planned" -> "plann" -> "plan"
    return word.rstrip("e") if len(word) > 3 else word


_DERIVED = ("ions", "ion", "ives", "ive", "als", "al", "ed", "ing", "es", "s", "e")


def derivational_stem(word: str) -> str:
    """A lower-case English word without one derivational or inflectional ending, so that a
    noun and the verb or adjective it comes from meet ("designation"/"designated",
    "mediation"/"mediate", "competition"/"competitive", "approval"/"approved"); "" when too
    short to say (a stem of under six letters)."""
    for suffix in _DERIVED:
        if word.endswith(suffix) and len(word) - len(suffix) >= 6:
            return word[: len(word) - len(suffix)]
    return word if len(word) >= 6 else ""


# English contractions typed without their apostrophe ("whos in charge", "whats the cap",
# "cant we apply"). Only spellings that are no other English word: "its", "were", "well",
# "wont", "id", "shell", "hell" and "ill" are words of their own and are left alone.
EN_CONTRACTIONS = {
    "whos": "who's", "whats": "what's", "wheres": "where's", "whens": "when's",
    "hows": "how's", "whys": "why's", "thats": "that's", "theres": "there's",
    "dont": "don't", "doesnt": "doesn't", "didnt": "didn't", "isnt": "isn't",
    "arent": "aren't", "wasnt": "wasn't", "werent": "weren't", "cant": "can't",
    "couldnt": "couldn't", "shouldnt": "shouldn't", "wouldnt": "wouldn't",
    "havent": "haven't", "hasnt": "hasn't", "hadnt": "hadn't", "im": "I'm", "ive": "I've",
    "youre": "you're", "theyre": "they're", "weve": "we've", "theyve": "they've",
}
_CONTRACTION = re.compile(r"\b(" + "|".join(EN_CONTRACTIONS) + r")\b", re.I)


def with_apostrophes(text: str) -> str:
    """`text` with each English contraction typed without its apostrophe written with it
    ("whos in charge" -> "who's in charge"); the first letter's case is kept."""
    def put(found: re.Match) -> str:
        word = found.group(1)
        fixed = EN_CONTRACTIONS[word.lower()]
        return fixed[0].upper() + fixed[1:] if word[0].isupper() else fixed
    return _CONTRACTION.sub(put, text)


# English idioms whose noun does not name its thing: "who is in charge of it" asks about no
# charge (fee), "in terms of" about no term, "take place" about no place. Blanked out before
# the glossary looks for its English forms (`without_idioms`).
EN_IDIOMS = ("in charge of", "in charge", "in terms of", "in case of", "in case", "in place of",
             "take place", "takes place", "took place", "taking place", "in order to",
             "on behalf of", "in the meantime", "at the same time")
_IDIOM = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, EN_IDIOMS), key=len,
                                                 reverse=True)) + r")\b", re.I)


def without_idioms(text: str) -> str:
    """`text` with each English idiom of `EN_IDIOMS` blanked out (spaces of the same length,
    so positions hold)."""
    return _IDIOM.sub(lambda found: " " * len(found.group()), text)


# Honorific nouns and the plain word documents use for the same thing ("센터장님 성함" asks
# the 이름): Korean speech level, not topic words.
HONORIFIC_NOUNS = {
    "성함": "이름", "존함": "이름", "연세": "나이", "춘추": "나이", "생신": "생일", "댁": "집",
    "진지": "식사", "말씀": "말", "병환": "병", "자제분": "자녀", "따님": "딸", "아드님": "아들",
}

# Korean nouns of cost written as a suffix on what is paid for ("교육비" the cost of 교육,
# "이용료" of 이용, "보증금"): the compound asks the amount of a thing, and the thing is the
# word to look for.
KO_COST_SUFFIXES = ("비", "료", "금", "값")
_HANGUL_WORD = re.compile(r"[가-힣]+")


def cost_of(word: str) -> str:
    """The thing a Korean cost noun is the cost of ("교육비" -> "교육"), or "" when `word` is
    not one (a stem of at least two syllables before a cost suffix)."""
    if len(word) >= 3 and word.endswith(KO_COST_SUFFIXES) and _HANGUL_WORD.fullmatch(word):
        return word[:-1]
    return ""


# A Korean clipped name (줄임말) keeps the first syllable of the full name and a few of the
# syllables after it, in order, ending on a syllable of the name's last word: "데산법" of
# 데이터산업법, "개보위" of 개인정보보호위원회, "과기부" of 과학기술정보통신부.
CLIPPED_SYLLABLES = (3, 4)  # how long a clipped name is; two syllables match too much


def clips(short: str, name: str) -> bool:
    """Whether the Hangul word `short` reads as a clipped form of `name` (spaces ignored):
    same first syllable, its syllables in order within the name, its last one among the
    name's last three, and the name at least two syllables longer."""
    full = name.replace(" ", "")
    if not (len(short) in CLIPPED_SYLLABLES and _HANGUL_WORD.fullmatch(short)
            and _HANGUL_WORD.fullmatch(full) and len(full) >= len(short) + 2
            and short[0] == full[0] and short[-1] in full[-3:]):
        return False
    rest = iter(full[1:])
    return all(syllable in rest for syllable in short[1:])


# What an answer of this assistant can be written as: a request to write one of these ("draft
# a reply to the company", "a summary of the rules") asks for the documents' content in that
# form. Any other thing to make (a poem, a SQL query, a cover letter) is not the documents'.
ANSWER_FORMS = frozenset("""
answer reply response draft summary overview explanation list table checklist comparison
email mail letter memo note message notice outline brief briefing faq guide one-pager
""".split())

# Verbs that work on material the asker brings ("proofread my essay", "translate our contract"):
# with "my"/"our" the material is theirs, not the documents'.
REWORK_VERBS = frozenset(
    "translate proofread edit fix debug review correct improve polish rewrite check".split())


# Particles that end a Korean noun phrase written as one word ("분야로", "기업을", "위원으로").
_KO_PARTICLE = re.compile(r"(?<=[가-힣])(?:으로|에서|에게|까지|부터|로|에|와|과|이|가|은|는|을|를|"
                          r"도|의|만)$")


def without_particle(word: str) -> str:
    """`word` without the particle that ends it ("분야로" -> "분야"); a one-syllable word as
    it is."""
    return _KO_PARTICLE.sub("", word) if len(word) > 2 else word


# Words that open a sentence continuing the one before it ("이 경우 …", "다만 …", "However,
# …"): read alone, such a sentence lacks what it qualifies.
CONTINUES = re.compile(
    r"^\s*(?:[①-⑳]\s*)?(?:이\s?경우|이\s?때|다만|단,|또한|그러나|그런데|이\s?밖에|그\s?밖에도|"
    r"in (?:this|that|such a) case|however|in addition|also,|but\b|moreover|furthermore)", re.I)
