"""Refusal signals (cases written for this file, not golden items): the vocabulary check, names in
either language, requests outside the documents and how the asker speaks."""

import pytest

from assistant.glossary import Glossary, Term
from assistant.models import Hit
from assistant.question import analyse
from assistant.requests import requested
from assistant.signals import gather, meets, name_in, outside

CORPUS_WORDS = {"바우처", "데이터바우처", "신청", "센터", "voucher", "library", "room",
                "lecture", "분석실", "center", "open"}


def known(words):
    return {w for w in words if w in CORPUS_WORDS}


def known_words(*words):
    return lambda asked: {w for w in asked if w in words}


def hit(text=""):
    return Hit("c1", "d", text, "t", "s", dense_score=0.9, keyword_score=10.0)


def signals(question, text=""):
    h = hit(text)
    return gather(analyse(question), [h], [h], [h], known)


def test_a_compound_cut_into_syllables_is_known_only_when_a_retrieved_passage_writes_it():
    # Kiwi cuts "물회집" into 물 + 회 + 집, no keyword token of which says what is asked
    question = "분석실 옆에 물회집 있어요?"
    assert "물회집" in signals(question, "분석실은 1층입니다.").unknown_terms
    assert "물회집" not in signals(question, "분석실 옆 물회집은 …").unknown_terms


@pytest.mark.parametrize("word, text, expected", [
    ("바우처", "데이터바우처는 기업을 돕습니다", True),
    ("room", "The lecture rooms are open", True),
    ("room", "The broom closet", False),
    ("budget", "예산은 200억 원입니다", False),
])
def test_meets(word, text, expected):
    assert meets(word, text) is expected


def test_meets_across_languages_through_the_glossary():
    glossary = Glossary([Term("예산", "budget", ["예산"], ["budget"])])
    assert meets("budget", "센터 예산은 200억 원입니다", glossary)


def test_an_english_word_of_a_longer_name_meets_its_korean_form():
    glossary = Glossary([Term("광주 인공지능 산업융합 집적단지", "Gwangju AI Industry Convergence "
                              "Complex", ["광주 인공지능 산업융합 집적단지"],
                              ["Gwangju AI Industry Convergence Complex"])])
    text = "광주 인공지능 산업융합 집적단지의 AI 데이터센터는 88.5 PF 규모입니다."
    assert meets("gwangju", text, glossary)
    assert meets("Complex", text, glossary)
    assert not meets("busan", text, glossary)
    assert not meets("pohang complex", text, glossary)  # a phrase is matched as a term


def test_a_name_in_the_other_language_of_a_passage_is_mentioned():
    glossary = Glossary([Term("포항테크노파크", "Pohang Technopark", ["포항테크노파크"],
                              ["Pohang Technopark"])])
    h = hit("Pohang Technopark fosters companies and startups.")
    s = gather(analyse("포항테크노파크 예산은 얼마예요?"), [h], [h], [h], known,
               lambda word, text: meets(word, text, glossary))
    assert s.absent_names == []


@pytest.mark.parametrize("text, thing", [
    ("Write me a poem about the library", "poem"),  # no form of answer, never named
    ("Can you translate my cover letter into French?", "cover letter"),  # the asker's material
    ("Please proofread our grant proposal", "grant proposal"),
    ("Could you draft a reply to the applicant about the fees?", ""),  # an answer, as a reply
    ("Write a short summary of the lending rules", ""),
    ("Make me a checklist of the documents to bring", ""),
    ("Write a guide to the reading room", ""),
    ("Can you translate the lending rules into French?", ""),  # the documents' own content
    ("When does the reading room open?", ""),  # no request
])
def test_a_request_for_work_on_what_the_documents_do_not_hold_is_outside(text, thing):
    assert outside(requested(text), known_words("library", "rule", "lending", "document")) \
        == thing


def test_an_unknown_english_adverb_is_how_the_asker_speaks_not_what_they_ask():
    s = signals("Roughly how long is the library open, actually?")
    assert "roughly" in s.ignored_terms and "actually" in s.ignored_terms
    assert "roughly" not in s.unknown_terms and "actually" not in s.unknown_terms


