"""Vocabulary: which words the documents know, and the spellings they use."""

import pytest

from assistant.service import Assistant


@pytest.fixture(scope="module")
def assistant(small_index, embedder):
    return Assistant(small_index, embedder=embedder)


def test_a_hangul_spelling_of_latin_letters_is_a_known_word(assistant):
    # "에이아이" spells AI, which the small corpus holds; "아이" (a child, or the letter I)
    # is not read as a letter on its own, and the corpus does not hold it
    assert assistant.known(["에이아이", "아이", "데이터"]) == {"에이아이", "데이터"}


def test_another_inflection_of_an_indexed_english_word_is_known(assistant):
    # the small corpus says "analyse", "unreleased", "leave"; not "weather"
    assert assistant.known(["analysing", "analysed", "leaving", "weather"]) == {
        "analysing", "analysed", "leaving"}


def test_a_cost_noun_is_known_when_what_it_is_the_cost_of_is(assistant):
    # "분석실" is in the small corpus, "날씨" is not: the cost of a room is asked of the room
    assert assistant.known(["분석실료", "날씨비"]) == {"분석실료"}


def test_the_formats_the_documents_come_in_are_known_words(assistant):
    # "the brochure (the PDF)" is about a document, although no document's text says "PDF"
    assert assistant.known(["pdf", "PDF", "hwpx", "gdpr"]) == {"pdf", "PDF", "hwpx"}


def test_an_honorific_noun_is_known_by_its_plain_word(assistant, monkeypatch):
    monkeypatch.setattr("assistant.vocabulary.HONORIFIC_NOUNS", {"성함": "분석실"})
    assert assistant.known(["성함", "존함"]) == {"성함"}  # 분석실 is in the small corpus


def test_english_typos_of_indexed_words_are_known_and_respelled_for_search(corpus_index,
                                                                         embedder):
    """A one-letter typo of a frequent indexed or glossary word is searched as that word; short
    real words the corpus lacks ("night", "spend") and glossary spellings are kept."""
    assistant = Assistant(corpus_index, embedder=embedder)
    fixed = assistant.respelled("Who can registr as a data brokr, and does the vouchr cover it?")
    assert fixed == "Who can register as a data broker, and does the voucher cover it?"
    kept = "Last night I wanted to spend my kdata organisation budget on a data structure"
    assert assistant.respelled(kept) == kept
    # the refusal check counts a typo as the word it misspells (English words too)
    assert assistant.known(["vouchr", "experiance", "kimchi"]) == {"vouchr"}
    # another inflection of a three-letter word: the corpus says "run"
    assert assistant.known(["running", "stopped"]) == {"running"}


def test_a_glossary_variant_the_documents_never_use_is_put_in_the_main_form(corpus_index,
                                                                           embedder):
    """"과기정통부" is the glossary's short form of 과학기술정보통신부, which the statutes write
    in full: the analyser would cut it into "과기" and "정통부", words the documents never use,
    and the question would look out of scope. A variant the documents do use is kept."""
    assistant = Assistant(corpus_index, embedder=embedder)
    vocabulary = assistant.vocabulary
    question = "데이터산업법 위반이면 과기정통부 장관이 뭘 할 수 있어요?"
    assert vocabulary.canonical(question) == question.replace("과기정통부", "과학기술정보통신부")
    assert "과학기술정보통신부" in assistant.respelled(question)
    kept = "데이터 안심구역은 어디에 있나요?"  # 안심구역: a variant the documents use
    assert vocabulary.canonical(kept) == kept
    answer = assistant.ask(question)
    assert not answer.refused and "과학기술정보통신부" in answer.text


def test_a_glossed_spelling_the_documents_never_use_gives_way_to_its_gloss(corpus_index,
                                                                          embedder):
    """"개보위(개인정보 보호위원회)": the writer names one body twice, and the documents use only
    the gloss, so the short form is not an unknown name. A gloss the documents do not use
    either (and a pair whose first word they use) is left as written."""
    assistant = Assistant(corpus_index, embedder=embedder)
    vocabulary = assistant.vocabulary
    assert vocabulary.canonical("개보위(개인정보 보호위원회)는 위원이 몇 명이에요?") == \
        "개인정보 보호위원회는 위원이 몇 명이에요?"
    kept = ["김치(kimchi)는 뭐예요?", "가명정보(pseudonymised information)는 뭐예요?"]
    assert [vocabulary.canonical(q) for q in kept] == kept
    answer = assistant.ask("개보위(개인정보 보호위원회)는 위원이 몇 명이에요?")
    assert not answer.refused


def test_a_clipped_name_nobody_lists_is_read_as_the_name_it_shortens(corpus_index, embedder):
    """"데산법" is in no document and no glossary entry: people clip 데이터산업법 so, and the
    question is about the Act, not out of scope; it is written as the documents write it
    ("데이터산업법은 2022년 4월 20일부터 시행되었습니다"), also with a suffix Kiwi keeps on
    it ("데산법상"). A clipped-looking word the index holds, or one that clips no glossary
    name, is left as written."""
    assistant = Assistant(corpus_index, embedder=embedder)
    vocabulary = assistant.vocabulary
    question = "데산법상 데이터 가치평가 수수료는 누가 정해요?"
    assert vocabulary.canonical(question) == question.replace("데산법", "데이터산업법")
    when = "데산법은 언제부터 시행됐어요?"
    assert vocabulary.canonical(when) == when.replace("데산법", "데이터산업법")
    for kept in ("바우처 신청 자격이 뭐예요?", "김치찌개 맛집 알려줘"):
        assert vocabulary.canonical(kept) == kept
    answer = assistant.ask("그건 데산법 몇 조에 나와 있어요?")
    assert "데산법" not in answer.trace.to_json()["signals"].get("unknown_terms", [])
