"""The language toolkit: script, years, statute articles, sentences and normal forms.

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
- Normal forms: `normalise`, `compact` (for matching) and `sound_key` (spellings that sound
  alike, for typo-tolerant matching of Korean names).

Its word lists (stop words, counters, letter names, honorific nouns) are in `ingest.words`.
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


# The current year named without a number: "올해 모집은 언제예요?", "this year's intake".
THIS_YEAR = re.compile(r"올해|금년|\bthis\s+year\b", re.I)


def names_this_year(text: str) -> bool:
    """Whether `text` names the current year in words ("올해", "금년", "this year")."""
    return bool(THIS_YEAR.search(text))


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

# A statute's addenda (부칙) amend other laws with edit instructions, and the published text
# leaves most of them out: "⑩ 데이터 산업진흥 및 이용촉진에 관한 기본법 일부를 다음과 같이
# 개정한다.", "제6조제3항제1호 중 "방송통신위원회"를 "방송미디어통신위원회"로 한다.",
# "①부터 <86>까지 생략". They state no rule of either law.
_EDIT = re.compile(r"일부를\s?다음과\s?같이\s?개정한다|"
                   r"중\s?[\"“「][^\"”」]+[\"”」]\s?(?:을|를)\s?[\"“「][^\"”」]*[\"”」]\s?(?:으로|로)\s?한다|"
                   r"^\W*(?:제?\s?\d+\s?(?:조|호|항)?\s?)?(?:부터.{1,12}까지\s?)?생략\W*$|"
                   r"까지\s?생략\W*$")


def edits_a_law(text: str) -> bool:
    """Whether a statute line is an amendment instruction or an omission mark of its
    addenda, not a rule of law."""
    return bool(_EDIT.search(text.strip()))


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


# Spellings that sound alike: ㅐ/ㅔ (and ㅒ/ㅖ, ㅙ/ㅚ/ㅞ) are one vowel in today's speech, and a
# final consonant is heard as one of seven (ㅅ ㅆ ㅈ ㅊ ㅌ ㅎ as ㄷ; ㄲ ㅋ as ㄱ; ㅍ as ㅂ), so
# "빅대이터", "햇고" are typed for "빅데이터", "했고".
_VOWEL_KEY = {1: 5, 3: 7, 10: 15, 11: 15}
_FINAL_KEY = {2: 1, 3: 1, 9: 1, 24: 1, 19: 7, 20: 7, 22: 7, 23: 7, 25: 7, 27: 7, 14: 17, 18: 17,
              26: 17, 5: 4, 6: 4, 10: 16, 11: 8, 12: 8, 13: 8, 15: 8}


def sound_key(text: str) -> str:
    """`compact(text)` with each Hangul syllable spelled by its sound (see above): two
    spellings a listener cannot tell apart get one key."""
    out = []
    for ch in compact(text):
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            initial, vowel, final = code // 588, code % 588 // 28, code % 28
            ch = chr(0xAC00 + initial * 588 + _VOWEL_KEY.get(vowel, vowel) * 28
                     + _FINAL_KEY.get(final, final))
        out.append(ch)
    return "".join(out)
