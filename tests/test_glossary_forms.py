"""How glossary forms are matched: English words and patterns, shortened names, the form index.

Cases are written for these tests (not golden items); `Glossary` itself is tested in
tests/test_glossary.py.
"""

import pytest

from assistant.glossary_forms import FormIndex, english_pattern, name_words, shortened


@pytest.mark.parametrize("form, words", [
    ("Data-Store name", ["data", "store", "name"]),
    ("  K-DATA ", ["k", "data"]),
    ("데이터 바우처", ["데이터", "바우처"]),
])
def test_name_words(form, words):
    assert name_words(form) == words


@pytest.mark.parametrize("form, text, found", [
    ("data voucher", "two data vouchers", True),
    ("supplier company", "supplier companies", True),
    ("data store", "the data-store", True),
    ("data voucher", "metadata voucher", False),  # a word boundary before
    ("AI", "said", False),
])
def test_english_pattern(form, text, found):
    assert bool(english_pattern(form).search(text)) is found


def test_a_long_name_is_shortened_by_one_inner_word_and_its_first():
    out = shortened(["Gwangju AI industry convergence complex"], set())
    assert "gwangju ai industry complex" in out
    assert "ai industry convergence complex" in out
    assert shortened(["data voucher"], set()) == []  # too short to shorten


@pytest.mark.parametrize("text, entries", [
    ("데이터바우처신청", {0}),  # the first two characters of "데이터바우처"
    ("바우처", set()),  # the middle of a form is no start
    ("한", {2}),  # a one-character form
    ("", set()),
])
def test_korean_forms_are_found_by_their_first_two_characters(text, entries):
    index = FormIndex([["데이터바우처"], ["마이데이터"], ["한"]], [[], [], []])
    assert index.korean(text) == entries


@pytest.mark.parametrize("text, entries", [
    ("data voucher", {0}),
    ("datasets", {0}),  # a first word inside a longer word is still tried
    ("the k-data agency", {0, 1}),  # "data" is written there too
    ("2023 budget", set()),
])
def test_english_forms_are_found_by_their_first_word(text, entries):
    index = FormIndex([[], [], []], [["data"], ["k"], ["o'neil"]])
    assert index.english(text) == entries | {2}  # a first word not of letters and digits: tried