def test_an_unknown_english_verb_after_an_auxiliary_is_how_the_asker_words_it():
    s = signals("How many vouchers were issued in the library?")
    assert "issued" in s.ignored_terms and "issued" not in s.unknown_terms
    # ... but not a word in -ed that no auxiliary precedes, nor a noun
    assert "embedded" in signals("Which embedded boards does the library lend?").unknown_terms
    assert "rate" in signals("What was the library's rate?").unknown_terms


def test_an_unknown_word_in_ly_before_a_noun_is_no_adverb():
    s = signals("What's the hourly fee of the library?")
    assert "hourly" in s.unknown_terms


@pytest.mark.parametrize("word, text, expected", [
    ("daegu", "What does Daegu's grant pay out?", True),
    ("daegu", "Daegu has a grant. What does it pay?", False),  # a sentence begins with it
    ("ulsan", "We are in Ulsan. Can we apply?", True),
    ("grant", "What does the grant pay?", False),  # lower case
    ("대구", "대구 보조금은?", False),
])
def test_a_name_is_a_word_capitalised_where_no_sentence_begins(word, text, expected):
    assert name_in(word, text) is expected


def year_hit(chunk, doc, year):
    return Hit(chunk, doc, "…", "t", "s", metadata={"year": year}, dense_score=0.84,
               keyword_score=4.0)


def test_the_retrievers_agree_on_a_document_about_the_year_the_question_names():
    # an English question about a year only a Korean guide describes: dense search finds
    # English pages on other years, keyword search and the fused ranking that year's guide
    dense = [year_hit("faq:1", "faq-en", 0), year_hit("y25:1", "guide-2025-en", 2025)]
    keyword = [year_hit("g21:1", "guide-2021-ko", 2021), year_hit("g21:2", "guide-2021-ko", 2021)]
    fused = [keyword[0], dense[0], keyword[1]]
    question = analyse("How many vouchers were there in 2021?")
    assert gather(question, dense, keyword, fused, known).agreement
    # ... not without a year, nor when the year's document is not among the fused top hits
    assert not gather(analyse("How many vouchers were there?"), dense, keyword, fused,
                      known).agreement
    assert not gather(question, dense, keyword, dense, known).agreement
    # ... nor for another year than the one asked
    assert not gather(analyse("How many vouchers were there in 2023?"), dense, keyword, fused,
                      known).agreement


def test_a_latin_name_in_a_korean_question_is_asked_about_a_common_word_glosses():
    # "share" glosses the Korean topic; "EU" is a name the documents never use
    glossed = signals("2023 바우처 result에서 신청 share는?")
    assert "share" in glossed.ignored_terms and "share" not in glossed.unknown_terms
    named = signals("EU Data Act는 언제부터 적용되기 시작했어요?")
    assert "eu" in named.unknown_terms
    # ... in a Korean question: an English one quoting a Korean word keeps its names aside
    english = signals("Is the voucher (바우처) open to a CEO in Gumi?")
    assert "gumi" not in english.unknown_terms


def test_the_center_named_by_its_head_noun_is_no_focus_word(tmp_path):
    """Every document is about the center the assistant serves: "parking at the center" asks
    about parking, and the corpus never using that word is the whole of the question's focus."""
    from assistant.home import Home

    path = tmp_path / "glossary.yaml"
    path.write_text("- ko: 포항 빅데이터 AI 혁신센터\n  en: Pohang Big Data AI Innovation Center\n"
                    "  home: true\n", "utf-8")
    home = Home.of(Glossary.load(path))
    h = hit()
    asked = analyse("Is there parking at the center?")
    plain = gather(asked, [h], [h], [h], known)
    assert (plain.unknown_terms, plain.salient_terms) == (["parking"], 2)
    found = gather(asked, [h], [h], [h], known, home=home)
    assert (found.unknown_terms, found.salient_terms) == (["parking"], 1)
    # another center is a word of the question like any other
    other = analyse("Is there parking at the Daejeon center?")
    assert gather(other, [h], [h], [h], known, home=home).salient_terms == gather(
        other, [h], [h], [h], known).salient_terms
