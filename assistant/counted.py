"""What a count question counts ("how many supplier companies" -> supplier, companies;
"직원이 몇 명" -> 직원), in both languages, and whether it asks for a total ("전부 해서 몇
개"): general language, tested on cases of their own (tests/test_kinds.py)."""

from __future__ import annotations

import re

from ingest.figures import COUNTER
from ingest.text import HANGUL
from ingest.words import EN_FUNCTION_WORDS, english_stem, without_particle

# What a count question counts: the words after "how many" up to the first function word or
# plural ("how many supplier companies are …" -> supplier, companies), the Korean noun before
# "몇" and its counter, a quantifier between ("직원이 (전부) 몇 명" -> 직원), or after them ("몇 개
# 기업이" -> 기업).
_EN_COUNTED = re.compile(r"\b(?:how many|number of|count of)\s+((?:[a-z][\w-]*\s*){1,4})", re.I)
# "모두 몇 개": how many in all
# Words for all of something: "전부 해서 몇 개" asks a total (`asks_total`), and before "몇"
# they are no thing counted (nor are 총, 대략 and 대충).
TOTALS = ("모두", "전부", "전체", "합계")
_QUANTIFIERS = frozenset((*TOTALS, "총", "대략", "대충"))
_ASKS_TOTAL = re.compile("|".join(TOTALS) + r"|통틀어|다\s?합(?:쳐|치|해)|"
                         r"(?<![가-힣])총(?![가-힣])|\bin total\b|\baltogether\b|"
                         r"\btotal (?:number|count)\b", re.I)
_KO_COUNTED = re.compile(rf"(?<![가-힣])([가-힣]{{2,}})\s?(?:(?:{'|'.join(_QUANTIFIERS)})\s?)?"
                         rf"몇\s?(?:{COUNTER})|몇\s?(?:{COUNTER})\s([가-힣]{{2,}})")
# an English plural ends the name of what is counted: "how many members sit on it" counts members
_EN_PLURAL = re.compile(r"(?:[^s]s|people|children|staff|personnel)$")


def asks_total(question: str) -> bool:
    """Whether a question asks for a total ("전부 해서 몇 개", "how many in total")."""
    return bool(_ASKS_TOTAL.search(question))


def counted_words(question: str) -> list[str]:
    """The words naming what a count question counts (see `_EN_COUNTED`); [] when it asks no
    count or names no thing ("몇 명이에요?", "how many of them")."""
    out = []
    for found in _EN_COUNTED.finditer(question):
        for word in found.group(1).lower().split():
            if word in EN_FUNCTION_WORDS:
                break
            out.append(word)
            if _EN_PLURAL.search(word):
                break
    for found in _KO_COUNTED.finditer(question):
        word = without_particle(found.group(1) or found.group(2))
        if len(word) > 1 and word not in _QUANTIFIERS:
            out.append(word)
    return out


def counted_in_both(question: str, glossary=None) -> list[str]:
    """`counted_words`, with the glossary's forms of what is counted in the other language
    ("supplier companies" -> 공급기업). Of an English phrase only a term of its first word
    counts ("companies applied" counts companies; the glossary's 신청 for "applied" is no thing
    counted); an English word no term names is taken as the head noun of the shortest name
    ending in it ("how many vouchers": "data voucher", 데이터바우처), as Korean sentences write
    the thing counted."""
    words = counted_words(question)
    if not words or glossary is None:
        return words
    head = english_stem(words[0].lower())
    forms = [(ko, en) for ko, en in glossary.terms_for(" ".join(words))
             if HANGUL.search(words[0]) or head in {english_stem(w) for w in en.lower().split()}]
    if not forms and not HANGUL.search(words[0]):
        named = [(t.ko, t.en) for t in glossary.terms
                 if t.en and english_stem(t.en.lower().split()[-1]) == head]
        forms = sorted(named, key=lambda pair: len(pair[1].split()))[:1]
    return words + [f for pair in forms for f in pair]
