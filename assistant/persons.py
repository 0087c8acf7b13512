"""Questions for a person and sentences that name one, in both languages.

A question asks for a person with a word for a name (성함, "원장 이름", "the director's name") or
"who" before an office ("시장이 누구예요?", "who is the mayor"); a sentence names one beside an
office ("김무환 포스텍 총장", "센터장 홍길동") or in romanised form ("Kim Moo-hwan"). The refusal
policy says such a question is uncovered when no evidence sentence names the holder of the
office asked (`assistant.refusal`); the sentence ranking fits it only by such a sentence
(`assistant.compose.cues`).
"""

from __future__ import annotations

import re

from ingest.text import HANGUL

# A person's name as documents give one: a Korean name beside an office ("김무환 포스텍 총장",
# "센터장 홍길동"), or a romanised one ("Kim Moo-hwan"). A question that asks for a person (성함,
# "원장 이름", "시장이 누구예요?", "the director's name", "who is the mayor") is uncovered when no
# evidence sentence gives a name, or none gives one beside the office asked ("the deputy mayor,
# Lee Jang-sik" does not name the mayor).
_OFFICE = (r"(?:시장|부시장|총장|원장|센터장|연구원장|대표|대표이사|장관|위원장|이사장|소장|교수|"
           r"관장)")
_OFFICE_EN = (r"(?:director|president|mayor|head|chief|ceo|minister|chair(?:man|person|woman)?|"
              r"governor|dean|principal)")
PERSON_NAME = re.compile(
    rf"(?<![가-힣])[가-힣]{{3}}\s(?:[가-힣]+\s){{0,2}}{_OFFICE}|"
    rf"{_OFFICE}(?:인|은|는)?\s[가-힣]{{3}}(?=[\s,.)·]|[은는이가과와의을를도께]|입니|$)|"
    r"\b[A-Z][a-z]+ [A-Z][a-z]+-[a-z]+\b|\b[A-Z][a-z]+-[A-Z][a-z]+ [A-Z][a-z]+\b")
_ASKS_PERSON = re.compile(
    rf"(?:(?P<ko0>{_OFFICE})(?:님)?(?:의)?\s?)?(?:성함|존함)|"
    rf"(?P<ko>{_OFFICE})\S*\s?(?:의\s)?이름|(?P<ko2>{_OFFICE})(?:님)?(?:은|는|이|가)?\s?누구|"
    rf"\b(?P<en>{_OFFICE_EN})\w*'?s? (?:full )?name|"
    rf"\bname of (?:the |its |their )?(?:[\w-]+'s )?(?:current |new |present )?"
    rf"(?P<en2>{_OFFICE_EN})|"
    rf"\bwho(?:'s| is| was)\s+(?:the |its )?(?:current |new |present )?(?P<en3>{_OFFICE_EN})\b",
    re.I)


def asked_person(question: str) -> tuple[bool, str]:
    """Whether `question` asks for a person, and the office it names ("" when none)."""
    found = _ASKS_PERSON.search(question)
    if not found:
        return False, ""
    return True, next((v for v in found.groupdict().values() if v), "")


# The same offices in the other language (general titles; "head" and "chief" name any office).
_CHAIR = "위원장|이사장|회장"
_OFFICE_KO = {
    "mayor": "시장", "president": "총장|원장|대표|회장",
    "director": "원장|센터장|소장|관장", "ceo": "대표", "minister": "장관",
    "governor": "지사", "dean": "학장", "principal": "교장", "chair": _CHAIR,
    "chairman": _CHAIR, "chairperson": _CHAIR, "chairwoman": _CHAIR,
}


def names_office_holder(sentence: str, office: str) -> bool:
    """Whether `sentence` gives a person's name and, when an `office` is asked, that office
    itself, not a deputy's ("부시장", "deputy mayor"); an English office is read in a Korean
    sentence by its Korean title ("mayor" -> 시장), a Korean one in English sentences not at all."""
    if not PERSON_NAME.search(sentence):
        return False
    korean_office, korean_sentence = bool(HANGUL.search(office)), bool(HANGUL.search(sentence))
    if not office or korean_office and not korean_sentence:
        return True  # no office asked, or one an English sentence cannot be held to
    if not korean_office and korean_sentence:
        titles = _OFFICE_KO.get(office.lower())
        return not titles or bool(re.search(rf"(?<!부)(?:{titles})", sentence))
    if korean_office:
        return bool(re.search(rf"(?<!부){re.escape(office)}", sentence))
    return bool(re.search(rf"(?<!deputy )(?<!vice )(?<!vice-)\b{re.escape(office)}", sentence,
                          re.I))


def name_of(office: str, korean: bool) -> str:
    """What a person question asks, as the uncovered answer names it: "시장 이름", "the mayor's
    name"."""
    if korean:
        return f"{office} 이름" if office else "이름"
    return f"the {office.lower()}'s name" if office else "the person's name"
