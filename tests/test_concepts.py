"""A question's concepts: glossary terms met in either language, content words, partial credit.

Tokens come from the real Kiwi tokenizer (ingest.keyword.tokenize); the glossary is built here.
"""

import pytest

from assistant.compose.concepts import concepts, hangul
from assistant.glossary import Glossary, Term
from ingest.keyword import tokenize

VOUCHER = ("데이터바우처", "data voucher")
GLOSSARY = Glossary([
    Term(*VOUCHER, ["데이터바우처", "데이터 바우처"], ["data voucher"]),
    Term("가명정보", "pseudonymised data", ["가명정보"], ["pseudonymised data"]),
])


def score(concept, text: str) -> float:
    """How well `text` meets `concept`, as the selector asks it."""
    return concept.match(set(tokenize(text)), set(GLOSSARY.terms_for(text)))


@pytest.mark.parametrize("question, others", [
    ("데이터바우처 지원 금액은 얼마인가요?", [{"지원"}, {"금액"}]),
    ("데이터 바우처 신청", [{"신청"}]),
    ("How much is a data voucher?", []),
    ("When do data vouchers open?", [{"open"}]),
])
def test_a_glossary_term_is_one_concept(question, others):
    found = concepts(question, GLOSSARY)
    assert found[0].term == VOUCHER and found[0].language() == "any"
    assert [set(c.tokens) for c in found[1:]] == others  # its words are not concepts again


@pytest.mark.parametrize("text, met", [
    ("데이터바우처는 구매 비용을 지원합니다.", 1.0),
    ("데이터 바우처는 구매 비용을 지원합니다.", 1.0),
    ("A data voucher pays for data purchases.", 1.0),
    ("Vouchers are paid per company.", 0.25),  # half of the English form: partial
    ("센터는 분석실을 운영합니다.", 0.0),
])
def test_a_term_is_met_in_either_language(text, met):
    for question in ("데이터바우처 금액", "data voucher amount"):
        term = concepts(question, GLOSSARY)[0]
        assert score(term, text) == pytest.approx(met), (question, text)


@pytest.mark.parametrize("credit", [0.5, 0.2, 0.0])
@pytest.mark.parametrize("text, share", [
    ("분석실은 3층에 있습니다.", None),  # the word itself: full credit
    ("분석 공간은 3층에 있습니다.", 0.5),  # one of its two bigrams
    ("센터는 강의실을 운영합니다.", 0.0),
])
def test_bigrams_give_the_credit_asked_for(credit, text, share):
    word = concepts("분석실 위치", None, bigram_credit=credit)[0]
    assert word.tokens == {"분석실"} and word.bigrams == ("분석", "석실")
    expected = 1.0 if share is None else credit * share
    assert word.match(set(tokenize(text)), set()) == pytest.approx(expected)


@pytest.mark.parametrize("question, asked, text, met", [
    ("When did the center open?", "open", "The center opened on 13 October 2022.", 0.4),
    ("When did the center open?", "open", "The opening was held in October.", 0.4),
    ("When did the center open?", "open", "The center is open to citizens.", 1.0),  # itself
    ("Who signed the agreement?", "signed", "The partners sign an MOU.", 0.4),
    ("When did the center open?", "open", "The center offers four services.", 0.0),
])
def test_another_inflection_of_an_english_word_earns_part_of_its_weight(question, asked, text, met):
    word = next(c for c in concepts(question, None) if asked in c.tokens)
    assert word.match(set(tokenize(text)), set()) == pytest.approx(met)
    assert word.stem and not concepts("분석실 위치", None)[0].stem  # Korean: Kiwi stems


def test_short_and_english_words_have_no_bigrams():
    found = {next(iter(c.tokens)): c for c in concepts("센터 room", None)}
    assert found["센터"].bigrams == () and found["room"].bigrams == ()
    assert found["센터"].match(set(tokenize("센터는 포항에 있습니다")), set()) == 1.0
    assert found["room"].match(set(tokenize("The rooms are open.")), set()) == 1.0


@pytest.mark.parametrize("question, words", [
    ("센터 위치는 어디인가요?", ["센터", "위치"]),
    ("2023년 예산은 얼마야?", ["예산"]),  # years are matched by the year cue, not as words
    ("분석실을 이용할 수 있나요?", ["분석실", "이용"]),
    ("Please tell me about the center", ["center"]),
    ("What would you need to know about rooms?", ["room"]),
    ("무엇을 알 수 있나요?", []),
])
def test_stop_words_are_skipped(question, words):
    assert [next(iter(c.tokens)) for c in concepts(question, None)] == words


@pytest.mark.parametrize("question, number", [
    ("What are the three types?", "3"),
    ("Are there five zones?", "5"),
    ("Name ten rooms", "10"),
])
def test_number_words_also_count_as_digits(question, number):
    found = [next(iter(c.tokens)) for c in concepts(question, None)]
    assert number in found
    digit = next(c for c in concepts(question, None) if number in c.tokens)
    assert digit.language() == "any"
    assert digit.match(set(tokenize(f"유형은 {number}가지입니다")), set()) == 1.0


@pytest.mark.parametrize("question, figure, meets, misses", [
    ("센터 4대 서비스는 회사만 받나요?", {"4", "대"}, "센터의 4대 서비스는 …",
     "서비스 4개와 지원 대상"),
    ("위원은 9명이에요?", {"9", "명"}, "9명의 위원으로 구성한다", "위원 명단 9쪽"),
    ("경쟁률 3.9대 1", {"3.9", "대"}, "경쟁률은 3.9대 1이었습니다", "3.9%가 늘었다"),
])
def test_a_figure_with_its_counter_is_one_concept_met_only_whole(question, figure, meets, misses):
    found = concepts(question, None)
    whole = [c for c in found if c.together]
    assert [c.together for c in whole] == [frozenset(figure)]
    assert not any(c.tokens & figure for c in found if not c.together)  # not also alone
    assert whole[0].match(set(tokenize(meets)), set()) == 1.0
    assert whole[0].match(set(tokenize(misses)), set()) == 0.0


@pytest.mark.parametrize("question, label", [
    ("제28조의2 가명정보는 뭐예요?", "제28조의2"),
    ("제15조에 따른 신고 기한", "제15조"),
])
def test_an_article_is_one_concept_not_also_its_numbers(question, label):
    words = [next(iter(c.tokens)) for c in concepts(question, None) if c.tokens]
    assert label in words
    assert not {"28", "조", "2", "15"} & set(words)


@pytest.mark.parametrize("word, language", [("센터", "ko"), ("room", "en"), ("30", "any")])
def test_language_of_a_word_concept(word, language):
    assert concepts(word, None)[0].language() == language


@pytest.mark.parametrize("text, expected", [("센터", True), ("center", False), ("AI 가공", True),
                                            ("2023", False)])
def test_hangul(text, expected):
    assert hangul(text) is expected
