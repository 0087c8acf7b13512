"""What a count question counts, in both languages (assistant.counted): cases written for
this file."""

import pytest

from assistant.counted import counted_in_both, counted_words


@pytest.mark.parametrize("question, words", [
    ("How many supplier companies are registered on the Data Store?", ["supplier", "companies"]),
    ("how many companies applied in 2025?", ["companies"]),  # a plural ends the name
    ("What is the number of vouchers given out?", ["vouchers"]),
    ("How many members sit on the commission?", ["members"]),
    ("how many people work there?", ["people"]),
    ("how many data business registered?", ["data", "business", "registered"]),  # no plural
    ("how many of them are standing members?", []),  # "of": no thing named
    ("직원이 몇 명 정도 되나요?", ["직원"]),
    ("몇 개 기업이 선정됐어요?", ["기업"]),
    ("참여 기업은 몇 곳인가요?", ["기업"]),
    ("모두 몇 개예요?", []),  # a quantifier is no thing
    ("위원이 전부 몇 명이에요?", ["위원"]),  # ... nor does it hide the thing before it
    ("공급기업이 총 몇 곳인가요?", ["공급기업"]),
    ("언제 열어요?", []),  # no count
])
def test_what_a_count_question_counts(question, words):
    assert counted_words(question) == words


def test_what_is_counted_in_both_languages():
    from assistant.glossary import Glossary, Term

    glossary = Glossary([Term("데이터바우처", "data voucher", ["데이터바우처"], ["data voucher"]),
                         Term("공급기업", "supplier company", ["공급기업"], ["supplier company"]),
                         Term("신청", "application", ["신청"], ["application", "applied"])])
    assert counted_in_both("How many supplier companies are there?", glossary)[-2:] == [
        "공급기업", "supplier company"]
    # a word no term names: the shortest name whose head noun it is
    assert counted_in_both("how many vouchers were awarded?", glossary)[-2:] == [
        "데이터바우처", "data voucher"]
    # "applied" is no thing counted
    assert "신청" not in counted_in_both("How many companies applied?", glossary)
    assert counted_in_both("How many rooms are there?") == counted_words(
        "How many rooms are there?")
