"""The language toolkit: script, years, statute articles, sentences, normal forms and stop words.

Both paths use these helpers, so a question and a document are read by the same rules: the write
path (chunking, keyword index) and the read path (retrieval, answer composition, refusal) import
them from here, and this module imports nothing from either. Kiwi (`kiwipiepy`, loaded once on
first use by `kiwi()`) splits Korean sentences; Python's `re` and `unicodedata` do the rest.
English sentences, which Kiwi leaves whole, are cut at a ". Capital" gap unless the word before
is a known abbreviation ("Dr. Kim", "e.g. Seoul").

- Script: Hangul syllables U+AC00-U+D7A3 (plus compatibility jamo for question words such as
  "ㅇㅇ"); Latin words are two or more ASCII letters.
- Years: 1990-2099, written with four digits that are not part of a longer number, with or
  without "년" ("2023", "2023년", "in 2023"; not "20231", "1989" or "2100").
- Statute articles: "제28조", "제 28 조의 2", "Article 28-2", "Art. 3"; all are labelled in the
  Korean form "제28조의2".
- Stop words: general-language lists only (function words, question words, generic nouns and
  verbs of asking, politeness); a word of the domain (바우처, voucher, 데이터) is never one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

Language = Literal["ko", "en"]

# --- script --------------------------------------------------------------------------------

HANGUL = re.compile(r"[\uac00-\ud7a3]")  # one Hangul syllable
LATIN = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")  # a lower-cased Latin word or number token
_HANGUL_WORD = re.compile(r"\S*[\uac00-\ud7a3\u3131-\u318e]\S*")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def has_hangul(text: str) -> bool:
    """Whether `text` has a Hangul syllable."""
    return bool(HANGUL.search(text))


def _word_counts(text: str) -> tuple[int, int]:
    hangul = len(_HANGUL_WORD.findall(text))
    latin = len(_LATIN_WORD.findall(_HANGUL_WORD.sub(" ", text)))
    return hangul, latin


def detect_language(text: str) -> Language:
    """Language of a question: `en` when Latin words outnumber Hangul words (a tie goes to the
    script of the first word), else `ko`."""
    hangul, latin = _word_counts(text)
    if latin > hangul:
        return "en"
    if latin and latin == hangul:
        first = re.search(r"[A-Za-z\uac00-\ud7a3]", text)
        return "en" if first and first.group(0).isascii() else "ko"
    return "ko"


def language_of_text(text: str) -> Language:
    """Language of a source passage: `en` only when Latin words outnumber Hangul words."""
    hangul, latin = _word_counts(text)
    return "en" if latin > hangul else "ko"


# --- years ---------------------------------------------------------------------------------

FIRST_YEAR, LAST_YEAR = 1990, 2099
YEAR = re.compile(r"(?<!\d)(?:199\d|20\d\d)(?!\d)년?")  # "2023", "2023년"; not "20231"


# How people type a recent year in a question: "23년 바우처", "23년도", "'23" (2000-2049);
# not a duration ("23년 동안", "23년간", "23년째", "23년 이상").
SHORT_YEAR = re.compile(r"(?<![\d.,'])(?:'(?P<a>[0-4]\d)\b|(?P<b>[0-4]\d)\s?년(?:도)?"
                        r"(?!\s?(?:간|동안|째|이상|이하|이내|마다|만에|전|후)))")


def full_years(text: str) -> str:
    """`text` with two-digit years written out ("23년 바우처" -> "2023년 바우처")."""
    def full(m: re.Match) -> str:
        if m["a"]:
            return f"20{m['a']}"
        return f"20{m['b']}" + m.group(0)[len(m["b"]):]
    return SHORT_YEAR.sub(full, text)


def years_in(text: str, short: bool = False) -> set[int]:
    """The years (1990-2099) named in `text`; with `short`, also two-digit years as people type
    them in questions ("23년" is 2023)."""
    years = {int(m.group(0)[:4]) for m in YEAR.finditer(text)}
    if short:
        years |= {2000 + int(m["a"] or m["b"]) for m in SHORT_YEAR.finditer(text)}
    return years


def _year(value: object) -> int | None:
    """The year a metadata value starts with ("2023", 2023, "2023-01-01"), if in range."""
    match = re.match(r"\s*(\d{4})(?!\d)", str(value or ""))
    year = int(match.group(1)) if match else 0
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def document_years(metadata: dict) -> tuple[int, ...]:
    """Years a document is about: metadata `year`, else a `valid_from`..`valid_to` span of at
    most four years (a longer validity is about no year in particular)."""
    year = _year(metadata.get("year"))
    if year:
        return (year,)
    start, end = _year(metadata.get("valid_from")), _year(metadata.get("valid_to"))
    if start and end and 0 <= end - start <= 3:
        return tuple(range(start, end + 1))
    return ()


def doc_year(metadata: dict) -> int | None:
    """The one year a document is about (metadata `year` or a one-year validity), else None."""
    years = document_years(metadata)
    return years[0] if len(years) == 1 else None


# --- statute articles ------------------------------------------------------------------------

_SP = r"[^\S\n]*"  # spaces inside a label, never a line break
ARTICLE_KO = re.compile(rf"제{_SP}(\d+){_SP}조(?:{_SP}의{_SP}(\d+))?")  # 제28조, 제 28 조의 2
ARTICLE_EN = re.compile(r"\b(?:Article|Art\.)\s*(\d+)(?:-(\d+))?", re.I)  # Article 28-2, Art. 3
ARTICLE = re.compile(f"{ARTICLE_KO.pattern}|{ARTICLE_EN.pattern}", re.I)


def _label(match: re.Match[str]) -> str:
    number = match.group(1) or match.group(3)
    sub = match.group(2) or match.group(4)
    return f"제{number}조" + (f"의{sub}" if sub else "")


def article_label(text: str) -> str:
    """The first statute article label in `text` in Korean form ("Article 28-2" -> "제28조의2"),
    or ""."""
    match = ARTICLE.search(text)
    return _label(match) if match else ""


def article_labels(text: str) -> list[str]:
    """Every statute article label in `text`, in order, in Korean form."""
    return [_label(m) for m in ARTICLE.finditer(text)]


# --- sentences -----------------------------------------------------------------------------

# A line ends a sentence with terminal punctuation, a Korean final ending (다, 요) or a closing
# quote or bracket ("...라고 한다”", "제1조(목적)").
_SENTENCE_END = re.compile(r"[.!?。…다요」\"”)]\s*$")
EN_SENTENCE_GAP = re.compile(r"(?<=[a-z0-9)][.!?])\s+(?=[A-Z\"“(])")  # "... it. The ..."
EN_ABBREVIATIONS = frozenset(  # lower-cased, without the final period
    "mr mrs ms dr prof st jr sr vs cf e.g i.e approx inc ltd corp co dept fig no art".split()
)


@lru_cache(maxsize=1)
def kiwi():
    """The one shared Kiwi instance. Without Kiwi's multi-word dictionary it loads in ~1.6 s
    instead of ~3.3 s (constructor and first analysis, which hold the GIL while a server
    starts), and cut every chunk of the corpus and every golden question into the same tokens
    (measured with kiwipiepy 0.24.1)."""
    from kiwipiepy import Kiwi

    return Kiwi(load_multi_dict=False)


def ends_sentence(line: str) -> bool:
    """Whether a line ends a sentence (so it is neither a heading nor glued to the next line)."""
    return bool(_SENTENCE_END.search(line))


PDF_HEADING_CHARS = 40  # a PDF heading is shorter than this


def pdf_heading(line: str) -> bool:
    """Whether a line of PDF text (which has no heading marks) reads as a heading or a table
    cell's label: short, not a list item, and not ending a sentence nor running on (",;:"). A
    line that starts with a lower-case Latin letter continues the line above it (a wrapped
    line, as in a table cell: "… see the center's" / "notices"), since English headings start
    with a capital or a digit; Hangul has no case, so Korean lines are judged by the rest."""
    text = line.strip()
    if not 2 <= len(text) < PDF_HEADING_CHARS or re.match(r"[-•*·]\s", text) or text[0].islower():
        return False
    return not ends_sentence(text) and not text.endswith((",", ";", ":"))


def split_english(text: str) -> list[str]:
    """`text` cut at ". Capital" gaps, except after an abbreviation such as "Dr." or "e.g."."""
    out: list[str] = []
    for piece in EN_SENTENCE_GAP.split(text):
        last = out[-1].rsplit(None, 1)[-1].lower().strip("([\"“'.") if out else ""
        if last in EN_ABBREVIATIONS:
            out[-1] += " " + piece
        else:
            out.append(piece)
    return out


def split_sentences_many(texts: Iterable[str]) -> list[list[str]]:
    """The sentences of each text: Kiwi for Korean, then the English gap rule (one Kiwi batch)."""
    texts = list(texts)
    if not texts:
        return []
    return [
        [p for s in sents for p in split_english(s.text)]
        for sents in kiwi().split_into_sents(texts)
    ]


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`: Kiwi for Korean, then the English ". Capital" gap rule."""
    return split_sentences_many([text])[0] if text.strip() else []


