"""Typos (ingest.typos): table cases written for this file."""

import pytest

from ingest.typos import TypoIndex, is_typo


@pytest.mark.parametrize(("term", "word", "typo"), [
    ("센타", "센터", True),  # a Hangul vowel swapped
    ("데이타", "데이터", True),
    ("센터", "센터장", False),
    ("dataa", "data", True),  # one letter added
    ("brokr", "broker", True),  # one dropped
    ("experiance", "experience", True),  # one changed
    ("compnay", "company", True),  # two neighbours swapped
    ("compnya", "company", False),
    ("broker", "banker", False),  # letters changed in two places
    ("data", "데이터", False),
])
def test_is_typo(term, word, typo):
    assert is_typo(term, word) is typo


def test_a_typo_index_finds_the_words_a_typo_can_be_of_without_a_scan():
    index = TypoIndex(["company", "broker", "data", "센터", "booking"], {"broker": 3})
    assert index.near("compnay") == ["company"] and index.near("brokr") == ["broker"]
    assert index.near("센타") == ["센터"] and index.near("kimchi") == []
    assert index.counts == {"broker": 3} and "book" in index.stems  # booking's light stem
