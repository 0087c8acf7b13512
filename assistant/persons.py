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
# A Korean name: a common surname and two syllables, the last no particle or verb ending
# ("회의를", "지명한", "장관이" are no names: "위원장은 회의를 소집하고", "위원장은 장관이 …").
_SURNAME = ("김이박최정강조윤장임한오서신권황안송류유전홍고문양손배백허남심노하곽성차주우구민진"
            "지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉")
_KO_NAME = rf"[{_SURNAME}][가-힣]{{2}}(?<![를을의에이가한된될할던])"
PERSON_NAME = re.compile(
    rf"(?<![가-힣]){_KO_NAME}\s(?:[가-힣]+\s){{0,2}}{_OFFICE}|"
    rf"{_OFFICE}(?:인|은|는)?\s{_KO_NAME}(?=[\s,.)·]|[은는이가과와의을를도께]|입니|$)|"
    r"\b[A-Z][a-z]+ [A-Z][a-z]+-[a-z]+\b|\b[A-Z][a-z]+-[A-Z][a-z]+ [A-Z][a-z]+\b")
_ASKS_PERSON = re.compile(
    rf"(?:(?P<ko0>{_OFFICE})(?:님)?(?:의)?\s?)?(?:성함|존함)|"
    rf"(?P<ko>{_OFFICE})\S*\s?(?:의\s)?이름|(?P<ko2>{_OFFICE})(?:님)?(?:은|는|이|가)?\s?누구|"
    rf"\b(?P<en>{_OFFICE_EN})\w*'?s? (?:full )?name|"
    rf"\bname of (?:the |its |their )?(?:[\w-]+'s )?(?:current |new |present )?"
    rf"(?P<en2>{_OFFICE_EN})|"
    rf"\bwho(?:'s| is| was)\s+(?:the |its )?(?:current |new |present )?(?P<en3>{_OFFICE_EN})\b",
    re.I)


_NAME = re.compile(rf"(?<![가-힣]){_KO_NAME}(?![가-힣])|"
                   r"[A-Z][a-z]+ [A-Z][a-z]+-[a-z]+|[A-Z][a-z]+-[A-Z][a-z]+ [A-Z][a-z]+")
_AN_OFFICE = re.compile(rf"(?:부|deputy |vice )?(?:{_OFFICE}|{_OFFICE_EN})|deputy|vice", re.I)


def person_named(text: str) -> str:
    """The name of the person `text` names beside an office ("김무환" of "김무환 포스텍 총장은
    …", "Lee Jang-sik"), or ""."""
    found = PERSON_NAME.search(text)
    name = _NAME.search(found.group(0)) if found else None
    return name.group(0) if name else ""


def is_office(word: str) -> bool:
    """Whether `word` is a title ("총장", "부시장", "mayor", "deputy")."""
    return bool(_AN_OFFICE.fullmatch(word))


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


# A statute names an office's holder by another office: "위원장은 국무총리가 되고", "the
# committee is chaired by the Prime Minister".
_EX_OFFICIO = r"(?<!부){office}(?:은|는)\s?[가-힣]{{2,}}(?:이|가)\s?(?:되|맡)"
_EX_OFFICIO_EN = re.compile(r"\bchaired by\b|\b(?:is|are) headed by\b", re.I)


def names_office_holder(sentence: str, office: str) -> bool:
    """Whether `sentence` gives a person's name and, when an `office` is asked, that office
    itself, not a deputy's ("부시장", "deputy mayor"); an English office is read in a Korean
    sentence by its Korean title ("mayor" -> 시장), a Korean one in English sentences not at all.
    A sentence that makes another office the holder ("위원장은 국무총리가 된다") names it too."""
    if office and (re.search(_EX_OFFICIO.format(office=re.escape(office)), sentence)
                   or not HANGUL.search(office) and _EX_OFFICIO_EN.search(sentence)):
        return True
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


# "사업주 또는 대표자가 개인정보 보호책임자가 된다": who holds a role, as statutes assign one
_DESIGNATES = re.compile(r"[가-힣]{2,}(?:이|가)\s(?:[가-힣]+\s){0,3}?([가-힣]{2,})(?:이|가)\s?"
                         r"(?:된다|되고|됩니다|되며)")


def designates(text: str, question: str) -> bool:
    """Whether `text` makes someone the holder of a role the question names ("누가
    책임자예요?": "… 대표자가 개인정보 보호책임자가 된다")."""
    squeezed = question.replace(" ", "")
    return any(role[-k:] in squeezed for role in _DESIGNATES.findall(text)
               for k in (3, 2) if len(role) >= k)