# --- normal forms --------------------------------------------------------------------------

_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")


def normalise(text: str) -> str:
    """NFC form with every run of whitespace turned into one space, trimmed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def compact(text: str) -> str:
    """Matching form: NFC, lower-case, no whitespace, no thousands separators (1,000 -> 1000)."""
    return re.sub(r"\s+", "", _THOUSANDS.sub("", unicodedata.normalize("NFC", text).lower()))


# --- stop words ----------------------------------------------------------------------------

# English function words: articles, determiners, pronouns, prepositions, conjunctions,
# auxiliaries and modals, and the question words.
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


# Honorific nouns and the plain word documents use for the same thing ("센터장님 성함" asks
# the 이름): Korean speech level, not topic words.
HONORIFIC_NOUNS = {
    "성함": "이름", "존함": "이름", "연세": "나이", "춘추": "나이", "생신": "생일", "댁": "집",
    "진지": "식사", "말씀": "말", "병환": "병", "자제분": "자녀", "따님": "딸", "아드님": "아들",
}


# Korean counters (classifiers): the word after a number or 몇 that says what is counted
# ("3곳", "몇 군데", "만 39세"). Dates, times and articles (년 월 일 시 조) are not counts.
KO_COUNTERS = ("개 명 곳 군데 건 가지 번 회 종 종류 분야 퍼센트 프로 % 주 개월 년간 세 살 배 차례 "
               "장 권 대 팀 기관 개소 단계 시간 점 위").split()
COUNTER = "|".join(sorted(map(re.escape, KO_COUNTERS), key=len, reverse=True))

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
무엇 뭐 어디 언제 누구 얼마 얼마나 몇 어느 어떤 왜
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
