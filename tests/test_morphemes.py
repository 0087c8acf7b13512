"""`assistant.morphemes`: Kiwi's tokens put back together where Kiwi cuts a word it does not
know (real Kiwi; cases written for this file, not golden items)."""

import pytest

from assistant.morphemes import names_whole, syllable_runs
from ingest.text import kiwi


@pytest.mark.parametrize("text, forms", [
    ("K-DATA는 언제 생겼어요?", ["K-DATA"]),
    ("COVID-19 때문에 미뤄졌나요?", ["COVID-19"]),
    ("AI-Hub 자료도 되나요?", ["AI-Hub"]),
    ("K-Data Voucher 신청", ["K-Data", "Voucher"]),
])
def test_a_hyphenated_latin_name_is_one_token(text, forms):
    latin = [t.form for t in names_whole(kiwi().tokenize(text)) if t.tag == "SL"]
    assert latin == forms


@pytest.mark.parametrize("text", ["e-나라도움 써야 해요?", "2023-2024년 예산", "A - B 비교"])
def test_a_hyphen_not_between_two_latin_pieces_joins_nothing(text):
    tokens = kiwi().tokenize(text)
    assert [t.form for t in names_whole(tokens)] == [t.form for t in tokens]


def test_a_joined_name_covers_the_text_of_its_pieces():
    text = "문의는 K-DATA로"
    name = next(t for t in names_whole(kiwi().tokenize(text)) if t.form == "K-DATA")
    assert text[name.start:name.start + name.len] == "K-DATA"


def test_one_syllable_nouns_written_as_one_word_are_a_run():
    runs = syllable_runs(kiwi().tokenize("강의실 근처에 물회집 있어요?"))
    assert ["".join(t.form for t in run) for run in runs] == ["물회집"]
    assert syllable_runs(kiwi().tokenize("강의실은 몇 층이에요?")) == []
