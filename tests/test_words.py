"""The language toolkit's word lists (ingest.words): table cases written for this file."""

import pytest

from ingest.text import has_hangul
from ingest.words import (
    EN_FUNCTION_WORDS,
    EN_GENERIC_WORDS,
    HONORIFIC_NOUNS,
    KO_FUNCTION_NOUNS,
    KO_LIGHT_STEMS,
    adverb_in_ly,
    clips,
    cost_of,
    derivational_stem,
    english_stem,
    is_stop,
    spelled_letters,
    verb_after_auxiliary,
    with_apostrophes,
    without_idioms,
    without_particle,
)


@pytest.mark.parametrize(
    "word",
    ["the", "The", "what", "how", "of", "would", "please", "thing", "것", "수", "때", "무엇",
     "뭐", "어디", "언제", "누구", "얼마", "몇", "며칠", "혹시", "하", "있"],
)
def test_general_words_are_stop_words(word):
    assert is_stop(word)


@pytest.mark.parametrize(
    "word",
    ["바우처", "voucher", "데이터", "data", "센터", "center", "가명정보", "statute", "article",
     "apply", "지원", "startup", "2023", ""],
)
def test_domain_words_are_not_stop_words(word):
    assert not is_stop(word)


@pytest.mark.parametrize(
    ("words", "script"),
    [(EN_FUNCTION_WORDS, "en"), (EN_GENERIC_WORDS, "en"), (KO_FUNCTION_NOUNS, "ko"),
     (KO_LIGHT_STEMS, "ko")],
)
def test_stop_lists_are_one_script_and_lower_case(words, script):
    assert isinstance(words, frozenset) and words
    assert all(has_hangul(w) == (script == "ko") and w == w.lower() for w in words)


@pytest.mark.parametrize("word, letters", [
    ("케이", "k"), ("에스케이", "sk"), ("엘지", "lg"), ("케이티", "kt"), ("에이아이", "ai"),
    ("더블유", "w"), ("에이치", "h"),
    # one-syllable names are ordinary words too (비 rain, 이 this, 오 five): never read alone
    ("비", None), ("이", None), ("오", None), ("씨", None),
    ("데이터", None), ("센터", None), ("", None),
])
def test_hangul_spellings_of_latin_letters(word, letters):
    assert spelled_letters(word) == letters


@pytest.mark.parametrize("a, b, same", [
    ("booking", "book", True), ("needed", "need", True), ("universitie", "university", True),
    ("applied", "apply", True), ("applies", "apply", True), ("planned", "plan", True),
    ("registered", "register", True), ("bookable", "book", True),
    ("combinable", "combine", True), ("fraudulently", "fraudulent", True),
    ("data", "date", False), ("free", "fee", False), ("news", "new", False),
])
def test_english_stems_join_inflections_only(a, b, same):
    assert (english_stem(a) == english_stem(b)) is same


@pytest.mark.parametrize("honorific, plain", [("성함", "이름"), ("연세", "나이"), ("댁", "집")])
def test_honorific_nouns_map_to_the_plain_word(honorific, plain):
    assert HONORIFIC_NOUNS[honorific] == plain


def test_honorific_nouns_are_hangul_words():
    assert all(has_hangul(k) and has_hangul(v) for k, v in HONORIFIC_NOUNS.items())


@pytest.mark.parametrize("word, thing", [
    ("교육비", "교육"), ("이용료", "이용"), ("보증금", "보증"), ("주차비", "주차"),
    ("회비", ""),  # a one-syllable stem is no thing of its own
    ("비", ""), ("캠퍼스", ""), ("fee", ""),
])
def test_cost_of_a_korean_cost_noun(word, thing):
    assert cost_of(word) == thing


@pytest.mark.parametrize("word, bare", [
    ("분야로", "분야"), ("기업을", "기업"), ("위원으로", "위원"), ("대학이", "대학"),
    ("공급기업의", "공급기업"), ("기관과", "기관"),
    ("분야", "분야"), ("아이", "아이"),  # two syllables: left as they are
])
def test_a_particle_ending_a_noun_is_taken_off(word, bare):
    assert without_particle(word) == bare


@pytest.mark.parametrize("text, expected", [
    ("whos in charge of the voucher?", "who's in charge of the voucher?"),
    ("Whats the cap", "What's the cap"),
    ("we cant apply, can we? im not sure", "we can't apply, can we? I'm not sure"),
    ("its budget and the rooms were open", "its budget and the rooms were open"),  # words
    ("I wont go; the shell is well", "I wont go; the shell is well"),
    ("theres no fee? dont know", "there's no fee? don't know"),
    ("바우처 whats 한도", "바우처 what's 한도"),
    ("whosoever", "whosoever"),  # only whole words
])
def test_with_apostrophes(text, expected):
    assert with_apostrophes(text) == expected


@pytest.mark.parametrize("text, kept", [
    ("who is in charge of the voucher?", "who is the voucher?"),
    ("Is there a charge for the rooms?", "Is there a charge for the rooms?"),
    ("In terms of fees, where does the lecture take place?", "fees, where does the lecture ?"),
    ("the term of office", "the term of office"),
])
def test_without_idioms(text, kept):
    blanked = without_idioms(text)
    assert blanked.split() == kept.split() and len(blanked) == len(text)


@pytest.mark.parametrize(("word", "stem"), [
    ("designation", "designat"), ("designated", "designat"),
    ("mediation", "mediat"), ("mediate", "mediat"),
    ("competition", "competit"), ("competitive", "competit"),
    ("approval", "approv"), ("approved", "approv"),
    ("withdrawal", "withdraw"),
    ("fee", ""), ("rooms", ""),  # too short to say
])
def test_derivational_stem(word, stem):
    assert derivational_stem(word) == stem


@pytest.mark.parametrize(("word", "neighbour", "adverb", "verb"), [
    ("roughly", "how", True, False),  # an adverb before a function word
    ("hourly", "fee", False, False),  # an adjective before a noun
    ("issued", "were", False, True),  # a verb after an auxiliary
    ("embedded", "which", False, False),  # no auxiliary before it
    ("red", "was", False, False),  # too short to be read as a verb in -ed
])
def test_english_word_classes(word, neighbour, adverb, verb):
    assert adverb_in_ly(word, neighbour) is adverb
    assert verb_after_auxiliary(word, neighbour) is verb


@pytest.mark.parametrize("short, name, clipped", [
    ("데산법", "데이터산업법", True),
    ("개보법", "개인정보 보호법", True),  # spaces in the name do not count
    ("과기부", "과학기술정보통신부", True),
    ("개보위", "개인정보보호위원회", True),
    ("정통부", "과학기술정보통신부", False),  # the first syllable is the name's
    ("데법산", "데이터산업법", False),  # in the name's order
    ("데산", "데이터산업법", False),  # two syllables match too many names
    ("데이터", "데이터산업법", False),  # ends before the name's last word
    ("데산법", "데산업법", False),  # at least two syllables shorter than the name
    ("bad", "bad name", False),
])
def test_clips_a_korean_clipped_name(short, name, clipped):
    assert clips(short, name) is clipped
